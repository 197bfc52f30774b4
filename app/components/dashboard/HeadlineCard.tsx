import { Link } from "@remix-run/react";
import { type Lang, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { ciText, formatDecimal, nodeName, nText, pointsText, previousText, targetLines, type IndexNodeView } from "./format";
import { MIN_SAMPLE } from "../../domain/figure";
import { StatusBadge } from "./StatusBadge";
import { TARGET_KIND_WORDS } from "../../domain/verdict";

/** One index node as a card: value, n, interval, target, status, PAR points and last year. */
export function HeadlineCard({ lang, node, year, main = false, href, official = null, officialPoints = null }: {
  lang: Lang; node: IndexNodeView; year: number; main?: boolean; href?: string;
  /** The PAR points published for the node's criterion, shown beside the points computed from the measured rate. */
  officialPoints?: { score: number } | null;
  /** The published figure in percent (0–100), shown beside the measured one with the gap. */
  official?: { score: number; rank: number | null; rankOf: number } | null;
}) {
  const target = targetLines(lang, node, year);
  const points = pointsText(lang, node, main);
  const prev = previousText(lang, node, year);
  const small = node.value !== null && node.n < MIN_SAMPLE;
  const id = `node-${node.code}`;
  return (
    <section className={`card dash-card${main ? " main" : ""} is-${node.status}`} aria-labelledby={`${id}-title`} data-testid={`${id}-card`}>
      <h3 id={`${id}-title`} className="dash-card-title">
        {href ? <Link to={href} data-testid={`${id}-link`}>{nodeName(lang, node)}</Link> : nodeName(lang, node)}
        {node.parCode ? <span className="dash-par"> · {node.parCode}</span> : null}
      </h3>
      <div className="dash-value-row">
        <span className="dash-value" data-testid={`${id}-value`}>{formatPercent(node.value, lang)}</span>
        <StatusBadge lang={lang} verdict={node.verdict} testId={`${id}-status`} label={node.pointsVerdict ? TARGET_KIND_WORDS[lang === "en" ? "en" : "vi"].rate : undefined} />
      </div>
      {small ? <p className="dash-small" role="note" data-testid={`${id}-small`}>{td(lang, "card.smallSample")}</p> : null}
      <ul className="dash-facts">
        <li>
          <span data-testid={`${id}-n`} title={td(lang, "card.nTitle")}>{nText(lang, node.n)}</span>
          {" · "}
          <span data-testid={`${id}-ci`}>{ciText(lang, node.ciLow, node.ciHigh)}</span>
        </li>
        <li data-testid={`${id}-target`}>
          {target.main}
          {target.threshold ? <span className="muted"> — {target.threshold}</span> : null}
        </li>
        {points ? (
          <li data-testid={`${id}-points`}>
            <span className="muted">{td(lang, "card.par", { code: node.parCode ?? "" })}: </span>
            {points}
            {node.pointsVerdict ? <> <StatusBadge lang={lang} verdict={node.pointsVerdict} testId={`${id}-points-status`} /></> : null}
            {officialPoints ? (
              <span data-testid={`${id}-official-points`}>
                {" · "}{lang === "en" ? "published" : "chính thức đã công bố"}: {formatDecimal(officialPoints.score, lang)} {lang === "en" ? "points" : "điểm"}
              </span>
            ) : null}
          </li>
        ) : null}
        {official ? (
          <li data-testid={`${id}-official`}>
            <span className="muted">{lang === "en" ? "Official (published)" : "Kết quả chính thức đã công bố"}: </span>
            <strong>{formatPercent(official.score / 100, lang)}</strong>
            {official.rank !== null ? ` · ${lang === "en" ? "rank" : "xếp hạng"} ${official.rank}/${official.rankOf}` : ""}
            {node.value !== null ? ` · ${lang === "en" ? "measured minus official" : "đo được so với chính thức"}: ${gap(node.value * 100 - official.score, lang)}` : ""}
          </li>
        ) : null}
        <li data-testid={`${id}-previous`}>
          {prev.value}
          {prev.change ? <span className={`dash-change ${changeClass(node)}`}> ({prev.change})</span> : null}
        </li>
      </ul>
      {node.target?.note ? (
        <details className="dash-note">
          <summary>{td(lang, "card.targetNote")}</summary>
          <p>{node.target.note}</p>
        </details>
      ) : null}
    </section>
  );
}

/** A gap in points of percentage, signed: "+1,28 điểm %". */
function gap(pp: number, lang: Lang): string {
  const v = new Intl.NumberFormat(lang === "en" ? "en-GB" : "vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(pp);
  return lang === "en" ? `${v} pp` : `${v} điểm %`;
}

function changeClass(node: IndexNodeView): string {
  if (node.value === null || node.previous === null) return "";
  const d = node.value - node.previous;
  return d > 0.00005 ? "up" : d < -0.00005 ? "down" : "";
}
