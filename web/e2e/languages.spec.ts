import { readFileSync } from "node:fs";
import { expect, expectAccessible, signIn, test } from "./fixtures/app";

type Catalogue = {
  nav: Record<string, string>; customer: Record<string, string> & { tabs: Record<string, string> };
  customers: Record<string, string>;
  common: Record<string, string>; apiFieldErrors: { invalid_field: Record<string, string> }; dashboard: Record<string, string>;
};
const catalogue = (language: string): Catalogue =>
  JSON.parse(readFileSync(new URL(`../src/i18n/locales/${language}.json`, import.meta.url), "utf8")) as Catalogue;
const MISSING_KEY = "i18n: missing key";

for (const language of ["fr", "it", "en"] as const) {
  test(`works through a customer's card and a new customer in ${language}, with no text key missing`, async ({ page }) => {
    const words = catalogue(language);
    const missing: string[] = [];
    page.on("console", (message) => { if (message.text().includes(MISSING_KEY)) missing.push(message.text()); });

    await signIn(page);
    await page.getByRole("banner").getByLabel("Sprache").selectOption(language);
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    const nav = page.getByRole("navigation", { name: words.nav.label });
    await expect(page.getByRole("heading", { level: 1, name: words.nav.customers })).toBeVisible();

    // A customer's card, each of its three places.
    await page.getByLabel(words.customers.search).fill("Anna");
    await page.getByRole("link", { name: "Anna Meier" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Anna Meier" })).toBeVisible();
    for (const tab of ["kundenbindung", "historie", "stammdaten"] as const) {
      await page.getByRole("link", { name: words.customer.tabs[tab], exact: true }).click();
      await expect(page.getByRole("link", { name: words.customer.tabs[tab], exact: true })).toHaveAttribute("aria-current", "page");
    }
    await expectAccessible(page, `customer card in ${language}`);

    // A new customer without a first name: the API's 422 in this language, at the field.
    await nav.getByRole("link", { name: words.nav.customers }).click();
    await page.getByRole("button", { name: words.customers.new }).click();
    const dialog = page.getByRole("dialog", { name: words.customers.new });
    await dialog.getByLabel(words.customer.lastName, { exact: true }).fill("Graf");
    await dialog.getByLabel(words.customer.mobile, { exact: true }).fill("079 555 66 78");
    await dialog.getByRole("button", { name: words.common.save }).click();
    await expect(dialog.getByLabel(words.customer.firstName, { exact: true }))
      .toHaveAccessibleDescription(words.apiFieldErrors.invalid_field.first_name);
    await dialog.getByRole("button", { name: words.common.cancel }).click();

    for (const place of ["dashboard", "messages", "settings"] as const) {
      await nav.getByRole("link", { name: words.nav[place], exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    }
    await page.getByRole("banner").getByLabel(words.nav.language).selectOption("de");  // the next task starts in German again
    expect(missing).toEqual([]);
  });
}
