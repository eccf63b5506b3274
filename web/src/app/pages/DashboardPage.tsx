import { useTranslation } from "react-i18next";
import { QuickLinks, Usage } from "../../features/dashboard";
import { Agenda } from "../../features/agenda";
import { Conversion } from "../../features/reports";
import { EmailSenderWarning } from "../../features/settings";

/** Übersicht: a warning while the e-mail sender is not verified, usage this month (and the SMS limit), the next 14 days, what reminders brought in. */
export default function DashboardPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("dashboard.title")}</h1>
      <EmailSenderWarning />
      <Usage />
      <Agenda />
      <Conversion />
      <QuickLinks />
    </section>
  );
}
