// make bench (scripts/bench_web.py): sign-in to a usable Kundenkartei, and search keystroke to
// filtered list, in Debian's Chromium against a running `make run` with many customers.
// Usage: node bench/browser.mjs <base url> <rare runs> <common runs> <customers seeded>; prints one JSON line.
import { chromium } from "@playwright/test";

const [base, rareCount = "20", commonCount = "20", customers = "10000"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const options = { locale: "de-CH", timezoneId: "Europe/Zurich", viewport: { width: 1280, height: 800 } };

const rowsMatch = (term) => (text) => {
  const rows = [...document.querySelectorAll("table.list tbody tr")];
  return rows.length > 0 && rows.every((row) => row.textContent.includes(text));
};

async function signInOnce() {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(`${base}/app/`);
  const button = page.getByRole("button", { name: "Anmelden als Optik Muster" });
  await button.waitFor();
  const t1 = Date.now();
  await button.click();
  await page.locator("table.list tbody tr a").first().waitFor();
  const t2 = Date.now();
  return { page, context, loadToSignIn: t1 - t0, signInToList: t2 - t1 };
}

const signIn = [];
const load = [];
let session;
for (let run = 0; run < 5; run += 1) {
  if (session) await session.context.close();
  session = await signInOnce();
  load.push(session.loadToSignIn);
  signIn.push(session.signInToList);
}

const page = session.page;
const search = page.getByLabel("Suchen");
async function measure(term, text) {
  const t0 = Date.now();
  await search.fill(term);
  await page.waitForFunction(rowsMatch(term), text, { timeout: 60_000, polling: "raf" });
  return Date.now() - t0;
}
const rare = [];
for (let i = 0; i < Number(rareCount); i += 1) {
  const n = (i * 97 % Math.max(1, Math.floor(Number(customers) / 20))) * 20; // Zwicky<n>: one customer in 20
  rare.push(await measure(`Zwicky${n}`, `Zwicky${n}`));
  await measure("", "");
}
const common = [];
const names = ["Keller", "Weber", "Huber", "Moser", "Graf"];
for (let i = 0; i < Number(commonCount); i += 1) {
  const name = names[i % names.length];
  common.push(await measure(name, name));
  await measure("", "");
}
await browser.close();
console.log(JSON.stringify({ load, signIn, rare, common }));
