import { useEffect, useRef } from "react";
import type { Lang } from "../../i18n/format";
import { ft } from "../../i18n/feedback";

export interface SummaryItem {
  /** Id of the field to fix; none for an error that is not about one field. */
  target?: string;
  label: string;
  message: string;
}

/** The problems at the top of the form, each linking to its field; focused when shown (with JS). */
export function ErrorSummary({ items, lang, stamp }: { items: SummaryItem[]; lang: Lang; stamp: unknown }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (items.length > 0 && ref.current) {
      ref.current.scrollIntoView({ block: "start" });
      ref.current.focus({ preventScroll: true });
    }
  }, [stamp, items.length]);
  if (items.length === 0) return null;
  return (
    <div className="error-summary fb-summary" role="alert" aria-labelledby="fb-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="fb-summary-title">{ft(lang, "summaryTitle")}</h2>
      <p>{ft(lang, "summaryCount", { n: items.length })}</p>
      <ul>
        {items.map((it, i) => (
          <li key={i}>
            {it.target ? (
              <a
                href={`#${it.target}`}
                onClick={(e) => {
                  // A hash change would be a router navigation and drop the errors: focus instead.
                  const el = document.getElementById(it.target!);
                  if (!el) return;
                  e.preventDefault();
                  el.scrollIntoView({ block: "center" });
                  el.focus({ preventScroll: true });
                }}
              >
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
    </div>
  );
}
