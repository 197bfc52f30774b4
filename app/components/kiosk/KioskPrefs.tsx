import { useCallback, useEffect, useState } from "react";
import type { Lang } from "../../i18n/format";
import { tk } from "../../i18n/kiosk";

/** Display preferences of the citizen at the kiosk (larger text, high contrast). */
interface KioskPrefs {
  largeText: boolean;
  highContrast: boolean;
}

/** The kiosk's defaults: what every new citizen starts from (issue 17). */
const DEFAULT_PREFS: KioskPrefs = { largeText: false, highContrast: false };

/**
 * One citizen's display choices. They are not kept on the tablet: the idle reset and the end of a
 * rating put them back to the kiosk's defaults, so the next citizen never inherits them.
 */
export function useKioskPrefs(): [KioskPrefs, (p: Partial<KioskPrefs>) => void, () => void] {
  const [prefs, setPrefs] = useState<KioskPrefs>(DEFAULT_PREFS);
  useEffect(() => {
    // An older build kept the choice in localStorage; forget it so it cannot come back.
    try {
      window.localStorage.removeItem("hailong.kiosk.display");
    } catch {
      // storage unavailable: nothing to forget
    }
  }, []);
  const update = (p: Partial<KioskPrefs>) => setPrefs((old) => ({ ...old, ...p }));
  const reset = useCallback(() => setPrefs(DEFAULT_PREFS), []);
  return [prefs, update, reset];
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
