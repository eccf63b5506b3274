import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "./problemText";

/** The words for an API error in the user's language (problemText.ts). */
export function useProblemText() {
  const { i18n } = useTranslation();
  return (error: unknown): string => problemText(i18n, error);
}

interface FieldProps {
  label: string;
  error?: unknown;
  hint?: string;
}

function Described({ id, error, hint }: { id: string; error?: unknown; hint?: string }) {
  const text = useProblemText();
  return (
    <>
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
      {error ? <span className="field-error" id={`${id}-error`}>{text(error)}</span> : null}
    </>
  );
}

function describedBy(id: string, error?: unknown, hint?: string) {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export function TextField({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({ label, error, hint, children, ...select }:
  FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <div className={`field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...select}>
        {children}
      </select>
      <Described id={id} error={error} hint={hint} />
    </div>
  );
}

export function CheckboxField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** An error the form could not place at a field: announced to screen readers. */
export function FormError({ error }: { error: unknown }) {
  const text = useProblemText();
  if (!error) return null;
  return <p className="form-error" role="alert">{text(error)}</p>;
}
