import { apiToken, expect, expectAccessible, openCustomer, screenshot, signIn, test } from "./fixtures/app";

test("reads why Luca's SMS failed, and sees that e-mails wait for the sender's DNS records until it is checked", async ({ page, request }) => {
  // The scene: an SMS to Luca that the network reports as failed (local mode's receipt route).
  const headers = { Authorization: `Bearer ${await apiToken(request)}` };
  const luca = (await (await request.get("/customers?q=luca", { headers })).json() as { items: { id: string }[] }).items[0];
  const sent = await request.post(`/customers/${luca.id}/messages`, { headers, data: { kind: "lens_passport" } });
  expect(sent.status()).toBe(201);
  const outbox = await (await request.get("/_local/outbox?to=782345678")).json() as { messages: { id: string }[] };
  const receipt = await request.post("/_local/receipts",
    { data: { provider_message_id: outbox.messages[0].id, outcome: "failed", reason: "invalid_number" } });
  expect(receipt.ok()).toBe(true);

  await signIn(page);
  await openCustomer(page, "Luca", "Luca Bernasconi");
  await page.getByRole("link", { name: "Historie" }).click();
  const message = page.getByRole("region", { name: "Historie" }).getByRole("listitem").filter({ hasText: "Linsenpass" });
  await expect(message).toContainText("Fehler");
  await expect(message).toContainText("Die Handynummer ist falsch oder nicht erreichbar. Bitte in den Stammdaten korrigieren.");
  await expectAccessible(page, "history with a failed SMS");
  await screenshot(page, "15-historie-fehler");

  // Nachrichten, only the failed ones: Luca's SMS is there, with its reason.
  await page.getByRole("link", { name: "Nachrichten" }).click();
  await page.getByRole("button", { name: "Nur Fehler" }).click();
  const failed = page.getByRole("listitem").filter({ hasText: "Luca Bernasconi" }).filter({ hasText: "Linsenpass" });
  await expect(failed.first()).toContainText("Die Handynummer ist falsch oder nicht erreichbar.");

  // The e-mail sender as before its DNS records are found (the emulated SES verifies at once).
  const { opticians } = await (await request.get("/_local/opticians")).json() as { opticians: { id: string; name: string }[] };
  const demo = opticians.find((o) => o.name === "Optik Muster");
  expect((await request.post("/_local/email-sender", { data: { optician_id: demo?.id } })).ok()).toBe(true);
  const warning = "Ihr E-Mail-Absender (optik-muster.ch) ist noch nicht bestätigt: Es werden keine E-Mails versendet.";
  await page.getByRole("link", { name: "Übersicht" }).click();
  await expect(page.getByRole("alert").filter({ hasText: warning })).toContainText("stattdessen per SMS");
  await expectAccessible(page, "dashboard with the sender not verified");
  await screenshot(page, "16-uebersicht-absender-offen");

  await page.getByRole("link", { name: "Einstellungen", exact: true }).click();
  const sender = page.getByRole("region", { name: "E-Mail-Absender" });
  await expect(sender).toContainText("Noch nicht bestätigt: Die DNS-Einträge für optik-muster.ch wurden noch nicht gefunden.");
  await expect(sender.getByRole("table", { name: "DNS-Einträge" })).toBeVisible();
  await expectAccessible(page, "settings with the sender not verified");
  // The records are in place now: checking asks (emulated) SES, and e-mails go out again.
  await sender.getByRole("button", { name: "Jetzt prüfen" }).click();
  await expect(sender).toContainText("Bestätigt: E-Mails gehen von kontakt@optik-muster.ch hinaus.");
  await page.getByRole("link", { name: "Übersicht" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Nutzung im / })).toBeVisible();
  await expect(page.getByText(warning)).toHaveCount(0);
});
