import { useEffect, useRef, type MouseEvent } from "react";

/** One problem to fix: it links to its field when it is about one. */
export interface SummaryItem {
  /** Id of the field or fieldset to fix; none for errors that are not about one field. */
  target?: string;
  label: string;
  message: string;
}

/** A question left unanswered, shown as a compact "Câu n" link. */
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

function Problem({ it }: { it: SummaryItem }) {
  const text = <><strong>{it.label}</strong>: {it.message}</>;
  return it.target ? <a href={`#${it.target}`} onClick={(e) => jump(e, it.target!)}>{text}</a> : <span>{text}</span>;
}

/**
 * The one error summary of every form: what went wrong at the top, each problem linking to its
 * field, unanswered questions as a row of links. With a `stamp` (changed by each refusal) it takes
 * the focus when shown, so a screen reader reads it out.
 */
export function ErrorSummary({
  id, className, title, intro, items = [], unanswered, stamp,
}: {
  id: string;
  className?: string;
  title?: string;
  intro: string;
  items?: SummaryItem[];
  unanswered?: { intro: string; items: UnansweredItem[] };
  stamp?: unknown;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length + (unanswered?.items.length ?? 0);
  const focus = stamp !== undefined;
  useEffect(() => {
    if (focus && ref.current) {
      ref.current.scrollIntoView({ block: "start" });
      ref.current.focus({ preventScroll: true });
    }
  }, [stamp, count, focus]);
  return (
    <div className={`error-summary ${className ?? ""}`.trim()} role="alert" aria-labelledby={title ? `${id}-title` : undefined} tabIndex={focus ? -1 : undefined} ref={ref}>
      {title ? <h2 id={`${id}-title`}>{title}</h2> : null}
      <p>{intro}</p>
      {items.length > 0 ? (
        <ul className="summary-list">
          {items.map((it, i) => <li key={i}><Problem it={it} /></li>)}
        </ul>
      ) : null}
      {unanswered && unanswered.items.length > 0 ? (
        <>
          <p className="summary-sub">{unanswered.intro}</p>
          <ul className="summary-chips">
            {unanswered.items.map((u) => (
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
