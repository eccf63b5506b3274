/** Dates and money in Swiss formats, the same in every language (04.12.2026, CHF 0.24). */
const LOCALES: Record<string, string> = { de: "de-CH", fr: "fr-CH", it: "it-CH", en: "en-CH" };
const ZONE = "Europe/Zurich";

export function locale(language: string): string {
  return LOCALES[language.slice(0, 2)] ?? "de-CH";
}

/** A calendar date (YYYY-MM-DD) or a timestamp's day in Zurich. */
export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return "–";
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(language), {
    day: "2-digit", month: "2-digit", year: "numeric", timeZone: ZONE,
  }).format(date);
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return "–";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(language), {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: ZONE,
  }).format(date);
}

export function formatMoney(value: string | number | null | undefined, language: string): string {
  const amount = typeof value === "number" ? value : Number(value ?? 0);
  return new Intl.NumberFormat(locale(language), { style: "currency", currency: "CHF" }).format(amount);
}

export function formatMonth(month: string, language: string): string {
  const date = new Date(`${month}-15T12:00:00Z`);
  return new Intl.DateTimeFormat(locale(language), { month: "long", year: "numeric", timeZone: ZONE }).format(date);
}

/** Today in Zurich as YYYY-MM-DD (the optician's day, whatever the computer's zone). */
export function todayInZurich(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(now);
}

export function formatPercent(rate: number, language: string): string {
  return new Intl.NumberFormat(locale(language), { style: "percent", maximumFractionDigits: 1 }).format(rate);
}
