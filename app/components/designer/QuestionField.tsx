import type { FieldQuestion } from "../../domain/question-types";
import type { Lang } from "../../i18n/format";
import { st } from "../../i18n/survey";
import { CriterionFieldset } from "../survey/CriterionFieldset";
import { criterionId, errorId } from "../survey/ids";

const T = {
  vi: { yes: "Có", no: "Không", optional: "không bắt buộc", amount: "Nhập số, ví dụ 200000", chars: "Tối đa {n} ký tự.", err: "Lỗi: " },
  en: { yes: "Yes", no: "No", optional: "optional", amount: "Type a number, e.g. 200000", chars: "At most {n} characters.", err: "Error: " },
};

/**
 * One question of any type: the 1–5 scale (CriterionFieldset), yes/no and single choice as big
 * radio tap targets in a fieldset, a number or a free text with a label. Plain HTML: works
 * without JavaScript; the field name is `answers.<code>` like the 1–5 criteria.
 */
export function QuestionField({ q, value, error, lang, idPrefix = "" }: { q: FieldQuestion; value?: string; error?: string; lang: Lang; idPrefix?: string }) {
  if (q.type === "likert5") return <CriterionFieldset code={`${idPrefix}${q.code}`} no={q.no} text={q.text} value={value} error={error} lang={lang} />;
  const t = T[lang === "en" ? "en" : "vi"];
  // A preview shows the same questionnaire twice: the prefix keeps ids and radio groups apart.
  const id = criterionId(`${idPrefix}${q.code}`);
  const name = `answers.${idPrefix}${q.code}`;
  const errorLine = error ? (
    <p className="error-text criterion-error" id={errorId(id)}>
      <span className="sr-only">{t.err}</span>
      {error}
    </p>
  ) : null;
  if (q.type === "yes_no" || q.type === "choice") {
    const opts = q.type === "yes_no" ? [{ v: "1", label: t.yes }, { v: "0", label: t.no }] : (q.options ?? []).map((label, i) => ({ v: String(i + 1), label }));
    return (
      <fieldset id={id} className={`criterion dq-${q.type}${error ? " has-error" : ""}`} aria-describedby={error ? errorId(id) : undefined} tabIndex={-1}>
        <legend className="criterion-legend">
          <span className="criterion-no">{st(lang, "questionNo", { i: q.no })}</span>
          <span className="criterion-text">{q.text}</span>
        </legend>
        {errorLine}
        <div className={q.type === "yes_no" ? "dq-yn" : "dq-choices"}>
          {opts.map((o) => (
            <label key={o.v} className="opt dq-opt">
              <input type="radio" className="opt-input" name={name} value={o.v} defaultChecked={value === o.v} />
              <span className="opt-box"><span className="dq-label">{o.label}</span></span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  const inputId = `${id}-input`;
  const hintId = `${id}-hint`;
  const described = [error ? errorId(id) : null, hintId].filter(Boolean).join(" ");
  return (
    <div id={id} className={`criterion dq-${q.type}${error ? " has-error" : ""}`} tabIndex={-1}>
      <label className="criterion-legend" htmlFor={inputId}>
        <span className="criterion-no">{st(lang, "questionNo", { i: q.no })}</span>
        <span className="criterion-text">{q.text}</span>
      </label>
      {errorLine}
      {q.type === "number" ? (
        <div className="dq-number">
          <input
            id={inputId} name={name} type="text" inputMode="numeric" autoComplete="off" defaultValue={value ?? ""}
            aria-invalid={error ? true : undefined} aria-describedby={described}
          />
          {q.unit ? <span className="dq-unit">{q.unit}</span> : null}
        </div>
      ) : (
        <textarea id={inputId} name={name} rows={3} maxLength={q.maxLength ?? 2000} defaultValue={value ?? ""} aria-invalid={error ? true : undefined} aria-describedby={described} />
      )}
      <span className="field-note" id={hintId}>
        ({t.optional}) {q.type === "number" ? t.amount : t.chars.replace("{n}", String(q.maxLength ?? 2000))}
      </span>
    </div>
  );
}
