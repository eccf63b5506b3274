import { afterEach, describe, expect, it, vi } from "vitest";
import i18n, { MISSING_KEY } from "./index";

afterEach(() => vi.restoreAllMocks());

describe("a text key found in no catalogue", () => {
  it("is said on the console, which fails the e2e runs (e2e/languages.spec.ts)", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    i18n.t("customers.no_such_text" as "customers.title");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`${MISSING_KEY} customers.no_such_text`));
  });

  it("is not said for a key the catalogues have", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(i18n.t("customers.title")).toBe("Kundenkartei");
    expect(warn).not.toHaveBeenCalled();
  });
});
