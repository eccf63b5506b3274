/** i18next with German built in and fr/it/en loaded when chosen (keeps the first screen small). */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import de from "./locales/de.json";

export const LANGUAGES = ["de", "fr", "it", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = "kontakt.language";
export const MISSING_KEY = "i18n: missing key";

const loaders: Record<Exclude<Language, "de">, () => Promise<{ default: unknown }>> = {
  fr: () => import("./locales/fr.json"),
  it: () => import("./locales/it.json"),
  en: () => import("./locales/en.json"),
};

function initial(): Language {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(STORED) : null;
  return (LANGUAGES as readonly string[]).includes(saved ?? "") ? (saved as Language) : "de";
}

export async function changeLanguage(language: Language): Promise<void> {
  if (language !== "de" && !i18n.hasResourceBundle(language, "translation")) {
    const catalogue = await loaders[language]();
    i18n.addResourceBundle(language, "translation", catalogue.default, true, true);
  }
  await i18n.changeLanguage(language);
  localStorage.setItem(STORED, language);
  document.documentElement.lang = language;
}

void i18n.use(initReactI18next).init({
  resources: { de: { translation: de } },
  lng: "de",
  fallbackLng: "de",
  interpolation: { escapeValue: false },
  returnNull: false,
  // A key found in no catalogue (a typo, a code the app does not know) is said on the console:
  // the e2e runs fail on it (e2e/languages.spec.ts). Keys missing in one language only are caught
  // by the catalogue test (the four have the same keys).
  saveMissing: true,
  missingKeyHandler: (languages, _namespace, key) => {
    console.warn(`${MISSING_KEY} ${key} (${languages.join(", ")})`);
  },
});

const start = initial();
export const ready: Promise<void> = start === "de" ? Promise.resolve() : changeLanguage(start);

export default i18n;
