import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/fields";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatDate } from "../../i18n/format";
import { PassportForm } from "./PassportForm";
import { productLabel, useDeletePassport, usePassports, useProducts, type Eye, type Passport } from "./api";

function EyeSummary({ eye }: { eye?: Eye }) {
  const { t } = useTranslation();
  const products = useProducts();
  if (!eye?.product_id) return <>{t("passport.noLens")}</>;
  const product = products.data?.find((p) => p.id === eye.product_id);
  const values = [
    `${t("passport.sphere")} ${eye.sphere ?? "–"}`,
    eye.cylinder != null ? `${t("passport.cylinder")} ${eye.cylinder}` : "",
    eye.axis != null ? `${t("passport.axis")} ${eye.axis}` : "",
    `${t("passport.base_curve")} ${eye.base_curve ?? "–"}`,
    eye.diameter != null ? `${t("passport.diameter")} ${eye.diameter}` : "",
    eye.addition != null ? `${t("passport.addition")} ${eye.addition}` : "",
  ].filter(Boolean);
  return <>{productLabel(product, eye.product_id)} · {values.join(" · ")}</>;
}

/** The customer's lens passports (Linsenpass): list, add, edit, delete. */
export function Passports({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const passports = usePassports(customerId);
  const remove = useDeletePassport(customerId);
  const [editing, setEditing] = useState<Passport | "new" | null>(null);
  const [deleting, setDeleting] = useState<Passport | null>(null);
  return (
    <section className="card" aria-labelledby="passports-heading">
      <div className="page-head">
        <h2 id="passports-heading">{t("passport.title")}</h2>
        <button type="button" onClick={() => setEditing("new")}>{t("passport.add")}</button>
      </div>
      {passports.isPending && <Loading />}
      {passports.isError && <LoadError error={passports.error} retry={() => void passports.refetch()} />}
      {passports.data?.length === 0 && <Empty>{t("passport.none")}</Empty>}
      <ul className="items">
        {passports.data?.map((passport) => (
          <li key={passport.id}>
            <dl className="pairs">
              <dt>{t("eyes.right")}</dt><dd><EyeSummary eye={passport.right} /></dd>
              <dt>{t("eyes.left")}</dt><dd><EyeSummary eye={passport.left} /></dd>
              <dt>{t("passport.issuedOn")}</dt><dd>{formatDate(passport.issued_on, i18n.language)}</dd>
              <dt>{t("passport.validUntil")}</dt><dd>{formatDate(passport.valid_until, i18n.language)}</dd>
              {passport.notes && <><dt>{t("passport.notes")}</dt><dd>{passport.notes}</dd></>}
            </dl>
            <div className="actions">
              <button type="button" onClick={() => setEditing(passport)}>{t("common.edit")}</button>
              <button type="button" className="danger" onClick={() => setDeleting(passport)}>{t("common.delete")}</button>
            </div>
          </li>
        ))}
      </ul>
      {editing && (
        <Dialog title={editing === "new" ? t("passport.add") : t("passport.edit")} onClose={() => setEditing(null)} wide>
          <PassportForm customerId={customerId} passport={editing === "new" ? undefined : editing} onDone={() => setEditing(null)} />
        </Dialog>
      )}
      {deleting && (
        <ConfirmDialog title={t("passport.deleteTitle")} text={t("passport.deleteQuestion")} confirm={t("common.delete")}
          busy={remove.isPending} error={<FormError error={remove.error} />} onClose={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.id ?? "", { onSuccess: () => setDeleting(null) })} />
      )}
    </section>
  );
}
