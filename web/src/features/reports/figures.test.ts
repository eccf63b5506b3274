import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { conversionCsv, csvFileName, monthlyFigures } from "./figures";

const row = (month: string, kind: Schemas["ConversionRow"]["kind"], channel: "sms" | "email", sent: number,
  converted: number, cost: string, perOrder: string | null): Schemas["ConversionRow"] => ({
  month, kind, channel, sent, converted, conversion_rate: sent ? converted / sent : null, sms_parts: channel === "sms" ? sent : 0,
  sms_cost_chf: cost, cost_per_conversion_chf: perOrder,
});

const REPORT = {
  from: "2025-11", to: "2026-02",
  rows: [row("2025-12", "repurchase", "sms", 4, 1, "0.48", "0.48"), row("2025-12", "control", "email", 2, 0, "0.00", null),
    row("2026-02", "repurchase", "sms", 1, 2, "0.12", "0.06")],
  kinds: [], totals: { sent: 7, converted: 3, conversion_rate: 0.4286, sms_parts: 5, sms_cost_chf: "0.60", cost_per_conversion_chf: "0.20" },
} as unknown as Schemas["ConversionReport"];

describe("monthly figures", () => {
  it("lists every month of the range, across a year's end, summing kinds and channels", () => {
    expect(monthlyFigures(REPORT)).toEqual([
      { month: "2025-11", sent: 0, converted: 0 }, { month: "2025-12", sent: 6, converted: 1 },
      { month: "2026-01", sent: 0, converted: 0 }, { month: "2026-02", sent: 1, converted: 2 },
    ]);
  });
});

describe("the CSV of the conversion table", () => {
  it("has a header row of field names and one ;-separated row per month, kind and channel, nulls empty", () => {
    expect(conversionCsv(REPORT).split("\r\n")).toEqual([
      "month;kind;channel;sent;converted;conversion_rate;sms_parts;sms_cost_chf;cost_per_conversion_chf",
      "2025-12;repurchase;sms;4;1;0.25;4;0.48;0.48",
      "2025-12;control;email;2;0;0;0;0.00;",
      "2026-02;repurchase;sms;1;2;2;1;0.12;0.06",
      "",
    ]);
    expect(csvFileName(REPORT)).toBe("kontakt-conversion-2025-11-2026-02.csv");
  });
});
