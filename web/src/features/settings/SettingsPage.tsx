import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../api/problem";
import { ConfirmDialog } from "../../ui/Dialog";
import { FormError, SelectField, TextField } from "../../ui/fields";
import { LoadError, Loading } from "../../ui/states";
import { BrandingPreview } from "./BrandingPreview";
import { EmailSenderSection } from "./EmailSender";
import { useRotateWebhookSecret, useSaveSettings, useSettings, type Settings, type SettingsInput } from "./api";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const TEXT_FIELDS = ["name", "sender_name", "email_from", "reply_to", "phone", "address", "webshop_url", "webapp_url",
  "booking_url"] as const;

interface Draft extends Record<(typeof TEXT_FIELDS)[number], string> {
  logo_url: string; primary_color: string; language: NonNullable<Settings["language"]>; lead_days: string;
  days: Day[]; start: string; end: string; sms_limit: string; sms_countries: string;
}

function draftOf(settings: Settings): Draft {
  const text = Object.fromEntries(TEXT_FIELDS.map((name) => [name, settings[name] ?? ""])) as Record<(typeof TEXT_FIELDS)[number], string>;
  // A new sender name waits for the operator's approval: the form shows the one asked for.
  text.sender_name = settings.pending_sender_name ?? text.sender_name;
  return { ...text, logo_url: settings.branding?.logo_url ?? "", primary_color: settings.branding?.primary_color ?? "#0a5faa",
    language: settings.language ?? "de", lead_days: String(settings.repurchase_lead_days ?? 14),
    days: (settings.send_window?.days ?? ["mon", "tue", "wed", "thu", "fri", "sat"]) as Day[],
    start: settings.send_window?.start ?? "09:00", end: settings.send_window?.end ?? "19:00",
    sms_limit: settings.sms_monthly_limit_chf ?? "", sms_countries: (settings.sms_countries ?? []).join(", ") };
}

function toInput(draft: Draft, settings: Settings): SettingsInput {
  const nullable = (value: string) => value.trim() || null;
  return {
    name: draft.name, sender_name: draft.sender_name, email_from: nullable(draft.email_from), reply_to: nullable(draft.reply_to),
    phone: nullable(draft.phone), address: nullable(draft.address), webshop_url: nullable(draft.webshop_url),
    webapp_url: nullable(draft.webapp_url), booking_url: nullable(draft.booking_url), language: draft.language,
    timezone: settings.timezone, repurchase_lead_days: Number(draft.lead_days),
    branding: { logo_url: nullable(draft.logo_url), primary_color: nullable(draft.primary_color) },
    send_window: { days: DAYS.filter((d) => draft.days.includes(d)), start: draft.start, end: draft.end },
    // PUT replaces the settings: what the form does not show must go back as it was read.
    sms_monthly_limit_chf: draft.sms_limit.trim() || settings.sms_monthly_limit_chf,
    sms_countries: draft.sms_countries.split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean),
  };
}

