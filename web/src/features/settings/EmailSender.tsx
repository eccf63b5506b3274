import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../../api/problem";
import { FormError } from "../../ui/fields";
import { LoadError, Loading } from "../../ui/states";
import { useCheckEmailSender, useEmailSender, useSettings } from "./api";

const noSender = (error: unknown) => error instanceof ApiProblem && error.status === 404;

/** E-Mail-Absender: whether SES lets e-mail go out, the DNS records to add, and a re-check. */
export function EmailSenderSection() {
  const { t } = useTranslation();
  const sender = useEmailSender();
  const check = useCheckEmailSender();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (value: string) => void navigator.clipboard?.writeText(value).then(() => setCopied(value));
  return (
    <section className="card" aria-labelledby="email-sender-heading">
      <h2 id="email-sender-heading">{t("emailSender.title")}</h2>
      {sender.isPending && <Loading />}
      {sender.isError && (noSender(sender.error)
        ? <p className="hint">{t("emailSender.none")}</p>
        : <LoadError error={sender.error} retry={() => void sender.refetch()} />)}
      {sender.data && (
        <>
          <p role="status" className={sender.data.status === "verified" ? "ok" : "warning"}>
            {t(`emailSender.status.${sender.data.status}`, { domain: sender.data.domain, email: sender.data.email_from })}
          </p>
          {sender.data.dns_records.length > 0 && (
            <>
              <p className="hint">{t("emailSender.recordsHint", { domain: sender.data.domain })}</p>
              <table className="list">
                <caption className="visually-hidden">{t("emailSender.records")}</caption>
                <thead><tr><th scope="col">{t("emailSender.type")}</th><th scope="col">{t("emailSender.name")}</th>
                  <th scope="col">{t("emailSender.value")}</th></tr></thead>
                <tbody>
                  {sender.data.dns_records.map((record) => (
                    <tr key={record.name}>
                      <td>{record.type}</td>
                      {[record.name, record.value].map((value, index) => (
                        <td key={index}>
                          <code>{value}</code>{" "}
                          <button type="button" onClick={() => copy(value)}
                            aria-label={t("emailSender.copy", { value })}>{t("settings.copy")}</button>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {copied && <span role="status" className="ok">{t("settings.copied")}</span>}
            </>
          )}
          <div className="actions left">
            <button type="button" onClick={() => check.mutate()} disabled={check.isPending}>{t("emailSender.check")}</button>
          </div>
          <FormError error={check.error} />
        </>
      )}
    </section>
  );
}

/** Übersicht: says plainly that e-mail does not go out while the sender is not verified. */
export function EmailSenderWarning() {
  const { t } = useTranslation();
  const sender = useEmailSender();
  const settings = useSettings();
  if (!sender.data || sender.data.status === "verified") return null;
  // Only the gold package falls back to SMS (SPEC §8): the warning says so when the settings do.
  const gold = settings.data?.package === "gold";
  return (
    <p className="warning" role="alert">
      {t("emailSender.warning", { domain: sender.data.domain })} {gold && t("emailSender.warningGold")}
    </p>
  );
}
