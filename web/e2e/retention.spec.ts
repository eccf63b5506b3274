import { apiToken, expect, expectAccessible, openCustomer, screenshot, signIn, swiss, test, zurichDay } from "./fixtures/app";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const token = await apiToken(request);
  const found = await request.get("/customers?q=Eva%20Muster", { headers: { Authorization: `Bearer ${token}` } });
  if ((await found.json()).items.length > 0) return;
  const created = await request.post("/customers", {
    headers: { Authorization: `Bearer ${token}` },
    data: { first_name: "Eva", last_name: "Muster", salutation: "Frau", mobile: "079 555 66 77", language: "de",
      preferred_channel: "sms" },
  });
  expect(created.status()).toBe(201);
});

test("finds Eva, adds her passport, sets up a repurchase reminder for 2×90 daily lenses worn 5 times a week, and sees the SMS in the history", async ({ page, request }) => {
  await signIn(page);
  await openCustomer(page, "Eva", "Eva Muster");
  await page.getByRole("link", { name: "Kundenbindung" }).click();

  // Without a lens passport the wizard says what is missing.
  await page.getByRole("button", { name: "Nachkauf-Erinnerung einrichten" }).click();
  await expect(page.getByRole("dialog")).toContainText("muss ein Linsenpass hinterlegt sein");
  await page.getByRole("dialog").getByRole("button", { name: "Schliessen" }).click();

  await page.getByRole("button", { name: "Linsenpass hinzufügen" }).click();
  const passport = page.getByRole("dialog", { name: "Linsenpass hinzufügen" });
  for (const [eye, sphere] of [["Rechtes Auge", "-2,25"], ["Linkes Auge", "-2.5"]]) {
    const group = passport.getByRole("group", { name: eye });
    await group.getByLabel("Kontaktlinse").selectOption({ label: "Alcon Dailies Total1" });
    await group.getByLabel("Basiskurve (BC)").fill("8.5");
    await group.getByLabel("Durchmesser (DIA)").fill("14.1");
    await group.getByLabel("Sphäre (SPH)").fill(sphere);
  }
  await expectAccessible(page, "lens passport form");
  await screenshot(page, "05-linsenpass");
  await passport.getByRole("button", { name: "speichern" }).click();
  await expect(passport).toBeHidden();
  await expect(page.getByRole("region", { name: "Linsenpass", exact: true })).toContainText("Dailies Total1");

  // Seed steps 3–8: Nachkauf-Erinnerung einrichten → Linsenpass → pack size and quantity → suggestion → weiter → speichern.
  await page.getByRole("button", { name: "Nachkauf-Erinnerung einrichten" }).click();
  const wizard = page.getByRole("dialog", { name: "Nachkauf-Erinnerung einrichten" });
  await expect(wizard.getByRole("radio")).toBeChecked();
  await wizard.getByLabel("Auge", { exact: true }).selectOption({ label: "Beide Augen" });
  await wizard.getByLabel("Packungsgrösse").selectOption({ label: "90 Linsen" });
  await wizard.getByLabel("Menge (Packungen)").fill("2");
  await expect(wizard.getByText(/Der Vorrat reicht 90 Tage/)).toBeVisible();
  await wizard.getByLabel("Nutzung").selectOption({ label: "5 mal pro Woche" });
  const first = zurichDay(117 - 14);
  await expect(wizard.getByText(`Der Vorrat reicht 117 Tage bis zum ${swiss(zurichDay(117))}.`)).toBeVisible();
  await expect(wizard.getByLabel("Erste Erinnerung")).toHaveValue(first);
  await expect(wizard.getByLabel("Zyklus (Tage)")).toHaveValue("117");
  await expectAccessible(page, "repurchase wizard");
  await screenshot(page, "06-nachkauf-erinnerung-vorschlag");
  // An overridden cycle is kept; "Vorschlag übernehmen" goes back to the suggestion.
  await wizard.getByLabel("Zyklus (Tage)").fill("100");
  await wizard.getByRole("button", { name: "Vorschlag übernehmen" }).click();
  await expect(wizard.getByLabel("Zyklus (Tage)")).toHaveValue("117");
  await wizard.getByRole("button", { name: "weiter" }).click();
  await expect(wizard.getByRole("heading", { name: "Angaben prüfen" })).toBeVisible();
  await expect(wizard).toContainText(`2 × 90 Dailies Total1 (Beide Augen)`);
  await expect(wizard).toContainText(swiss(first));
  await screenshot(page, "07-nachkauf-erinnerung-pruefen");
  await wizard.getByRole("button", { name: "speichern" }).click();
  const reminders = page.getByRole("region", { name: "Nachkauf-Erinnerung" });
  await expect(reminders).toContainText(`Nächste Erinnerung am ${swiss(first)}`);
  await expect(reminders).toContainText("alle 117 Tage");
  await expectAccessible(page, "Kundenbindung");
  await screenshot(page, "08-kundenbindung");

  // Time moves with the schedule: fire it on the reminder's day (a Sunday waits for Monday's window).
  const day = new Date(`${first}T12:00:00Z`).getUTCDay() === 0 ? zurichDay(117 - 13) : first;
  const fired = await request.post("/_local/schedules/due_reminders", { data: { time: `${day}T10:30:00+01:00` } });
  expect(fired.ok()).toBe(true);

  await page.getByRole("link", { name: "Historie" }).click();
  const history = page.getByRole("region", { name: "Historie" });
  const message = history.getByRole("listitem").filter({ hasText: "Nachkauf-Erinnerung" });
  await expect(message).toContainText("SMS · +41795556677");
  await expect(message).toContainText(/Gesendet, Zustellung offen|Erfolg/);
  await message.getByRole("button", { name: "Details" }).click();
  await expect(message.getByRole("button", { name: "Details" })).toHaveAttribute("aria-expanded", "true");
  await expect(message.locator("pre")).toContainText("Eva");
  await expect(message).toContainText(/CHF\u00a00\.(12|24)/);
  await expectAccessible(page, "Historie");
  await screenshot(page, "09-historie");
});

