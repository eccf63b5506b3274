import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatMoney, formatMonth, formatPercent, todayInZurich } from "../../i18n/format";

function monthsBack(month: string, count: number): string {
  const [year, m] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, m - 1 - count, 15));
  return date.toISOString().slice(0, 7);
}

export const reportKeys = { conversion: (from: string, to: string) => ["reports", "conversion", from, to] as const };

/** How many reminders turned into orders within 30 days, per kind, over the last 12 months (SPEC §10). */
export function Conversion() {
  const { t, i18n } = useTranslation();
  const to = todayInZurich().slice(0, 7);
  const from = monthsBack(to, 11);
  const report = useQuery({
    queryKey: reportKeys.conversion(from, to),
    queryFn: async () => unwrap(await api.GET("/reports/conversion", { params: { query: { from, to } } })),
  });
  const language = i18n.language;
  return (
    <section className="card" aria-labelledby="conversion-heading">
      <h2 id="conversion-heading">{t("reports.title")}</h2>
      <p className="hint">{t("reports.range", { from: formatMonth(from, language), to: formatMonth(to, language) })}</p>
      {report.isPending && <Loading />}
      {report.isError && <LoadError error={report.error} retry={() => void report.refetch()} />}
      {report.data && report.data.totals.sent === 0 && <Empty>{t("reports.none")}</Empty>}
      {report.data && report.data.totals.sent > 0 && (
        <table className="list">
          <caption className="visually-hidden">{t("reports.title")}</caption>
          <thead>
            <tr><th scope="col">{t("reports.kind")}</th><th scope="col">{t("reports.sent")}</th>
              <th scope="col">{t("reports.converted")}</th><th scope="col">{t("reports.rate")}</th>
              <th scope="col">{t("reports.smsCost")}</th><th scope="col">{t("reports.costPerOrder")}</th>
              <th scope="col">{t("reports.medianDays")}</th></tr>
          </thead>
          <tbody>
            {report.data.kinds.map((row) => (
              <tr key={row.kind}>
                <th scope="row">{t(`reports.kinds.${row.kind}`)}</th>
                <td>{row.sent}</td><td>{row.converted}</td>
                <td>{row.conversion_rate == null ? "–" : formatPercent(row.conversion_rate, language)}</td>
                <td>{formatMoney(row.sms_cost_chf, language)}</td>
                <td>{row.cost_per_conversion_chf == null ? "–" : formatMoney(row.cost_per_conversion_chf, language)}</td>
                <td>{row.median_days_to_order == null ? "–" : t("reports.days", { count: row.median_days_to_order })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
