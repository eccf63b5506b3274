import { useTranslation } from "react-i18next";
import { QuickLinks, Usage } from "../../features/dashboard";
import { Conversion } from "../../features/reports";

/** Übersicht: usage this month, what reminders brought in, the way into the Kundenkartei. */
export default function DashboardPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("dashboard.title")}</h1>
      <Usage />
      <Conversion />
      <QuickLinks />
    </section>
  );
}
