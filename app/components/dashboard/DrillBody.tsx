import { Fold } from "./Fold";
import { formatNumber } from "../../i18n/format";
import { type Lang, formatPercent, formatPoints } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { DrillData } from "../../services/indices/dashboard.server";
import { ChannelTable } from "./ChannelTable";
import { nodeName, shortName, type IndexNodeView } from "./format";
import { HeadlineCard } from "./HeadlineCard";
import { LeagueTable } from "./LeagueTable";
import { NodeChildren, WeakestCriteria } from "./NodeList";
import { TrendSection } from "./TrendSection";

export interface DrillLinks {
  node: (code: string) => string;
  unit: (code: string) => string;
  point: (code: string) => string;
  agency: (code: string) => string;
}

/**
 * Against the baseline of the target in percentage points. The card already gives the change
 * against last year's measure; this line shows when the plan states its own baseline.
 */
function BaselineLine({ lang, node, year }: { lang: Lang; node: IndexNodeView; year: number }) {
  const stated = node.target?.baselineSource === "stated" && node.target.baseline !== null;
  const baseline = stated ? node.target!.baseline : node.previous;
  if (baseline === null || node.value === null) {
    return <p className="dash-baseline muted" data-testid="baseline">{td(lang, "drill.baselineNone", { year: year - 1 })}</p>;
  }
  const delta = node.value - baseline;
  return (
    <p className={`dash-baseline ${delta > 0.00005 ? "up" : delta < -0.00005 ? "down" : ""}`} data-testid="baseline">
      {td(lang, "drill.baseline", {
        baseline: formatPercent(baseline, lang),
        source: stated ? td(lang, "drill.baselineStated") : td(lang, "drill.baselineMeasured", { year: year - 1 }),
        delta: formatPoints(delta, lang),
      })}
    </p>
  );
}

/** Links to the same league ranked by SIPAS or by each sub-index (`anchor`: the league to scroll to). */
export function RankBy({ lang, root, focus, links, anchor }: { lang: Lang; root: IndexNodeView; focus: IndexNodeView; links: Pick<DrillLinks, "node">; anchor: "unit" | "point" }) {
  if (focus.kind === "question") return null;
  const subs = root.children.filter((c) => c.kind === "node");
  return (
    <nav className="dash-rank-by" aria-label={td(lang, "drill.byNode")}>
      <span>{td(lang, "drill.byNode")}:</span>
      {[root, ...subs].map((s) =>
        s.code === focus.code ? (
          <strong key={s.code} aria-current="true">{s.kind === "index" ? s.code : shortName(lang, s)}</strong>
        ) : (
          <a key={s.code} href={`${links.node(s.code)}#league-${anchor}-title`}>{s.kind === "index" ? s.code : shortName(lang, s)}</a>
        ),
      )}
    </nav>
  );
}

/**
 * The drill-down of one node in one scope: its card (unless the page shows the overview cards),
 * its children, its trend, its channels, the league tables and the weakest criteria under it.
 */
export function DrillBody({ lang, year, channel, root, focus, drill, links, overview = false, rankPoints = true }: {
  lang: Lang;
  year: number;
  channel: string;
  root: IndexNodeView;
  focus: IndexNodeView;
  drill: DrillData;
  links: DrillLinks;
  overview?: boolean;
  rankPoints?: boolean;
}) {
  const name = nodeName(lang, focus);
  const threshold = focus.target?.threshold ?? null;
  const rankBy = <RankBy lang={lang} root={root} focus={focus} links={links} anchor={drill.units.length > 0 ? "unit" : "point"} />;
  // The overview folds these sections; a drill-down page shows them open.
  const trend = (
    <>
      <TrendSection lang={lang} year={year} nodeName={name} monthly={drill.monthly} quarterly={drill.quarterly} threshold={threshold} />
      <ChannelTable lang={lang} year={year} rows={drill.channels} current={channel} />
    </>
  );
  const pointsTable = rankPoints
    ? <LeagueTable lang={lang} kind="point" title={td(lang, "league.points", { node: name })} rows={drill.points} hrefFor={links.point} agencyHref={links.agency} />
    : null;
  const weakest = focus.kind !== "question"
    ? <WeakestCriteria lang={lang} year={year} root={root} rows={drill.weakest} tooFew={drill.tooFew} hrefFor={links.node} />
    : null;
  return (
    <>
      {overview ? null : (
        <div className="dash-focus">
          <HeadlineCard lang={lang} node={focus} year={year} main />
          {focus.target?.baselineSource === "stated" ? <BaselineLine lang={lang} node={focus} year={year} /> : null}
        </div>
      )}
      {overview ? null : <NodeChildren lang={lang} node={focus} hrefFor={links.node} />}
      {overview ? (
        <>
          <Fold title={td(lang, "fold.trend")} testId="fold-trend">{trend}</Fold>
          {pointsTable ? (
            <Fold title={td(lang, "fold.points", { count: formatNumber(drill.points.length, lang) })} testId="fold-points">
              {rankBy}
              {pointsTable}
            </Fold>
          ) : null}
          {weakest ? <Fold title={td(lang, "fold.weakest")} testId="fold-weakest">{weakest}</Fold> : null}
        </>
      ) : (
        <>
          {trend}
          {rankBy}
          {drill.units.length > 0 ? (
            <LeagueTable lang={lang} kind="unit" title={td(lang, "league.units", { node: name })} rows={drill.units} hrefFor={links.unit} />
          ) : null}
          {pointsTable}
          {weakest}
        </>
      )}
    </>
  );
}