test("sets up check-up and lens-exchange reminders, runs a subscription and an order for Eva", async ({ page }) => {
  await signIn(page);
  await openCustomer(page, "Eva", "Eva Muster");
  await page.getByRole("link", { name: "Kundenbindung" }).click();

  await page.getByRole("button", { name: "Kontroll-Erinnerung einrichten" }).click();
  const control = page.getByRole("dialog", { name: "Kontroll-Erinnerung einrichten" });
  await control.getByLabel("Erste Erinnerung").fill(zurichDay(60));
  await control.getByLabel("Zyklus (Monate)").fill("12");
  await control.getByRole("button", { name: "speichern" }).click();
  await expect(page.getByRole("region", { name: "Kontroll-Erinnerung" })).toContainText(`Nächste Erinnerung am ${swiss(zurichDay(60))}`);
  await expect(page.getByRole("region", { name: "Kontroll-Erinnerung" })).toContainText("alle 12 Monate");

  await page.getByRole("button", { name: "Linsenaustausch-Erinnerung einrichten" }).click();
  const exchange = page.getByRole("dialog", { name: "Linsenaustausch-Erinnerung einrichten" });
  await exchange.getByLabel("Erste Erinnerung").fill(zurichDay(1));
  await exchange.getByLabel("Intervall (Tage)").fill("14");
  await exchange.getByRole("button", { name: "speichern" }).click();
  await expect(page.getByRole("region", { name: "Linsenaustausch-Erinnerung" })).toContainText("alle 14 Tage um 08:00");
  // The Übersicht lists it among what goes out in the next 14 days.
  await page.getByRole("link", { name: "Übersicht" }).click();
  const agenda = page.getByRole("region", { name: "Was in den nächsten 14 Tagen hinausgeht" });
  await expect(agenda.getByRole("row").filter({ hasText: "Eva Muster" }).filter({ hasText: "Linsenaustausch-Erinnerung" })).toHaveCount(1);
  await page.goBack();
  await expect(page.getByRole("button", { name: "Bestell-Abo einrichten" })).toBeVisible();

  // Bestell-Abo: set up, skip a delivery, change the interval, deactivate.
  await page.getByRole("button", { name: "Bestell-Abo einrichten" }).click();
  const setUp = page.getByRole("dialog", { name: "Bestell-Abo einrichten" });
  await setUp.getByLabel("Produkt", { exact: true }).selectOption({ label: "Alcon Dailies Total1" });
  await setUp.getByLabel("Packungsgrösse").selectOption({ label: "90 Linsen" });
  await setUp.getByLabel("Menge (Packungen)").fill("2");
  await setUp.getByLabel("Intervall (Wochen)").fill("12");
  await setUp.getByLabel("Nächste Bestellung am").fill(zurichDay(30));
  await expectAccessible(page, "subscription form");
  await setUp.getByRole("button", { name: "speichern" }).click();
  const subscriptions = page.getByRole("region", { name: "Bestell-Abo" });
  await expect(subscriptions).toContainText(`Nächste Bestellung am ${swiss(zurichDay(30))}`);
  await subscriptions.getByRole("button", { name: "Nächste Lieferung aussetzen" }).click();
  await expect(subscriptions).toContainText(`Nächste Bestellung am ${swiss(zurichDay(30 + 84))}`);
  await subscriptions.getByRole("button", { name: "Bestell-Abo ändern" }).click();
  await page.getByRole("dialog", { name: "Bestell-Abo ändern" }).getByLabel("Intervall (Wochen)").fill("8");
  await page.getByRole("dialog", { name: "Bestell-Abo ändern" }).getByRole("button", { name: "speichern" }).click();
  await expect(subscriptions).toContainText("alle 8 Wochen");
  await subscriptions.getByRole("button", { name: "Bestell-Abo deaktivieren" }).click();
  await page.getByRole("dialog", { name: "Bestell-Abo deaktivieren" }).getByRole("button", { name: "Bestell-Abo deaktivieren" }).click();
  await expect(subscriptions).toContainText("Deaktiviert");

  // An order for pickup: ready, then picked up.
  await page.getByRole("button", { name: "Bestellung erfassen" }).click();
  const order = page.getByRole("dialog", { name: "Bestellung erfassen" });
  await expect(order.getByLabel("Produkt", { exact: true })).toHaveValue("dailies-total1");
  await order.getByLabel("Packungsgrösse").selectOption({ label: "90 Linsen" });
  await order.getByRole("button", { name: "Bestellung erfassen" }).click();
  const orders = page.getByRole("region", { name: "Bestellungen" });
  await expect(orders.getByRole("cell", { name: "Bestellt", exact: true })).toHaveCount(1);
  await orders.getByRole("button", { name: "Als abholbereit markieren" }).click();
  await expect(orders).toContainText("Abholbereit");
  await orders.getByRole("button", { name: "Als abgeholt markieren" }).click();
  await expect(orders).toContainText("Abgeholt");
  await expectAccessible(page, "Kundenbindung with everything");

  await page.getByRole("link", { name: "Historie" }).click();
  const history = page.getByRole("region", { name: "Historie" });
  for (const kind of ["Bestätigung Bestell-Abo", "Änderung Bestell-Abo", "Deaktivierung Bestell-Abo", "Bestellbestätigung", "Abholungseinladung"]) {
    await expect(history.getByText(kind, { exact: true }).first()).toBeVisible();
  }
});
