import { FEEDBACK_KINDS, FORMAL_KINDS } from "../../domain/routing";
import type { Lang } from "../../i18n/format";
import { ft } from "../../i18n/feedback";

/** The five kinds as large radio cards; the note on complaints and denunciations below them. */
export function KindChoice({ lang, value, error }: { lang: Lang; value: string | undefined; error?: string }) {
  return (
    <fieldset
      className={`fb-kinds${error ? " has-error" : ""}`}
      id="kind"
      tabIndex={-1}
      role="radiogroup"
      aria-required="true"
      aria-invalid={error ? true : undefined}
      aria-describedby={`${error ? "kind-error " : ""}kind-note`}
    >
      <legend className="fb-legend">
        {ft(lang, "kindLegend")} <span className="fb-req">({ft(lang, "required")})</span>
      </legend>
      {error ? <p className="error-text" id="kind-error">{error}</p> : null}
      <div className="fb-kind-grid">
        {FEEDBACK_KINDS.map((k) => {
          const formal = (FORMAL_KINDS as readonly string[]).includes(k);
          return (
            <label key={k} className={`fb-kind${formal ? " formal" : ""}`}>
              <input type="radio" name="kind" value={k} defaultChecked={value === k} />
              <span className="fb-kind-box">
                <span className="fb-kind-name">{ft(lang, `kind.${k}`)}</span>
                <span className="fb-kind-hint">{ft(lang, `kindHint.${k}`)}</span>
              </span>
            </label>
          );
        })}
      </div>
      <p className="fb-formal-note" id="kind-note">
        <span aria-hidden="true">⚖ </span>
        {ft(lang, "formalNote")}
      </p>
    </fieldset>
  );
}
