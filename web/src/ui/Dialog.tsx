import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A modal dialog (native <dialog>: focus trap, Escape closes). Rendered only while open. */
export function Dialog({ title, onClose, children, wide }:
  { title: string; onClose: () => void; children: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useTranslation();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
    return () => dialog?.close?.();
  }, []);
  return (
    <dialog ref={ref} className={wide ? "wide" : undefined} aria-labelledby="dialog-title"
      onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <header className="dialog-head">
        <h2 id="dialog-title">{title}</h2>
        <button type="button" className="icon" onClick={onClose} aria-label={t("common.close")}>×</button>
      </header>
      {children}
    </dialog>
  );
}

/** "Really delete …?" with the consequence spelled out. */
export function ConfirmDialog({ title, text, confirm, onConfirm, onClose, busy, error }:
  { title: string; text: string; confirm: string; onConfirm: () => void; onClose: () => void; busy?: boolean;
    error?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{text}</p>
      {error}
      <div className="actions">
        <button type="button" onClick={onClose}>{t("common.cancel")}</button>
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>{confirm}</button>
      </div>
    </Dialog>
  );
}
