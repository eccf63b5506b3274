import { NavLink, Outlet } from "react-router";
import { useTranslation } from "react-i18next";
import { getSession, setSession } from "../auth/session";
import { signOutUrl } from "../auth/cognito";
import { changeLanguage, LANGUAGES, type Language } from "../i18n";

/** Navigation (the seeds' places), language and sign-out around every signed-in screen. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const session = getSession();
  const signOut = () => {
    const url = signOutUrl();
    setSession(null);
    if (url) window.location.assign(url);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">{t("nav.skip")}</a>
      <header className="topbar">
        <span className="brand">kontakt</span>
        <nav aria-label={t("nav.label")}>
          <NavLink to="/" end>{t("nav.dashboard")}</NavLink>
          <NavLink to="/customers">{t("nav.customers")}</NavLink>
          <NavLink to="/messages">{t("nav.messages")}</NavLink>
          <NavLink to="/settings">{t("nav.settings")}</NavLink>
        </nav>
        <div className="topbar-end">
          {session?.name && <span className="who">{session.name}</span>}
          <label className="lang">
            <span className="visually-hidden">{t("nav.language")}</span>
            <select value={i18n.language} onChange={(e) => void changeLanguage(e.target.value as Language)}>
              {LANGUAGES.map((code) => <option key={code} value={code}>{t(`languages.${code}`)}</option>)}
            </select>
          </label>
          <button type="button" onClick={signOut}>{t("nav.signOut")}</button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