/** Einstellungen: the optician's data, SMS sender, e-mail sender (DNS records), branding with a live preview, send window, lead days, webhook secret. */
export function SettingsPage() {
  const { t } = useTranslation();
  const settings = useSettings();
  return (
    <section>
      <h1>{t("settings.title")}</h1>
      {settings.isPending && <Loading />}
      {settings.isError && <LoadError error={settings.error} retry={() => void settings.refetch()} />}
      {settings.data && <SettingsForm settings={settings.data} />}
      <EmailSenderSection />
      <WebhookSecret />
    </section>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const save = useSaveSettings();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [saved, setSaved] = useState(false);
  const fields = [...TEXT_FIELDS, "branding.logo_url", "branding.primary_color", "branding", "language", "repurchase_lead_days",
    "send_window", "send_window.days", "send_window.start", "send_window.end", "package", "sms_monthly_limit_chf",
    "sms_countries"];
  const errors = fieldErrors(save.error, fields);
  const set = (name: keyof Draft) => (event: { target: { value: string } }) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [name]: event.target.value }));
  };
  const text = (name: (typeof TEXT_FIELDS)[number], type = "text", hint?: string) => (
    <TextField name={name} type={type} label={t(`settings.${name}`)} value={draft[name]} onChange={set(name)}
      error={errors.byField(name)} hint={hint} />
  );
  const toggleDay = (day: Day) => setDraft((current) => ({ ...current,
    days: current.days.includes(day) ? current.days.filter((d) => d !== day) : [...current.days, day] }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The draft takes what the API stored (normalised), and stays mounted to say "Gespeichert."
    save.mutate(toInput(draft, settings), { onSuccess: (stored) => { setDraft(draftOf(stored)); setSaved(true); } });
  };
  return (
    <form onSubmit={submit} noValidate className="stack">
      <section className="card" aria-labelledby="business-heading">
        <h2 id="business-heading">{t("settings.business")}</h2>
        <p className="hint">{t("settings.package", { package: t(`packages.${settings.package ?? "silver"}`) })}</p>
        <div className="grid-form">
          {text("name")}
          {text("phone", "tel")}
          {text("address")}
          <SelectField name="language" label={t("settings.language")} value={draft.language} onChange={set("language")}
            error={errors.byField("language")}>
            {(["de", "fr", "it", "en"] as const).map((code) => <option key={code} value={code}>{t(`languages.${code}`)}</option>)}
          </SelectField>
          {text("webshop_url", "url")}
          {text("webapp_url", "url")}
          {text("booking_url", "url")}
        </div>
      </section>
      <section className="card" aria-labelledby="sender-heading">
        <h2 id="sender-heading">{t("settings.sender")}</h2>
        <div className="grid-form">
          <TextField name="sender_name" label={t("settings.sender_name")} value={draft.sender_name} onChange={set("sender_name")}
            error={errors.byField("sender_name")} maxLength={11}
            hint={settings.pending_sender_name
              ? `${t("settings.senderPending", { current: settings.sender_name })} ${t("settings.senderHint")}`
              : t("settings.senderHint")} />
          {text("email_from", "email")}
          {text("reply_to", "email")}
          <TextField name="sms_monthly_limit_chf" label={t("settings.smsLimit")} value={draft.sms_limit} inputMode="decimal"
            onChange={set("sms_limit")} error={errors.byField("sms_monthly_limit_chf")} hint={t("settings.smsLimitHint")} />
          <TextField name="sms_countries" label={t("settings.smsCountries")} value={draft.sms_countries}
            onChange={set("sms_countries")} error={errors.byField("sms_countries")} hint={t("settings.smsCountriesHint")} />
        </div>
      </section>
      <section className="card" aria-labelledby="branding-heading">
        <h2 id="branding-heading">{t("settings.branding")}</h2>
        <div className="split">
          <div>
            <TextField name="branding.logo_url" type="url" label={t("settings.logo_url")} value={draft.logo_url}
              onChange={set("logo_url")} error={errors.byField("branding.logo_url")} />
            <TextField name="branding.primary_color" type="color" label={t("settings.primary_color")} value={draft.primary_color}
              onChange={set("primary_color")} error={errors.byField("branding.primary_color")} />
          </div>
          <BrandingPreview name={draft.name} logoUrl={draft.logo_url} color={draft.primary_color} address={draft.address}
            phone={draft.phone} />
        </div>
      </section>
      <section className="card" aria-labelledby="window-heading">
        <h2 id="window-heading">{t("settings.sendWindow")}</h2>
        <p className="hint">{t("settings.sendWindowHint")}</p>
        <fieldset className="days">
          <legend>{t("settings.days")}</legend>
          {DAYS.map((day) => (
            <label key={day}><input type="checkbox" checked={draft.days.includes(day)} onChange={() => toggleDay(day)} />
              {t(`days.${day}`)}</label>
          ))}
        </fieldset>
        <FormError error={errors.byField("send_window.days") ?? errors.byField("send_window")} />
        <div className="row">
          <TextField name="send_window.start" type="time" label={t("settings.from")} value={draft.start} onChange={set("start")}
            error={errors.byField("send_window.start")} />
          <TextField name="send_window.end" type="time" label={t("settings.to")} value={draft.end} onChange={set("end")}
            error={errors.byField("send_window.end")} />
          <TextField name="repurchase_lead_days" type="number" min={0} label={t("settings.leadDays")} value={draft.lead_days}
            onChange={set("lead_days")} error={errors.byField("repurchase_lead_days")} hint={t("settings.leadDaysHint")} />
        </div>
      </section>
      <FormError error={errors.formError} />
      <div className="actions left">
        <button type="submit" className="primary" disabled={save.isPending}>{t("common.save")}</button>
        {saved && <span role="status" className="ok">{t("common.saved")}</span>}
      </div>
    </form>
  );
}

function WebhookSecret() {
  const { t } = useTranslation();
  const rotate = useRotateWebhookSecret();
  const [asking, setAsking] = useState(false);
  const [copied, setCopied] = useState(false);
  const secret = rotate.data?.webhook_secret;
  return (
    <section className="card" aria-labelledby="webhook-heading">
      <h2 id="webhook-heading">{t("settings.webhook")}</h2>
      <p className="hint">{t("settings.webhookHint")}</p>
      {secret ? (
        <div className="secret">
          <label htmlFor="webhook-secret">{t("settings.newSecret")}</label>
          <input id="webhook-secret" readOnly value={secret} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
            {t("settings.copy")}
          </button>
          {copied && <span role="status" className="ok">{t("settings.copied")}</span>}
          <p className="warning">{t("settings.shownOnce")}</p>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => setAsking(true)}>{t("settings.rotate")}</button>
      )}
      <FormError error={rotate.error} />
      {asking && (
        <ConfirmDialog title={t("settings.rotate")} text={t("settings.rotateQuestion")} confirm={t("settings.rotateConfirm")}
          busy={rotate.isPending} onClose={() => setAsking(false)}
          onConfirm={() => rotate.mutate(undefined, { onSuccess: () => setAsking(false) })} />
      )}
    </section>
  );
}
