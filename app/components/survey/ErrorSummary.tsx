import { useEffect, useRef, type MouseEvent } from "react";
import type { Lang } from "../../i18n/format";
import { st } from "../../i18n/survey";

export interface SummaryItem {
  /** Id of the field or fieldset to fix; none for errors that are not about one field. */
  target?: string;
  label: string;
  message: string;
}

export interface UnansweredItem {
  target: string;
  /** "Câu 9" */
  short: string;
  /** The criterion's text, for screen readers. */
  text: string;
}

/**
 * Moves to a field without changing the URL's hash: with JavaScript, a hash change is a navigation
 * for the router and would drop the action's errors. Without JavaScript the plain link works.
 */
function jump(e: MouseEvent<HTMLAnchorElement>, target: string) {
  const el = document.getElementById(target);
  if (!el) return;
  e.preventDefault();
  el.scrollIntoView({ block: "start" });
  const focusable = el.matches("input, select, textarea") ? el : el.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea");
  (focusable ?? el).focus({ preventScroll: true });
}

/**
 * The problems at the top of the form, each linking to its field; unanswered criteria as a compact
 * row of "Câu n" links. Focused when shown (with JavaScript), so it is read out.
 */
export function ErrorSummary({ items, unanswered, lang, stamp }: { items: SummaryItem[]; unanswered: UnansweredItem[]; lang: Lang; stamp: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length + unanswered.length;
  useEffect(() => {
    if (count > 0 && ref.current) {
      ref.current.scrollIntoView({ block: "start" });
      ref.current.focus({ preventScroll: true });
    }
  }, [stamp, count]);
  if (count === 0) return null;
  return (
    <div className="error-summary survey-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">{st(lang, "summaryTitle")}</h2>
      <p>{st(lang, "summaryCount", { n: count })}</p>
      {items.length > 0 ? (
        <ul className="summary-list">
          {items.map((it, i) => (
            <li key={i}>
              {it.target ? (
                <a href={`#${it.target}`} onClick={(e) => jump(e, it.target!)}>
                  <strong>{it.label}</strong>: {it.message}
                </a>
              ) : (
                <span>
                  <strong>{it.label}</strong>: {it.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {unanswered.length > 0 ? (
        <>
          <p className="summary-sub">{st(lang, "unansweredList", { n: unanswered.length })}</p>
          <ul className="summary-chips">
            {unanswered.map((u) => (
              <li key={u.target}>
                <a href={`#${u.target}`} onClick={(e) => jump(e, u.target)}>
                  {u.short}
                  <span className="sr-only">. {u.text}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
