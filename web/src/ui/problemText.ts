/** The words for an API error in the user's language (the API's `message` is English, for developers). */
import type { i18n as I18n } from "i18next";
import { ApiProblem } from "../api/problem";

/** The last name of a field path without list indexes: `lines[0].pack_size` → `pack_size`. */
export function fieldLeaf(field: string): string {
  return field.replace(/\[\d+\]/g, "").split(".").pop() ?? field;
}

/**
 * Which text explains `error`: the catalogue's text for its code and field
 * (`apiFieldErrors.<code>.<field>`), else for its code (`apiErrors.<code>`); the API's own
 * message only for a code the app does not know (a newer API than the app).
 */
export function problemText(i18n: I18n, error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.field) {
      const byField = `apiFieldErrors.${error.code}.${fieldLeaf(error.field)}`;
      if (i18n.exists(byField)) return i18n.t(byField as "apiErrors.error");
    }
    const byCode = `apiErrors.${error.code}`;
    return i18n.exists(byCode) ? i18n.t(byCode as "apiErrors.error") : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
