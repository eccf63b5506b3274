import { expect, expectAccessible, screenshot, signIn, test } from "./fixtures/app";

test("signs in, finds a customer as she types, adds one after correcting a missing first name, deletes one", async ({ page }) => {
  await page.goto("/app/");
  await expect(page.getByRole("button", { name: "Anmelden als Optik Muster" })).toBeVisible();
  await expectAccessible(page, "sign-in");
  await screenshot(page, "01-sign-in");

  await signIn(page);
  await expect(page.getByRole("link", { name: "Anna Meier" })).toBeVisible();
  await expectAccessible(page, "customer list");
  await screenshot(page, "02-kundenkartei");

  // Search as you type: by name part, then by mobile number.
  await page.getByLabel("Suchen").fill("Berna");
  await expect(page.getByRole("link", { name: "Luca Bernasconi" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Anna Meier" })).toHaveCount(0);
  await expect(page).toHaveURL(/q=Berna/);
  await page.getByLabel("Suchen").fill("079 123");
  await expect(page.getByRole("link", { name: "Anna Meier" })).toBeVisible();
  await page.getByLabel("Suchen").fill("niemand-hier");
  await expect(page.getByText("Keine Kunden zu «niemand-hier» gefunden.")).toBeVisible();
  await page.getByLabel("Suchen").fill("");

  // New customer without a first name: the API's 422 is shown at "Vorname", in German words.
  await page.getByRole("button", { name: "Neuer Kunde" }).click();
  const dialog = page.getByRole("dialog", { name: "Neuer Kunde" });
  await dialog.getByLabel("Nachname").fill("Graf");
  await dialog.getByLabel("Handynummer").fill("079 555 66 77");
  await dialog.getByRole("button", { name: "speichern" }).click();
  const firstName = dialog.getByLabel("Vorname");
  await expect(firstName).toHaveAttribute("aria-invalid", "true");
  await expect(firstName).toHaveAccessibleDescription("Bitte geben Sie den Vornamen ein (höchstens 80 Zeichen).");
  await expectAccessible(page, "new customer with an error");
  await screenshot(page, "03-neuer-kunde-fehler");
  await firstName.fill("Lea");
  await dialog.getByRole("button", { name: "speichern" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lea Graf" })).toBeVisible();

  // Stammdaten: contact data, and the Kommunikations-Themen at the bottom of the page.
  await expect(page.getByRole("link", { name: "Stammdaten" })).toHaveAttribute("aria-current", "page");
  const marketing = page.getByRole("switch", { name: "Marketing" });
  await expect(marketing).toBeChecked();
  await marketing.click();
  await expect(marketing).not.toBeChecked();
  await page.reload();
  await expect(page.getByRole("switch", { name: "Marketing" })).not.toBeChecked();
  await page.getByRole("switch", { name: "Marketing" }).click();
  await expect(page.getByRole("switch", { name: "Marketing" })).toBeChecked();
  await page.getByLabel("E-Mail").fill("lea.graf@example.ch");
  await page.getByRole("button", { name: "speichern" }).click();
  await expect(page.getByText("Gespeichert.")).toBeVisible();
  await expectAccessible(page, "Stammdaten");
  await screenshot(page, "04-stammdaten");

  // A customer entered by mistake is deleted after a confirmation.
  await page.getByRole("link", { name: "Kundenkartei" }).first().click();
  await page.getByRole("button", { name: "Neuer Kunde" }).click();
  await page.getByRole("dialog").getByLabel("Vorname").fill("Falsch");
  await page.getByRole("dialog").getByLabel("Nachname").fill("Erfasst");
  await page.getByRole("dialog").getByLabel("Handynummer").fill("079 555 00 00");
  await page.getByRole("dialog").getByRole("button", { name: "speichern" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Falsch Erfasst" })).toBeVisible();
  await page.getByRole("button", { name: "Kunde löschen" }).click();
  const confirm = page.getByRole("dialog", { name: "Kunde löschen" });
  await expect(confirm).toContainText("Falsch Erfasst");
  await expectAccessible(page, "delete confirmation");
  await confirm.getByRole("button", { name: "Endgültig löschen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kundenkartei" })).toBeVisible();
  await page.getByLabel("Suchen").fill("Erfasst");
  await expect(page.getByText("Keine Kunden zu «Erfasst» gefunden.")).toBeVisible();
});
