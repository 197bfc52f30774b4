import { useEffect, useState } from "react";
import type { Lang } from "../../i18n/format";
import { tk } from "../../i18n/kiosk";

/** Display preferences of one kiosk tablet, kept in its localStorage so staff set them once. */
export interface KioskPrefs {
  largeText: boolean;
  highContrast: boolean;
}

const STORAGE_KEY = "hailong.kiosk.display";

function readPrefs(): KioskPrefs {
  try {
    const v = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<KioskPrefs>;
    return { largeText: v.largeText === true, highContrast: v.highContrast === true };
  } catch {
    return { largeText: false, highContrast: false };
  }
}

/** The preferences (read after hydration, so the server and the first client render agree) and a setter that persists them. */
export function useKioskPrefs(): [KioskPrefs, (p: Partial<KioskPrefs>) => void] {
  const [prefs, setPrefs] = useState<KioskPrefs>({ largeText: false, highContrast: false });
  useEffect(() => setPrefs(readPrefs()), []);
  const update = (p: Partial<KioskPrefs>) =>
    setPrefs((old) => {
      const next = { ...old, ...p };
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      } catch {
        // private mode or full storage: the choice still holds until the page reloads
      }
      return next;
    });
  return [prefs, update];
}

/** CSS classes of the kiosk root for the preferences (see styles/kiosk-a11y.css). */
export function prefsClass(p: KioskPrefs): string {
  return `${p.largeText ? " large-text" : ""}${p.highContrast ? " high-contrast" : ""}`;
}

/** Two toggle buttons: larger text, high contrast. */
export function KioskPrefsBar({ prefs, onChange, lang }: { prefs: KioskPrefs; onChange: (p: Partial<KioskPrefs>) => void; lang: Lang }) {
  return (
    <div className="kiosk-prefs" role="group" aria-label={tk(lang, "display")}>
      <button type="button" className="kiosk-pref" title={tk(lang, "largeText")} aria-pressed={prefs.largeText} onClick={() => onChange({ largeText: !prefs.largeText })}>
        <span className="kiosk-pref-icon" aria-hidden="true">A+</span> {tk(lang, "largeText")}
      </button>
      <button type="button" className="kiosk-pref" title={tk(lang, "highContrast")} aria-pressed={prefs.highContrast} onClick={() => onChange({ highContrast: !prefs.highContrast })}>
        <span className="kiosk-pref-icon contrast" aria-hidden="true" /> {tk(lang, "highContrast")}
      </button>
    </div>
  );
}
