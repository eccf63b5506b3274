import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useProblemText } from "./fields";

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return <p className="loading" role="status" aria-live="polite">{label ?? t("common.loading")}</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A failed query: said plainly, with a retry. */
export function LoadError({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  const text = useProblemText();
  return (
    <div className="form-error" role="alert">
      <p>{t("common.loadFailed")} {text(error)}</p>
      {retry && <button type="button" onClick={retry}>{t("common.retry")}</button>}
    </div>
  );
}
