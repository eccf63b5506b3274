import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, todayInZurich } from "./format";

describe("Swiss formats in every language", () => {
  it.each(["de", "fr", "it", "en"])("%s dates read 04.12.2026", (language) => {
    expect(formatDate("2026-12-04", language)).toBe("04.12.2026");
  });

  it("money is CHF with two decimals (French puts it after)", () => {
    expect(formatMoney("0.24", "de")).toBe("CHF\u00a00.24");
    expect(formatMoney("0.24", "it")).toBe("CHF\u00a00.24");
    expect(formatMoney("0.24", "en")).toBe("CHF\u00a00.24");
    expect(formatMoney("0.24", "fr")).toBe("0.24\u00a0CHF");
  });

  it("a timestamp's day is the day in Zurich", () => {
    expect(formatDate("2026-12-04T23:30:00Z", "de")).toBe("05.12.2026");
    expect(todayInZurich(new Date("2026-12-04T23:30:00Z"))).toBe("2026-12-05");
  });
});
