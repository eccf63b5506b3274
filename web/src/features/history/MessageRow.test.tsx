import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { MessageRow } from "./MessageRow";
import type { Message } from "./api";

const sms: Message = { id: "m1", customer_id: "c1", kind: "repurchase_reminder", topic: "repurchase", channel: "sms",
  to: "+41795556677", subject: null, status: "failed", reason: "invalid_number", reason_text: null, reason_detail: null,
  text: "Grüezi Eva, Ihre Linsen gehen zu Ende.", html: null, parts: 1, cost_chf: "0.12", trigger: "automatic",
  created_at: "2026-12-04T08:00:00Z", updated_at: "2026-12-04T08:00:00Z", sent_at: null, delivered_at: null,
  failed_at: null, provider_message_id: null };

describe("a message in the Historie", () => {
  it("says Fehler with the reason in words, and opens the exact text, parts and cost from the v toggle", async () => {
    render(<MemoryRouter><ul><MessageRow message={sms} fixHref="/customers/c1/stammdaten" /></ul></MemoryRouter>);
    expect(screen.getByText("Fehler")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Kontaktdaten korrigieren" })).toHaveAttribute("href", "/customers/c1/stammdaten");
    expect(screen.getByText(/Handynummer ist falsch/)).toBeInTheDocument();
    expect(screen.queryByText(sms.text!)).not.toBeInTheDocument();
    const toggle = screen.getByRole("button", { name: "Details" });
    expect(toggle).toHaveTextContent("v");
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(screen.getByText(sms.text!)).toBeInTheDocument();
    expect(screen.getByText(/^CHF.0\.12$/)).toBeInTheDocument();
  });

  it("says Erfolg once delivered and names the states in between plainly", () => {
    const { rerender } = render(<ul><MessageRow message={{ ...sms, status: "delivered" as unknown as Message["status"], reason: null }} /></ul>);
    expect(screen.getByText("Erfolg")).toBeInTheDocument();
    rerender(<ul><MessageRow message={{ ...sms, status: "sent", reason: null }} /></ul>);
    expect(screen.getByText("Gesendet, Zustellung offen")).toBeInTheDocument();
    rerender(<ul><MessageRow message={{ ...sms, status: "skipped", reason: "topic_off" }} /></ul>);
    expect(screen.getByText("Nicht gesendet")).toBeInTheDocument();
    expect(screen.getByText("Das Kommunikations-Thema ist beim Kunden abgestellt.")).toBeInTheDocument();
  });

  it("shows an e-mail as sent in a frame that may run nothing", async () => {
    render(<ul><MessageRow message={{ ...sms, channel: "email", status: "sent", reason: null, subject: "Nachkauf",
      html: "<p>Hallo</p>" }} /></ul>);
    await userEvent.click(screen.getByRole("button", { name: "Details" }));
    const frame = screen.getByTitle("E-Mail «Nachkauf»");
    expect(frame).toHaveAttribute("sandbox", "");
    expect(frame).toHaveAttribute("srcdoc", "<p>Hallo</p>");
  });

  it("in the all-customer list: the customer's name leads to the customer, an unknown reason shows the API's words, and the details say when it failed", async () => {
    render(<MemoryRouter><ul><MessageRow message={{ ...sms, reason: "brand_new_code", reason_text: "Provider said no",
      failed_at: "2026-12-04T08:01:00Z" }} customerName="Eva Keller" customerHref="/customers/c1/historie" /></ul></MemoryRouter>);
    expect(screen.getByRole("link", { name: "Eva Keller" })).toHaveAttribute("href", "/customers/c1/historie");
    expect(screen.getByText("Provider said no")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Details" }));
    expect(screen.getByText("Fehlgeschlagen am").nextElementSibling).toHaveTextContent(/^04\.12\.2026.*09:01/);
  });
});
