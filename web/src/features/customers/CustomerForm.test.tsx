import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiProblem } from "../../api/problem";
import { CustomerForm } from "./CustomerForm";

describe("the customer form", () => {
  it("shows the API's error at the field it names, for screen readers too", () => {
    const problem = new ApiProblem(422, { code: "invalid_field", message: "Not a Swiss mobile number.", field: "mobile" });
    render(<CustomerForm busy={false} error={problem} submitLabel="speichern" onSubmit={() => {}} />);
    const mobile = screen.getByLabelText("Handynummer");
    expect(mobile).toHaveAttribute("aria-invalid", "true");
    expect(mobile).toHaveAccessibleDescription(/Bitte geben Sie eine Handynummer ein/);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("sends empty optional contact fields as none", async () => {
    const submit = vi.fn();
    render(<CustomerForm busy={false} error={null} submitLabel="speichern" onSubmit={submit} />);
    await userEvent.type(screen.getByLabelText("Vorname"), "Eva");
    await userEvent.type(screen.getByLabelText("Nachname"), "Muster");
    await userEvent.type(screen.getByLabelText("Handynummer"), "079 555 66 77");
    await userEvent.click(screen.getByRole("button", { name: "speichern" }));
    expect(submit).toHaveBeenCalledWith(expect.objectContaining({ first_name: "Eva", last_name: "Muster",
      mobile: "079 555 66 77", email: null, salutation: null, language: "de", preferred_channel: "sms" }));
  });
});
