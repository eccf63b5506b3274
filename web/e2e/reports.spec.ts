import { createHmac } from "node:crypto";
import { readFile } from "node:fs/promises";
import { apiToken, expect, expectAccessible, signIn, swiss, test, zurichDay } from "./fixtures/app";

interface Report {
  from: string; to: string;
  rows: Record<string, string | number | null>[];
  totals: { sent: number; converted: number; conversion_rate: number | null; cost_per_conversion_chf: string | null };
}

const COLUMNS = ["month", "kind", "channel", "sent", "converted", "conversion_rate", "sms_parts", "sms_cost_chf",
  "cost_per_conversion_chf"];

/** The next Monday–Friday at least `days` ahead (the check-up goes out in the send window). */
function weekdayIn(days: number): string {
  let day = zurichDay(days);
  while ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) day = zurichDay(++days);
  return day;
}

test("Übersicht: a login sent by SMS and a webshop order a moment later show in the chart, the figures and the CSV; the agenda leads to the customer", async ({ page, request }) => {
  const token = await apiToken(request);
  const auth = { Authorization: `Bearer ${token}` };
  const report = async () => (await (await request.get("/reports/conversion", { headers: auth })).json()) as Report;
  const before = await report();

  // Nina gets the webshop login by SMS (a manual reminder), has a check-up due next week, and orders in the webshop.
  const nina = await (await request.post("/customers", { headers: auth, data: {
    first_name: "Nina", last_name: "Graf", mobile: "079 444 33 22", language: "de", preferred_channel: "sms" } })).json();
  const sent = await request.post(`/customers/${nina.id}/messages`, { headers: auth, data: { kind: "webshop_login" } });
  expect(sent.status()).toBe(201);
  const checkUp = weekdayIn(3);
  expect((await request.post(`/customers/${nina.id}/control-reminders`, { headers: auth,
    data: { first_reminder_on: checkUp, cycle_months: 12 } })).status()).toBe(201);
  const { webhook_secret: secret } = await (await request.post("/settings/webhook-secret", { headers: auth })).json();
  const { opticians } = await (await request.get("/_local/opticians")).json() as { opticians: { id: string; name: string }[] };
  const opticianId = opticians.find((o) => o.name === "Optik Muster")?.id;
  const body = JSON.stringify({ event_id: `evt-e2e-${nina.id}`, order_id: `WS-${nina.id}`, customer_id: nina.id,
    ordered_at: new Date().toISOString(), delivery: "home",
    lines: [{ product_id: "dailies-total1", eye: "both", pack_size: 90, quantity: 1 }] });
  const stamp = Math.floor(Date.now() / 1000);
  const signature = createHmac("sha256", secret).update(`${stamp}.${body}`).digest("hex");
  const ordered = await request.post(`/webhooks/${opticianId}/orders`, { data: body,
    headers: { "Content-Type": "application/json", "X-Kontakt-Signature": `t=${stamp},v1=${signature}` } });
  expect(ordered.status()).toBe(201);

  const after = await report();
  expect(after.totals.sent).toBe(before.totals.sent + 1);
  expect(after.totals.converted).toBe(before.totals.converted + 1);
  expect(after.rows.some((row) => row.kind === "manual" && row.channel === "sms" && Number(row.converted) >= 1)).toBe(true);

  await signIn(page);
  await page.getByRole("link", { name: "Übersicht" }).click();
  const conversion = page.getByRole("region", { name: "Erfolg der Erinnerungen" });
  // The figures: what the API counted, in Swiss formats.
  const figures = conversion.locator("dl.figures > div");
  const rate = new Intl.NumberFormat("de-CH", { style: "percent", maximumFractionDigits: 1 }).format(after.totals.conversion_rate ?? 0);
  const perOrder = new Intl.NumberFormat("de-CH", { style: "currency", currency: "CHF" }).format(Number(after.totals.cost_per_conversion_chf));
  await expect(figures).toHaveText([`Gesendet${after.totals.sent}`, `Bestellungen${after.totals.converted}`, `Quote${rate}`,
    `Kosten pro Bestellung${perOrder}`]);
  expect(perOrder).toMatch(/^CHF\u00a0\d+\.\d\d$/);

  // The chart is drawn (loaded on demand), with a text alternative naming the totals and the table per month.
  const chart = conversion.getByRole("img", { name: /Säulendiagramm pro Monat/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute("aria-label", new RegExp(`${after.totals.sent} Erinnerungen gesendet, ${after.totals.converted} Bestellungen`));
  const painted = await chart.evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let count = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
    return count;
  });
  expect(painted).toBeGreaterThan(1000);
  await conversion.locator("summary", { hasText: "Zahlen pro Monat" }).click();
  const thisMonth = after.to;
  const monthName = new Intl.DateTimeFormat("de-CH", { month: "long", year: "numeric", timeZone: "Europe/Zurich" })
    .format(new Date(`${thisMonth}-15T12:00:00Z`));
  const monthSent = after.rows.filter((row) => row.month === thisMonth).reduce((sum, row) => sum + Number(row.sent), 0);
  await expect(conversion.getByRole("table", { name: "Zahlen pro Monat" }).getByRole("row", { name: monthName }))
    .toContainText(String(monthSent));
  await expect(conversion.getByRole("row", { name: /^Login \(manuell\)/ })).toBeVisible();

  // The CSV: ;-separated, a header row, one row per month, kind and channel — exactly the API's rows.
  const [download] = await Promise.all([page.waitForEvent("download"),
    conversion.getByRole("button", { name: "Als CSV herunterladen" }).click()]);
  expect(download.suggestedFilename()).toBe(`kontakt-conversion-${after.from}-${after.to}.csv`);
  const csv = await readFile(await download.path(), "utf8");
  const expected = [COLUMNS.join(";"), ...after.rows.map((row) => COLUMNS.map((c) => row[c] ?? "").join(";"))];
  expect(csv.split("\r\n")).toEqual([...expected, ""]);
  expect(csv).toContain(";manual;sms;");

  await expectAccessible(page, "dashboard with the conversion chart");

  // The agenda lists Nina's check-up; her name leads to her card.
  const agenda = page.getByRole("region", { name: "Was in den nächsten 14 Tagen hinausgeht" });
  const entry = agenda.getByRole("row").filter({ hasText: "Nina Graf" });
  await expect(entry).toContainText(swiss(checkUp));
  await entry.getByRole("link", { name: "Nina Graf" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nina Graf" })).toBeVisible();
});
