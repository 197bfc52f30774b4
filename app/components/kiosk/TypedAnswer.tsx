import { type Lang, formatNumber } from "../../i18n/format";
import { tk } from "../../i18n/kiosk";

/**
 * The answer area of a kiosk question that is not a 1–5 rating (docs/decisions/0006): yes/no and
 * single choice as big numbered buttons, a number typed with vi-VN grouping, an optional free text.
 * The question's heading, progress and Back live in KioskApp.
 */

export interface TypedQuestion {
  code: string;
  type: string;
  options?: Array<{ label: string; labelEn: string | null }>;
  unit?: string | null;
  unitEn?: string | null;
  min?: number;
  max?: number;
  maxLength?: number;
}

/** The buttons of a yes/no or choice question: value sent, label in the screen's language. */
export function answerOptions(q: TypedQuestion, lang: Lang): Array<{ value: number; label: string }> {
  if (q.type === "yes_no") return [{ value: 1, label: tk(lang, "yes") }, { value: 0, label: tk(lang, "no") }];
  return (q.options ?? []).map((o, i) => ({ value: i + 1, label: (lang === "en" ? o.labelEn : null) ?? o.label }));
}

/** Key 1…9 → the value of the option on that button, or null. */
export function optionForKey(q: TypedQuestion, key: string): number | null {
  if (q.type === "yes_no") {
    const k = key.toLowerCase();
    if (k === "1" || k === "c" || k === "y") return 1;
    if (k === "2" || k === "k" || k === "n") return 0;
    return null;
  }
  if (q.type !== "choice" || !/^[1-9]$/.test(key)) return null;
  const i = Number(key);
  return i <= (q.options?.length ?? 0) ? i : null;
}

/** Digits only ("200.000 đ" → "200000"); "" when nothing was typed. */
export const digitsOf = (raw: string) => raw.replace(/\D/g, "").replace(/^0+(?=\d)/, "").slice(0, 12);

/** A typed amount shown with vi-VN grouping as it is typed: 200000 → 200.000. */
export const groupDigits = (digits: string, lang: Lang) => (digits ? formatNumber(Number(digits), lang) : "");

/** The error of a typed number (null when empty or fine). */
export function numberError(q: TypedQuestion, digits: string, lang: Lang): string | null {
  if (!digits) return null;
  const v = Number(digits);
  const min = q.min ?? 0;
  const max = q.max ?? 2_000_000_000;
  return v >= min && v <= max ? null : tk(lang, "numberInvalid", { min: formatNumber(min, lang), max: formatNumber(max, lang) });
}

export function ChoiceButtons({ q, lang, selected, onChoose, label }: { q: TypedQuestion; lang: Lang; selected: number | undefined; onChoose: (v: number) => void; label: string }) {
  const opts = answerOptions(q, lang);
  return (
    <div className={`kiosk-options ${q.type === "yes_no" ? "yes-no" : `n${Math.min(opts.length, 6)}`}`} role="group" aria-label={label}>
      {opts.map((o, i) => (
        <button
          key={o.value}
          type="button"
          className={`kiosk-option${selected === o.value ? " selected" : ""}${q.type === "yes_no" ? (o.value === 1 ? " yes" : " no") : ""}`}
          data-value={o.value}
          aria-pressed={selected === o.value}
          onClick={() => onChoose(o.value)}
        >
          <span className="kiosk-face-key" aria-hidden="true">{i + 1}</span>
          {q.type === "yes_no" ? <YesNoIcon yes={o.value === 1} /> : null}
          <span className="kiosk-option-label">{o.label}</span>
        </button>
      ))}
    </div>
  );
}

function YesNoIcon({ yes }: { yes: boolean }) {
  return (
    <svg className="kiosk-option-icon" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
      <circle cx="50" cy="50" r="44" fill={yes ? "#e3f2ea" : "#f6e7e4"} stroke={yes ? "#0b6e4f" : "#a3392b"} strokeWidth="6" />
      {yes ? (
        <path d="M30 52 L44 66 L71 37" fill="none" stroke="#0b6e4f" strokeWidth="9" strokeLinecap="round" strokeLinejoin="round" />
      ) : (
        <path d="M35 35 L65 65 M65 35 L35 65" fill="none" stroke="#a3392b" strokeWidth="9" strokeLinecap="round" />
      )}
    </svg>
  );
}

export function NumberAnswer({ q, lang, value, error, label, onChange, onEnter }: { q: TypedQuestion; lang: Lang; value: string; error: string | null; label: string; onChange: (digits: string) => void; onEnter: () => void }) {
  const unit = (lang === "en" ? q.unitEn : null) ?? q.unit ?? null;
  return (
    <div className={`kiosk-number${error ? " has-error" : ""}`}>
      <label className="sr-only" htmlFor="kiosk-number">{label}</label>
      <div className="kiosk-number-row">
        <input
          id="kiosk-number"
          className="kiosk-number-input"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          enterKeyHint="next"
          value={groupDigits(value, lang)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "kiosk-number-error kiosk-number-hint" : "kiosk-number-hint"}
          onChange={(e) => onChange(digitsOf(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              onEnter();
            }
          }}
        />
        {unit ? <span className="kiosk-number-unit">{unit}</span> : null}
      </div>
      {error ? <p className="kiosk-field-error" id="kiosk-number-error" role="alert">{error}</p> : null}
      <p className="kiosk-hint small" id="kiosk-number-hint">{tk(lang, "numberHint")}</p>
    </div>
  );
}

export function TextAnswer({ q, lang, value, label, placeholder, onChange }: { q: TypedQuestion; lang: Lang; value: string; label: string; placeholder: string; onChange: (text: string) => void }) {
  const max = q.maxLength ?? 2000;
  return (
    <div className="kiosk-text">
      <label className="sr-only" htmlFor="kiosk-text">{label}</label>
      <textarea
        id="kiosk-text"
        className="kiosk-textarea"
        value={value}
        maxLength={max}
        rows={4}
        placeholder={placeholder}
        aria-describedby="kiosk-text-hint"
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="kiosk-hint small" id="kiosk-text-hint">
        {tk(lang, "textHint")} <span className="kiosk-count">{tk(lang, "textCount", { c: formatNumber(value.length, lang), max: formatNumber(max, lang) })}</span>
      </p>
    </div>
  );
}
