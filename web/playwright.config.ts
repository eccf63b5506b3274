import { execFileSync } from "node:child_process";
import { defineConfig } from "@playwright/test";

// One free port per run, kept in the environment: worker processes load this file again.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execFileSync(process.execPath, ["-e",
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"])
    .toString().trim();
}
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  // The tasks share one server (its emulated AWS): one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "de-CH",
    timezoneId: "Europe/Zurich",
    viewport: { width: 1280, height: 800 },
    trace: "off",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Chromium's own UI locale sets how <input type="date"> shows a date: de-CH → 05.12.2026. On Linux
      // it follows LANGUAGE/LANG (--lang alone is not enough) and needs Debian's chromium-l10n (make chromium).
      env: { ...process.env, LANGUAGE: "de_CH", LANG: "de_CH.UTF-8" },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=de-CH"],
    },
  },
  webServer: {
    // The real API and app (make run: emulated AWS, demo data), as an optician would use them.
    command: `PORT=${port} make --no-print-directory -C .. run`,
    url: `${baseURL}/openapi.json`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "ignore",
  },
});
