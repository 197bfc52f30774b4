import { Link } from "@remix-run/react";
import { type Lang, formatPercent } from "../../i18n/format";
import { ciText, formatDecimal, nodeName, nText, targetLines, type IndexNodeView } from "./format";
import { StatusBadge } from "./StatusBadge";
import { TARGET_KIND_WORDS } from "../../domain/verdict";
import type { Summary } from "../../domain/leader-summary";

/**
 * What a leader opens first, on the dashboard and the staff home page: the headline with its
 * verdicts, the weakest places, the change since last month, feedback waiting and open alerts.
 * Every sentence comes from app/domain/leader-summary.ts.
 */
export function LeaderSummary({ lang, year, scopeName, root, summary, links }: {
  lang: Lang; year: number; scopeName: string; root: IndexNodeView; summary: Summary;
  links: { feedback: string; alerts: string; node?: (code: string) => string; place?: (code: string) => string };
}) {
  const en = lang === "en";
  const target = targetLines(lang, root, year);
  const words = TARGET_KIND_WORDS[en ? "en" : "vi"];
  return (
    <section className="card lead-sum" aria-labelledby="lead-sum-title" data-testid="leader-summary">
      <div className="lead-head">
        <h2 id="lead-sum-title" className="lead-kicker">{nodeName(lang, root)} {en ? "in" : "năm"} {year} — {scopeName}</h2>
        <p className="lead-value-row">
          <span className="lead-value" data-testid="summary-value">{formatPercent(root.value, lang)}</span>
          <StatusBadge lang={lang} verdict={root.verdict} testId="summary-status" label={root.pointsVerdict ? words.rate : undefined} />
        </p>
        <p className="lead-facts muted">
          {nText(lang, root.n)} · {ciText(lang, root.ciLow, root.ciHigh)} · {target.main}{target.threshold ? ` (${target.threshold})` : ""}
        </p>
        {root.pointsVerdict ? (
          <p className="lead-facts" data-testid="summary-points">
            {words.points}: {formatDecimal(root.target?.pointTarget ?? null, lang)} / {formatDecimal(root.maxPoints, lang)} {en ? "points" : "điểm"}, {en ? "measured" : "đo được"} {formatDecimal(root.points, lang)}{" "}
            <StatusBadge lang={lang} verdict={root.pointsVerdict} testId="summary-points-status" />
          </p>
        ) : null}
      </div>
      <ul className="lead-tiles">
        <li data-testid="summary-weakest">
          <h3>{en ? "Weakest" : "Yếu nhất"}</h3>
          <p>
            {summary.weakestSub && links.node ? <Link to={links.node(summary.weakestSub.code)}>{summary.weakestSubText}</Link> : summary.weakestSubText}
          </p>
          {summary.weakestPlaces.length > 0 ? (
            <ol className="lead-places">
              {summary.weakestPlaces.map((p) => (
                <li key={p.code}>
                  {links.place ? <Link to={links.place(p.code)}>{p.name}</Link> : p.name} — <strong>{formatPercent(p.value, lang)}</strong>
                </li>
              ))}
            </ol>
          ) : null}
          <p className="muted lead-small">{summary.weakestPlacesText}</p>
        </li>
        <li data-testid="summary-change">
          <h3>{en ? (summary.changeTitle === "So với năm trước" ? "Since last year" : "Since last month") : summary.changeTitle}</h3>
          <p>{summary.changeText}</p>
        </li>
        <li data-testid="summary-feedback">
          <h3>{en ? "Feedback" : "Phản ánh, kiến nghị"}</h3>
          <p>{summary.feedbackText}</p>
          <Link to={links.feedback}>{en ? "Open the inbox" : "Mở hộp thư"}</Link>
        </li>
        <li data-testid="summary-alerts">
          <h3>{en ? "Alerts" : "Cảnh báo"}</h3>
          <p>{summary.alertsText}</p>
          <Link to={links.alerts}>{en ? "See the alerts" : "Xem cảnh báo"}</Link>
        </li>
      </ul>
    </section>
  );
}
