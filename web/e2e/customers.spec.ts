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

test("reads the Kundenkartei and a message filter on a tablet (768 px): column labels stay, dates in Swiss format", async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page);
  const list = page.getByRole("table", { name: "Kundenkartei" });
  for (const label of ["Name", "Handynummer", "E-Mail", "Sprache"]) {
    await expect(list.getByRole("columnheader", { name: label, exact: true })).toBeVisible();
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
  await expectAccessible(page, "customer list on a tablet");
  await screenshot(page, "17-kundenkartei-tablet");

  // The browser runs in de-CH (--lang and the context's locale): a date field reads 05.12.2026.
  expect(await page.evaluate(() => [navigator.language, new Intl.DateTimeFormat().resolvedOptions().locale]))
    .toEqual(["de-CH", "de-CH"]);
  await page.getByRole("link", { name: "Nachrichten" }).click();
  await page.getByLabel("Von").fill("2026-12-05");
  // The filter goes through the URL and back into the field: wait for that round trip before reading the parts.
  await expect(page).toHaveURL(/from=2026-12-05/);
  await expect(page.getByLabel("Von")).toHaveValue("2026-12-05");
  // The field's parts as Chromium lays them out (its accessibility tree): day, month, year. The tree
  // follows the DOM asynchronously, so it is polled rather than read once.
  const cdp = await page.context().newCDPSession(page);
  const dateParts = async () => {
    const { nodes } = await cdp.send("Accessibility.getFullAXTree") as { nodes: { role?: { value: string }; value?: { value: unknown } }[] };
    return nodes.filter((node) => node.role?.value === "spinbutton").slice(0, 3).map((node) => String(node.value?.value));
  };
  await expect.poll(dateParts).toEqual(["5", "12", "2026"]);
  await screenshot(page, "18-nachrichten-tablet-datum");
});
