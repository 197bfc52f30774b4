import type { LanguageInfo } from "../../i18n/locales";
import type { Lang } from "../../i18n/format";
import { tk } from "../../i18n/kiosk";

/** The kiosk's language buttons, one per registered language; a draft translation says so. */
export function KioskLangSwitch({ languages, lang, onChange }: { languages: LanguageInfo[]; lang: Lang; onChange: (l: Lang) => void }) {
  return (
    <div className="kiosk-lang" role="group" aria-label={tk(lang, "language")}>
      {languages.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          aria-pressed={lang === l.code}
          title={l.draft ? tk(lang, "draftLang") : undefined}
          onClick={() => onChange(l.code)}
        >
          {l.short}
          <span className="sr-only"> {l.name}{l.draft ? ` (${tk(lang, "draftLang")})` : ""}</span>
        </button>
      ))}
    </div>
  );
}
