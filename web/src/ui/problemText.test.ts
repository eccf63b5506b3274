import { afterEach, describe, expect, it } from "vitest";
import i18n, { changeLanguage } from "../i18n";
import { ApiProblem } from "../api/problem";
import { fieldLeaf, problemText } from "./problemText";

const problem = (code: string, field?: string, message = "English message for developers.") =>
  new ApiProblem(422, { code, message, field });

afterEach(async () => {
  await changeLanguage("de");
});

describe("an API error in the user's words", () => {
  it("says what is wrong with the field it names, in German by default", () => {
    expect(problemText(i18n, problem("invalid_field", "mobile"))).toBe(
      "Bitte geben Sie eine Handynummer ein, z. B. 079 123 45 67 (kein Festnetz), oder eine E-Mail-Adresse.");
    expect(problemText(i18n, problem("invalid_field", "lines[1].pack_size"))).toBe(
      "Bitte wählen Sie eine Packungsgrösse, die das Produkt hat.");
    expect(problemText(i18n, problem("conflict", "passport_id"))).toContain("schon eine Nachkauf-Erinnerung");
  });

  it("falls back to the code's text for a field without its own, never to the English message", () => {
    expect(problemText(i18n, problem("invalid_field", "right.no_such_field"))).toBe("Bitte prüfen Sie diese Angabe.");
    expect(problemText(i18n, problem("topic_off", "kind"))).toBe(
      "Die Kundin oder der Kunde hat Nachrichten zu diesem Thema abbestellt.");
  });

  it("shows the API's message only for a code the app does not know", () => {
    expect(problemText(i18n, problem("brand_new_code", "mobile", "Something new."))).toBe("Something new.");
  });

  it.each([
    ["fr", "Veuillez saisir une adresse e-mail valide, p. ex. nom@exemple.ch."],
    ["it", "Inserisca un indirizzo e-mail valido, p. es. nome@esempio.ch."],
    ["en", "Please enter a valid e-mail address, e.g. name@example.ch."],
  ] as const)("speaks %s when the user chose it", async (language, text) => {
    await changeLanguage(language);
    expect(problemText(i18n, problem("invalid_field", "email"))).toBe(text);
  });

  it("finds the field's name in a path", () => {
    expect(fieldLeaf("right.sphere")).toBe("sphere");
    expect(fieldLeaf("lines[0].quantity")).toBe("quantity");
    expect(fieldLeaf("mobile")).toBe("mobile");
  });
});
