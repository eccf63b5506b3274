import { expect, expectAccessible, screenshot, signIn, test } from "./fixtures/app";

test("reads this month's usage, corrects an invalid SMS sender name, brands the e-mails and rotates the webhook secret", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "Übersicht" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Nutzung im / })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "SMS-Kosten" })).toBeVisible();
  await expect(page.getByText(/CHF\u00a0\d+\.\d\d/).first()).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Erfolg der Erinnerungen" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Was in den nächsten 14 Tagen hinausgeht" })).toBeVisible();
  await expect(page.getByText("SMS-Limit pro Monat")).toBeVisible();
  await expect(page.getByRole("img", { name: /Säulendiagramm pro Monat/ })).toBeVisible();  // drawn once loaded
  await expectAccessible(page, "dashboard");
  await screenshot(page, "12-uebersicht");

  await page.getByRole("link", { name: "Einstellungen", exact: true }).click();
  const sender = page.getByLabel("SMS-Absendername");
  await expect(sender).toHaveValue("OptikMuster");
  await sender.fill("Optik-Muster");
  await page.getByRole("button", { name: "speichern" }).click();
  await expect(sender).toHaveAttribute("aria-invalid", "true");
  await expect(sender).toHaveAccessibleDescription(/Dieser Absendername geht nicht: nur Buchstaben A–Z/);
  await sender.fill("Muster ZH");

  // The preview follows the colour before it is saved.
  await page.getByLabel("Hauptfarbe").fill("#aa3300");
  await expect(page.locator("iframe[title='Vorschau einer E-Mail in Ihrem Design']")).toHaveAttribute("srcdoc", /#aa3300/);
  await page.getByRole("button", { name: "speichern" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Gespeichert." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("SMS-Absendername")).toHaveValue("Muster ZH");
  // What the form sends back keeps the SMS limit and countries it read.
  await expect(page.getByLabel("SMS-Limit pro Monat (CHF)")).toHaveValue("300.00");
  await expect(page.getByLabel("SMS in diese Länder")).toHaveValue("CH, LI");
  // Locally the emulated SES verifies the sender at once; the DKIM records stay listed, each copyable.
  const emailSender = page.getByRole("region", { name: "E-Mail-Absender" });
  await expect(emailSender.getByText(/^Bestätigt: E-Mails gehen von .+@.+ hinaus\.$/)).toBeVisible();
  await expect(emailSender.getByRole("row")).toHaveCount(4);
  await expect(emailSender.getByRole("button", { name: /\._domainkey\..+ kopieren$/ })).toHaveCount(3);
  await emailSender.getByRole("button", { name: "Jetzt prüfen" }).click();
  await expect(emailSender.getByText(/^Bestätigt:/)).toBeVisible();
  await expectAccessible(page, "settings");
  await screenshot(page, "13-einstellungen");

  await page.getByRole("button", { name: "Neues Webhook-Geheimnis erzeugen" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Neues Geheimnis erzeugen" }).click();
  const secret = page.getByLabel("Neues Webhook-Geheimnis", { exact: true });
  await expect(secret).toHaveValue(/.{16,}/);
  await expect(page.getByText("Das Geheimnis wird nur dieses eine Mal angezeigt.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Kopieren", exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Neues Webhook-Geheimnis", { exact: true })).toHaveCount(0);
});

test("works in French: the optician switches the language and the customer card speaks it", async ({ page }) => {
  await signIn(page);
  await page.getByLabel("Sprache").first().selectOption("fr");
  await expect(page.getByRole("heading", { level: 1, name: "Fichier clients" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByRole("link", { name: "Anna Meier" }).click();
  for (const tab of ["Données de base", "Fidélisation", "Historique"]) {
    await expect(page.getByRole("link", { name: tab })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Thèmes de communication" })).toBeVisible();
  await page.getByRole("link", { name: "Fidélisation" }).click();
  await expect(page.getByRole("button", { name: "Configurer le rappel de réachat" })).toBeVisible();
  await expectAccessible(page, "retention in French");
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Rappel de réachat" })).toBeVisible();
});
