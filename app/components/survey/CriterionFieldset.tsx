import type { Lang } from "../../i18n/format";
import { translate } from "../../i18n/messages";
import { st } from "../../i18n/survey";
import { ANSWER_CHOICES, NOT_APPLICABLE } from "../../schemas/survey-form";
import { criterionId, errorId } from "./ids";

/** One criterion: a fieldset whose legend is the criterion, with 1–5 and "Không áp dụng" as big tap targets. */
export function CriterionFieldset({
  code, no, text, value, error, lang,
}: { code: string; no: number; text: string; value?: string; error?: string; lang: Lang }) {
  const id = criterionId(code);
  const name = `answers.${code}`;
  return (
    <fieldset
      id={id}
      className={`criterion${error ? " has-error" : ""}`}
      aria-describedby={error ? errorId(id) : undefined}
      tabIndex={-1}
    >
      <legend className="criterion-legend">
        <span className="criterion-no">{st(lang, "questionNo", { i: no })}</span>
        <span className="criterion-text">{text}</span>
      </legend>
      {error ? (
        <p className="error-text criterion-error" id={errorId(id)}>
          <span className="sr-only">{lang === "en" ? "Error: " : "Lỗi: "}</span>
          {error}
        </p>
      ) : null}
      <div className="scale">
        {ANSWER_CHOICES.map((choice) => {
          const na = choice === NOT_APPLICABLE;
          return (
            <label key={choice} className={`opt${na ? " opt-na" : ""}`} data-level={choice}>
              <input
                type="radio"
                className="opt-input"
                name={name}
                value={choice}
                defaultChecked={value === choice}
              />
              <span className="opt-box">
                {na ? null : <span className="opt-num" aria-hidden="true">{choice}</span>}
                <span className="opt-text">{translate(lang, na ? "scale.na" : (`scale.${choice}` as "scale.1"))}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
