import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { LoadError, Loading } from "../../ui/states";
import { formatMoney, formatMonth, todayInZurich } from "../../i18n/format";

export const usageKeys = { month: (month: string) => ["usage", month] as const };

/** This month's messages and SMS cost. */
export function Usage() {
  const { t, i18n } = useTranslation();
  const month = todayInZurich().slice(0, 7);
  const usage = useQuery({
    queryKey: usageKeys.month(month),
    queryFn: async () => unwrap(await api.GET("/usage", { params: { query: { month } } })),
  });
  return (
      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">{t("dashboard.usage", { month: formatMonth(month, i18n.language) })}</h2>
        {usage.isPending && <Loading />}
        {usage.isError && <LoadError error={usage.error} retry={() => void usage.refetch()} />}
        {usage.data?.sms_limit_warning && (
          <p className="warning" role="alert">
            {t("dashboard.limitWarning", { percent: usage.data.sms_limit_used_percent,
              limit: formatMoney(usage.data.sms_monthly_limit_chf, i18n.language) })}
          </p>
        )}
        {usage.data && (
          <dl className="figures">
            <div><dt>{t("dashboard.smsMessages")}</dt><dd>{usage.data.sms_messages}</dd></div>
            <div><dt>{t("dashboard.smsParts")}</dt><dd>{usage.data.sms_parts}</dd></div>
            <div><dt>{t("dashboard.smsCost")}</dt><dd>{formatMoney(usage.data.sms_cost_chf, i18n.language)}</dd></div>
            <div><dt>{t("dashboard.emails")}</dt><dd>{usage.data.emails}</dd></div>
            <div><dt>{t("dashboard.limit")}</dt><dd>{t("dashboard.limitUsed", { percent: usage.data.sms_limit_used_percent,
              limit: formatMoney(usage.data.sms_monthly_limit_chf, i18n.language) })}</dd></div>
          </dl>
        )}
        <p className="hint">{t("dashboard.pricing")}</p>
      </section>
  );
}

export function QuickLinks() {
  const { t } = useTranslation();
  return (
      <section className="card" aria-labelledby="start-heading">
        <h2 id="start-heading">{t("dashboard.start")}</h2>
        <ul className="links">
          <li><Link to="/customers">{t("dashboard.toCustomers")}</Link></li>
          <li><Link to="/messages?status=failed">{t("dashboard.toFailed")}</Link></li>
          <li><Link to="/settings">{t("dashboard.toSettings")}</Link></li>
        </ul>
      </section>
  );
}
