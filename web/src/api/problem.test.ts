import { describe, expect, it } from "vitest";
import { ApiProblem, fieldErrors, unwrap } from "./problem";

const response = (status: number) => new Response(null, { status });

describe("API errors", () => {
  it("unwrap gives the data of a success and throws the API's error otherwise", () => {
    expect(unwrap({ data: { id: "c1" }, response: response(200) })).toEqual({ id: "c1" });
    expect(unwrap({ data: undefined, response: response(204) })).toBeUndefined();
    const error = { error: { code: "invalid_field", message: "Must be between 1 and 99.", field: "lines[0].quantity" } };
    expect(() => unwrap({ error, response: response(422) })).toThrow(ApiProblem);
  });

  it("a problem naming a field of the form goes to that field, anything else to the form", () => {
    const problem = new ApiProblem(422, { code: "invalid_field", message: "bad", field: "mobile" });
    const atField = fieldErrors(problem, ["mobile", "email"]);
    expect(atField.byField("mobile")).toBe(problem);
    expect(atField.byField("email")).toBeUndefined();
    expect(atField.formError).toBeUndefined();
    const elsewhere = fieldErrors(problem, ["email"]);
    expect(elsewhere.byField("mobile")).toBeUndefined();
    expect(elsewhere.formError).toBe(problem);
  });
});
