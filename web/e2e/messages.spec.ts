import { expect, expectAccessible, openCustomer, screenshot, signIn, test, zurichDay } from "./fixtures/app";

test("sends Anna the webshop login after reading the preview, and reads the e-mail as sent", async ({ page }) => {
  await signIn(page);
  await openCustomer(page, "Anna", "Anna Meier");
  await page.getByRole("link", { name: "Historie" }).click();
  await expect(page.getByText("Noch keine Benachrichtigungen an diesen Kunden.")).toBeVisible();

  await page.getByRole("button", { name: "Login senden" }).click();
  const dialog = page.getByRole("dialog", { name: "Login senden" });
  await expect(dialog).toContainText("E-Mail");
  await expect(dialog.locator("pre")).toContainText("Anna");
  await expect(dialog).toContainText("CHF\u00a00.00");
  await expectAccessible(page, "manual send preview");
  await screenshot(page, "10-login-senden-vorschau");
  await dialog.getByRole("button", { name: /Jetzt senden/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Die Nachricht wurde gesendet." })).toBeVisible();

  const message = page.getByRole("region", { name: "Historie" }).getByRole("listitem").filter({ hasText: "Login" });
  await expect(message).toContainText("E-Mail · anna.meier@example.ch");
  await message.getByRole("button", { name: "Details" }).click();
  // The e-mail as rendered, in a frame that may run nothing (no scripts, forms or navigation of the app).
  const frame = message.locator("iframe");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(frame).toHaveAttribute("srcdoc", /Guten Tag Anna/);
  await expect(message.locator("pre")).toContainText("/l/");
  await expectAccessible(page, "history with an e-mail open");
  await screenshot(page, "11-historie-email");

  // Nachrichten: every customer's messages; the filter lives in the URL and each row leads to the customer.
  await page.getByRole("link", { name: "Nachrichten" }).click();
  const sent = page.getByRole("listitem").filter({ hasText: "anna.meier@example.ch" }).filter({ hasText: "Login" });
  await expect(sent.first()).toBeVisible();
  await expectAccessible(page, "all messages");
  await screenshot(page, "14-nachrichten");
  await page.getByRole("button", { name: "Nur Fehler" }).click();
  await expect(page).toHaveURL(/[?&]status=failed/);
  await expect(page.getByLabel("Status")).toHaveValue("failed");
  await expect(sent).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel("Status")).toHaveValue("failed");
  await page.getByRole("button", { name: "Alle", exact: true }).click();
  await sent.first().getByRole("link", { name: "Anna Meier" }).click();
  await expect(page).toHaveURL(/\/customers\/[^/]+\/historie$/);
  await expect(page.getByRole("region", { name: "Historie" })).toBeVisible();

  // The Übersicht leads straight to the failed ones.
  await page.getByRole("link", { name: "Übersicht" }).click();
  await page.getByRole("link", { name: "Fehlgeschlagene Nachrichten ansehen" }).click();
  await expect(page).toHaveURL(/\/messages\?status=failed$/);
  await expect(page.getByLabel("Status")).toHaveValue("failed");
});

test("cannot send Luca the web app link while his marketing topic is off", async ({ page }) => {
  await signIn(page);
  await openCustomer(page, "Luca", "Luca Bernasconi");
  await page.getByRole("switch", { name: "Marketing" }).click();
  await expect(page.getByRole("switch", { name: "Marketing" })).not.toBeChecked();
  await page.getByRole("link", { name: "Historie" }).click();
  await page.getByRole("button", { name: "Web App Installation senden" }).click();
  const dialog = page.getByRole("dialog", { name: "Web App Installation senden" });
  await expect(dialog).toContainText("SMS");
  await expect(dialog.getByRole("alert")).toContainText("abgestellt");
  await expect(dialog.getByRole("button", { name: /Jetzt senden/ })).toBeDisabled();
});

test("pages through every customer's messages and narrows them by kind, channel and date", async ({ page }) => {
  // One message per page instead of 25 (the app's cursor paging is what is tested; the server is real).
  await page.route((url) => url.pathname === "/messages", (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("limit", "1");
    return route.continue({ url: url.toString() });
  });
  await signIn(page);
  await page.getByRole("link", { name: "Nachrichten" }).click();
  const rows = page.getByRole("main").getByRole("listitem");
  await expect(rows).toHaveCount(1);
  await page.getByRole("button", { name: "Weitere laden" }).click();
  await expect(rows).toHaveCount(2);  // e.g. Anna's login e-mail and Luca's SMS (attention.spec.ts), newest first

  await page.getByLabel("Art").selectOption("webshop_login");
  await expect(page).toHaveURL(/[?&]kind=webshop_login/);
  await expect(rows.first()).toContainText("Login");
  await expect(rows.filter({ hasText: "Linsenpass" })).toHaveCount(0);
  await page.getByLabel("Art").selectOption("");

  await page.getByLabel("Kanal").selectOption("sms");
  await expect(page).toHaveURL(/[?&]channel=sms/);
  await expect(rows.first()).toContainText("SMS ·");
  await expect(rows.filter({ hasText: "E-Mail ·" })).toHaveCount(0);
  await page.getByLabel("Kanal").selectOption("");

  // Sent today: nothing up to yesterday, the messages again from today on.
  await page.getByLabel("Bis").fill(zurichDay(-1));
  await expect(page.getByText("Keine Nachrichten für diese Auswahl.")).toBeVisible();
  await page.getByLabel("Bis").fill("");
  await page.getByLabel("Von").fill(zurichDay(0));
  await expect(page).toHaveURL(new RegExp(`[?&]from=${zurichDay(0)}`));
  await expect(rows.first()).toBeVisible();
  await expectAccessible(page, "messages filtered by date");
});
