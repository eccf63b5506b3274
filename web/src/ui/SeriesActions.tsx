import { useTranslation } from "react-i18next";

/** The buttons of a repeating reminder in a list: change it, switch it off or on, delete it. */
export function SeriesActions({ active, onChange, onToggle, onDelete }: {
  active: boolean; onChange: () => void; onToggle: () => void; onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="button" onClick={onChange}>{t("common.change")}</button>
      <button type="button" onClick={onToggle}>{active ? t("common.deactivate") : t("common.activate")}</button>
      <button type="button" className="danger" onClick={onDelete}>{t("common.delete")}</button>
    </div>
  );
}
