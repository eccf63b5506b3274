import { describe, expect, it } from "vitest";
import de from "./locales/de.json";
import en from "./locales/en.json";
import fr from "./locales/fr.json";
import it_ from "./locales/it.json";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

function leaves(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [String(value)];
  return Object.values(value).flatMap(leaves);
}

describe("the four catalogues", () => {
  const german = keys(de).sort();
  it.each([["fr", fr], ["it", it_], ["en", en]])("%s has exactly the German keys", (_, catalogue) => {
    expect(keys(catalogue).sort()).toEqual(german);
  });

  it("use the seed pages' words for the places an optician follows", () => {
    expect(de.nav.customers).toBe("Kundenkartei");
    expect(de.customer.tabs).toEqual({ stammdaten: "Stammdaten", kundenbindung: "Kundenbindung", historie: "Historie" });
    expect(de.repurchase.setUp).toBe("Nachkauf-Erinnerung einrichten");
    expect(de.repurchase.next).toBe("weiter");
    expect(de.repurchase.save).toBe("speichern");
    expect(de.history.status.delivered).toBe("Erfolg");
    expect(de.history.status.failed).toBe("Fehler");
    expect(de.topics.title).toBe("Kommunikations-Themen");
  });

  it("write Swiss German (ss, never ß) and leave no text empty", () => {
    for (const [name, catalogue] of [["de", de], ["fr", fr], ["it", it_], ["en", en]] as const) {
      for (const text of leaves(catalogue)) {
        expect(text.trim(), name).not.toBe("");
        if (name === "de") expect(text).not.toContain("ß");
      }
    }
  });
});
