import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../api/problem";
import { FormError, SelectField, TextField } from "../../ui/fields";
import type { Customer, CustomerInput } from "./api";

const FIELDS = ["first_name", "last_name", "salutation", "mobile", "email", "language", "preferred_channel"] as const;

function draftOf(customer?: Customer): CustomerInput {
  return {
    first_name: customer?.first_name ?? "", last_name: customer?.last_name ?? "",
    salutation: customer?.salutation ?? "", mobile: customer?.mobile ?? "", email: customer?.email ?? "",
    language: customer?.language ?? "de", preferred_channel: customer?.preferred_channel ?? "sms",
  };
}

/** Contact data of a customer: the same form for "new" and "edit"; API errors under their field. */
export function CustomerForm({ customer, onSubmit, onCancel, busy, error, submitLabel }: {
  customer?: Customer; onSubmit: (body: CustomerInput) => void; onCancel?: () => void; busy: boolean;
  error: unknown; submitLabel: string;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CustomerInput>(() => draftOf(customer));
  const errors = fieldErrors(error, FIELDS);
  const set = (name: keyof CustomerInput) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Empty optional fields are "none", not an empty string.
    onSubmit({ ...draft, salutation: draft.salutation || null, mobile: draft.mobile || null, email: draft.email || null });
  };
  return (
    <form onSubmit={submit} noValidate className="grid-form">
      <TextField name="salutation" label={t("customer.salutation")} value={draft.salutation ?? ""} onChange={set("salutation")}
        error={errors.byField("salutation")} autoComplete="off" />
      <TextField name="first_name" label={t("customer.firstName")} value={draft.first_name} onChange={set("first_name")}
        error={errors.byField("first_name")} required autoComplete="off" />
      <TextField name="last_name" label={t("customer.lastName")} value={draft.last_name} onChange={set("last_name")}
        error={errors.byField("last_name")} required autoComplete="off" />
      <TextField name="mobile" type="tel" label={t("customer.mobile")} value={draft.mobile ?? ""} onChange={set("mobile")}
        error={errors.byField("mobile")} hint={t("customer.mobileHint")} autoComplete="off" />
      <TextField name="email" type="email" label={t("customer.email")} value={draft.email ?? ""} onChange={set("email")}
        error={errors.byField("email")} autoComplete="off" />
      <SelectField name="language" label={t("customer.language")} value={draft.language ?? "de"} onChange={set("language")}
        error={errors.byField("language")}>
        {(["de", "fr", "it", "en"] as const).map((code) => <option key={code} value={code}>{t(`languages.${code}`)}</option>)}
      </SelectField>
      <SelectField name="preferred_channel" label={t("customer.channel")} value={draft.preferred_channel ?? "sms"}
        onChange={set("preferred_channel")} error={errors.byField("preferred_channel")}>
        <option value="sms">{t("channels.sms")}</option>
        <option value="email">{t("channels.email")}</option>
      </SelectField>
      <FormError error={errors.formError} />
      <div className="actions span">
        {onCancel && <button type="button" onClick={onCancel}>{t("common.cancel")}</button>}
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
      </div>
    </form>
  );
}
