import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "../../ui/Dialog";
import { FormError } from "../../ui/fields";
import { LoadError, Loading } from "../../ui/states";
import { CustomerForm } from "./CustomerForm";
import { displayName, useDeleteCustomer, usePreferences, useUpdateCustomer, useUpdatePreferences, type Customer } from "./api";

export const TOPICS = ["repurchase", "control", "lens_exchange", "subscription", "orders", "service", "marketing"] as const;

/** "Stammdaten": contact data, language, channel; the Kommunikations-Themen at the bottom (seed steps 1–3). */
export function Stammdaten({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const id = customer.id ?? "";
  const update = useUpdateCustomer(id);
  const [saved, setSaved] = useState(false);
  return (
    <div className="stack">
      <section aria-labelledby="contact-heading" className="card">
        <h2 id="contact-heading">{t("customer.contact")}</h2>
        {customer.email_blocked && <p className="warning" role="note">{t("customer.emailBlocked")}</p>}
        <CustomerForm key={customer.updated_at} customer={customer} busy={update.isPending} error={update.error}
          submitLabel={t("common.save")}
          onSubmit={(body) => { setSaved(false); update.mutate(body, { onSuccess: () => setSaved(true) }); }} />
        {saved && <p role="status" className="ok">{t("common.saved")}</p>}
      </section>
      <Topics customerId={id} />
      <DeleteCustomer customer={customer} />
    </div>
  );
}

function Topics({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const preferences = usePreferences(customerId);
  const update = useUpdatePreferences(customerId);
  return (
    <section aria-labelledby="topics-heading" className="card">
      <h2 id="topics-heading">{t("topics.title")}</h2>
      <p className="hint">{t("topics.intro")}</p>
      {preferences.isPending && <Loading />}
      {preferences.isError && <LoadError error={preferences.error} retry={() => void preferences.refetch()} />}
      {preferences.data && (
        <ul className="switches">
          {TOPICS.map((topic) => {
            const on = preferences.data.topics?.[topic] !== false;
            return (
              <li key={topic}>
                <label>
                  <input type="checkbox" role="switch" checked={on} disabled={update.isPending}
                    onChange={() => update.mutate({ topics: { [topic]: !on } })} />
                  <span>{t(`topics.${topic}`)}</span>
                </label>
                <span className="hint">{t(`topics.${topic}Hint`)}</span>
              </li>
            );
          })}
        </ul>
      )}
      <FormError error={update.error} />
    </section>
  );
}

function DeleteCustomer({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const remove = useDeleteCustomer(customer.id ?? "");
  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t("customer.deleteTitle")}</h2>
      <p className="hint">{t("customer.deleteHint")}</p>
      <button type="button" className="danger" onClick={() => setAsking(true)}>{t("customer.delete")}</button>
      {asking && (
        <ConfirmDialog title={t("customer.deleteTitle")} confirm={t("customer.deleteConfirm")}
          text={t("customer.deleteQuestion", { name: displayName(customer) })} busy={remove.isPending}
          error={<FormError error={remove.error} />} onClose={() => setAsking(false)}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => navigate("/customers", { replace: true }) })} />
      )}
    </section>
  );
}
