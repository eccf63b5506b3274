import { lazy, Suspense, useId, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Schemas } from "../../api/client";
import { unwrap } from "../../api/problem";
import { Empty, LoadError, Loading } from "../../ui/states";
import { formatMoney, formatMonth, formatPercent, todayInZurich } from "../../i18n/format";
import { conversionCsv, csvFileName, monthlyFigures } from "./figures";

// chart.js is loaded only when the report has something to draw: the first screen stays within its budget.
const ConversionChart = lazy(() => import("./ConversionChart"));

function monthsBack(month: string, count: number): string {
  const [year, m] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, m - 1 - count, 15));
  return date.toISOString().slice(0, 7);
}

export const reportKeys = { conversion: (from: string, to: string) => ["reports", "conversion", from, to] as const };

function download(report: Schemas["ConversionReport"]) {
  const url = URL.createObjectURL(new Blob([conversionCsv(report)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = csvFileName(report);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** How many reminders turned into orders within 30 days: totals, a monthly chart, per kind, a CSV (SPEC §10). */
export function Conversion() {
  const { t, i18n } = useTranslation();
  const to = todayInZurich().slice(0, 7);
  const from = monthsBack(to, 11);
  const report = useQuery({
    queryKey: reportKeys.conversion(from, to),
    queryFn: async () => unwrap(await api.GET("/reports/conversion", { params: { query: { from, to } } })),
  });
  const months = useMemo(() => (report.data ? monthlyFigures(report.data) : []), [report.data]);
  const monthsTable = useId();
  const language = i18n.language;
  const totals = report.data?.totals;
  return (
    <section className="card" aria-labelledby="conversion-heading">
      <h2 id="conversion-heading">{t("reports.title")}</h2>
      <p className="hint">{t("reports.range", { from: formatMonth(from, language), to: formatMonth(to, language) })}</p>
      {report.isPending && <Loading />}
      {report.isError && <LoadError error={report.error} retry={() => void report.refetch()} />}
      {report.data && totals && totals.sent === 0 && <Empty>{t("reports.none")}</Empty>}
      {report.data && totals && totals.sent > 0 && (
        <>
          <dl className="figures">
            <div><dt>{t("reports.sent")}</dt><dd>{totals.sent}</dd></div>
            <div><dt>{t("reports.converted")}</dt><dd>{totals.converted}</dd></div>
            <div><dt>{t("reports.rate")}</dt>
              <dd>{totals.conversion_rate == null ? "–" : formatPercent(totals.conversion_rate, language)}</dd></div>
            <div><dt>{t("reports.costPerOrder")}</dt>
              <dd>{totals.cost_per_conversion_chf == null ? "–" : formatMoney(totals.cost_per_conversion_chf, language)}</dd></div>
          </dl>
          <Suspense fallback={<Loading label={t("reports.chartLoading")} />}>
            <ConversionChart months={months} describedBy={monthsTable} />
          </Suspense>
          <details>
            <summary>{t("reports.perMonth")}</summary>
            <table className="list" id={monthsTable}>
              <caption className="visually-hidden">{t("reports.perMonth")}</caption>
              <thead>
                <tr><th scope="col">{t("reports.month")}</th><th scope="col">{t("reports.sent")}</th>
                  <th scope="col">{t("reports.converted")}</th></tr>
              </thead>
              <tbody>
                {months.map((figures) => (
                  <tr key={figures.month}>
                    <th scope="row">{formatMonth(figures.month, language)}</th>
                    <td>{figures.sent}</td><td>{figures.converted}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
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
          <div className="actions left">
            <button type="button" onClick={() => download(report.data)}>
              {t("reports.downloadCsv")}
            </button>
          </div>
          <p className="hint">{t("reports.csvHint")}</p>
        </>
      )}
    </section>
  );
}
