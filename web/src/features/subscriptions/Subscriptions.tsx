import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { fieldErrors } from "../../api/problem";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { FormError, SelectField, TextField } from "../../ui/fields";
import { lineDraft, lineFields, LinesSummary, ProductLines, toLines, type ProductLineDraft } from "../../ui/ProductLines";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatDate, todayInZurich } from "../../i18n/format";
import { useSaveSubscription, useSubscriptions, type Subscription } from "./api";

type Product = Schemas["Product"];

/** Bestell-Abo: set up, change, postpone the next order, skip one, cancel. Each sends the customer a confirmation. */
export function Subscriptions({ customerId, products }: { customerId: string; products: Product[] }) {
  const { t, i18n } = useTranslation();
  const subscriptions = useSubscriptions(customerId);
  const save = useSaveSubscription(customerId);
  const [editing, setEditing] = useState<Subscription | "new" | null>(null);
  const [cancelling, setCancelling] = useState<Subscription | null>(null);
  return (
    <section className="card" aria-labelledby="subscriptions-heading">
      <div className="page-head">
        <h2 id="subscriptions-heading">{t("subscription.title")}</h2>
        <button type="button" onClick={() => setEditing("new")}>{t("subscription.setUp")}</button>
      </div>
      {subscriptions.isPending && <Loading />}
      {subscriptions.isError && <LoadError error={subscriptions.error} retry={() => void subscriptions.refetch()} />}
      {subscriptions.data?.length === 0 && <Empty>{t("subscription.none")}</Empty>}
      <ul className="items">
        {subscriptions.data?.map((subscription) => (
          <li key={subscription.id}>
            <p>
              <strong>{subscription.active ? t("subscription.nextOrder", { date: formatDate(subscription.next_order_on, i18n.language) })
                : t("subscription.cancelled")}</strong>
              {" · "}{t("subscription.everyWeeks", { count: subscription.interval_weeks })}
              {" · "}{t(`delivery.${subscription.delivery}`)}
            </p>
            <p><LinesSummary lines={subscription.lines} products={products} /></p>
            {subscription.active && (
              <div className="actions">
                <button type="button" onClick={() => setEditing(subscription)}>{t("subscription.change")}</button>
                <button type="button" onClick={() => save.mutate({ id: subscription.id, patch: { skip_next: true } })}>
                  {t("subscription.skip")}
                </button>
                <button type="button" className="danger" onClick={() => setCancelling(subscription)}>{t("subscription.cancel")}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <FormError error={save.error} />
      {editing && <SubscriptionForm customerId={customerId} products={products}
        subscription={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />}
      {cancelling && (
        <ConfirmDialog title={t("subscription.cancel")} text={t("subscription.cancelQuestion")} confirm={t("subscription.cancel")}
          busy={save.isPending} error={<FormError error={save.error} />} onClose={() => setCancelling(null)}
          onConfirm={() => save.mutate({ id: cancelling.id, patch: { active: false } }, { onSuccess: () => setCancelling(null) })} />
      )}
    </section>
  );
}

function SubscriptionForm({ customerId, products, subscription, onDone }: {
  customerId: string; products: Product[]; subscription?: Subscription; onDone: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveSubscription(customerId);
  const [lines, setLines] = useState<ProductLineDraft[]>(() => subscription
    ? subscription.lines.map((l) => ({ ...l, pack_size: String(l.pack_size), quantity: String(l.quantity) }))
    : [lineDraft(products)]);
  const [weeks, setWeeks] = useState(String(subscription?.interval_weeks ?? 12));
  const [next, setNext] = useState(subscription?.next_order_on ?? todayInZurich());
  const [delivery, setDelivery] = useState<"home" | "pickup">(subscription?.delivery ?? "home");
  const errors = fieldErrors(save.error, ["lines", "interval_weeks", "next_order_on", "delivery", ...lineFields(lines.length)]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { lines: toLines(lines), interval_weeks: Number(weeks), next_order_on: next, delivery };
    save.mutate(subscription ? { id: subscription.id, patch: body } : { create: body }, { onSuccess: onDone });
  };
  return (
    <Dialog title={subscription ? t("subscription.change") : t("subscription.setUp")} onClose={onDone} wide>
      <form onSubmit={submit} noValidate>
        <ProductLines lines={lines} onChange={setLines} products={products} errorAt={errors.byField} />
        <FormError error={errors.byField("lines")} />
        <div className="row">
          <TextField name="interval_weeks" type="number" min={1} label={t("subscription.intervalWeeks")} value={weeks}
            onChange={(e) => setWeeks(e.target.value)} error={errors.byField("interval_weeks")} />
          <TextField name="next_order_on" type="date" label={t("subscription.nextOrderOn")} value={next}
            hint={subscription ? t("subscription.postponeHint") : undefined}
            onChange={(e) => setNext(e.target.value)} error={errors.byField("next_order_on")} />
          <SelectField name="delivery" label={t("delivery.label")} value={delivery}
            onChange={(e) => setDelivery(e.target.value as "home" | "pickup")} error={errors.byField("delivery")}>
            <option value="home">{t("delivery.home")}</option>
            <option value="pickup">{t("delivery.pickup")}</option>
          </SelectField>
        </div>
        <FormError error={errors.formError} />
        <div className="actions">
          <button type="button" onClick={onDone}>{t("common.cancel")}</button>
          <button type="submit" className="primary" disabled={save.isPending}>{t("common.save")}</button>
        </div>
      </form>
    </Dialog>
  );
}
