import type { Schemas } from "../../api/client";

type Report = Schemas["ConversionReport"];

export interface MonthFigures { month: string; sent: number; converted: number }

/** Every month of the report's range (also those without reminders), sent and converted summed over kinds and channels. */
export function monthlyFigures(report: Report): MonthFigures[] {
  const months: MonthFigures[] = [];
  let [year, month] = report.from.split("-").map(Number);
  for (let key = report.from; key <= report.to && months.length < 36;) {
    months.push({ month: key, sent: 0, converted: 0 });
    month += 1;
    if (month > 12) { month = 1; year += 1; }
    key = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
  }
  const byMonth = new Map(months.map((figures) => [figures.month, figures]));
  for (const row of report.rows) {
    const figures = byMonth.get(row.month);
    if (figures) { figures.sent += row.sent; figures.converted += row.converted; }
  }
  return months;
}

export const CSV_COLUMNS = ["month", "kind", "channel", "sent", "converted", "conversion_rate", "sms_parts",
  "sms_cost_chf", "cost_per_conversion_chf"] as const;

function cell(value: string | number | null | undefined): string {
  const text = value == null ? "" : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The conversion table as CSV (docs/reports.md): `;`-separated (what Excel opens directly in Switzerland),
 * a header row of the API's field names, one row per month × kind × channel as in `rows`, numbers with
 * a decimal point, CHF amounts as the API gives them, an empty cell where the API has null; CRLF lines.
 */
export function conversionCsv(report: Report): string {
  const lines = [CSV_COLUMNS.join(";")];
  for (const row of report.rows) {
    lines.push(CSV_COLUMNS.map((column) => cell(row[column])).join(";"));
  }
  return `${lines.join("\r\n")}\r\n`;
}

export function csvFileName(report: Report): string {
  return `kontakt-conversion-${report.from}-${report.to}.csv`;
}
