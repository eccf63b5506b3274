import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime, formatMoney } from "../../i18n/format";
import type { Message } from "./api";

/** "Erfolg" once delivered, "Fehler" when it could not be; what lies between is named plainly. */
export function statusTone(status: string | undefined): "ok" | "error" | "neutral" {
  if (status === "delivered") return "ok";
  if (status === "failed") return "error";
  return "neutral";
}

export function MessageStatus({ message }: { message: Message }) {
  const { t } = useTranslation();
  const status = message.status ?? "pending";
  return (
    <span className={`badge ${statusTone(status)}`}>
      {t(`history.status.${status}` as "history.status.pending")}
    </span>
  );
}

export function ReasonText({ message }: { message: Message }) {
  const { t } = useTranslation();
  if (!message.reason) return null;
  return <span className="reason">{t(`history.reasons.${message.reason}` as "history.reasons.no_contact",
    { defaultValue: message.reason_text ?? t("history.reasons.other", { code: message.reason }) })}</span>;
}

// Reasons the optician fixes in the customer's contact data.
const CONTACT_REASONS = new Set(["invalid_number", "unreachable", "invalid_address", "bounced", "no_contact", "email_blocked"]);

/** One message; the "v" toggle opens the exact text (or the e-mail as rendered), parts and cost.
 * A failure caused by the contact data links to where it is corrected (`fixHref`). */
export function MessageRow({ message, customerName, customerHref, fixHref }:
  { message: Message; customerName?: string; customerHref?: string; fixHref?: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <li className={`message ${statusTone(message.status)}`}>
      <div className="message-head">
        <MessageStatus message={message} />
        <span className="kind">{t(`kinds.${message.kind ?? "webshop_login"}`)}</span>
        {customerName && (customerHref ? <Link to={customerHref}>{customerName}</Link> : <span>{customerName}</span>)}
        <span className="hint">{message.channel ? t(`channels.${message.channel}`) : "–"}{message.to ? ` · ${message.to}` : ""}</span>
        <span className="hint">{formatDateTime(message.sent_at ?? message.created_at, i18n.language)}</span>
        <button type="button" className="toggle" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          <span aria-hidden="true">v</span>
          <span className="visually-hidden">{t("history.details")}</span>
        </button>
      </div>
      {message.status === "failed" || message.status === "skipped" ? (
        <p className="reason-line">
          <ReasonText message={message} />
          {fixHref && message.reason && CONTACT_REASONS.has(message.reason) && <> <Link to={fixHref}>{t("history.fix")}</Link></>}
        </p>
      ) : null}
      {open && (
        <div id={detailsId} className="message-details">
          <dl className="pairs">
            {message.subject && <><dt>{t("history.subject")}</dt><dd>{message.subject}</dd></>}
            {message.delivered_at && <><dt>{t("history.deliveredAt")}</dt><dd>{formatDateTime(message.delivered_at, i18n.language)}</dd></>}
            {message.failed_at && <><dt>{t("history.failedAt")}</dt><dd>{formatDateTime(message.failed_at, i18n.language)}</dd></>}
            <dt>{t("history.trigger")}</dt><dd>{t(`history.triggers.${message.trigger ?? "automatic"}`)}</dd>
            <dt>{t("history.parts")}</dt><dd>{message.parts ?? 0}</dd>
            <dt>{t("history.cost")}</dt><dd>{formatMoney(message.cost_chf, i18n.language)}</dd>
            {message.reason_detail && <><dt>{t("history.providerCode")}</dt><dd>{message.reason_detail}</dd></>}
          </dl>
          {message.text && (
            <>
              <h4>{message.channel === "email" ? t("history.plainText") : t("history.text")}</h4>
              <pre className="message-text">{message.text}</pre>
            </>
          )}
          {message.html && (
            <>
              <h4>{t("history.emailAsSent")}</h4>
              {/* sandbox without allowances: no scripts, no forms, no navigation of the app */}
              <iframe className="email-frame" sandbox="" srcDoc={message.html} title={t("history.emailFrame", { subject: message.subject ?? "" })} />
            </>
          )}
        </div>
      )}
    </li>
  );
}
