import { formatNumber, type Lang } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { sectionFoldId, type DashboardSection } from "../../domain/dashboard-sections";
import type { DashboardSectionData } from "../../services/indices/dashboard-pages.server";
import { ChannelTable } from "./ChannelTable";
import { CriteriaTables } from "./CriteriaTables";
import { RankBy, type DrillLinks } from "./DrillBody";
import { nodeName, type IndexNodeView } from "./format";
import { LazyFold } from "./LazyFold";
import { LeagueTable } from "./LeagueTable";
import { WeakestCriteria } from "./NodeList";
import { TrendSection } from "./TrendSection";
import { UnitTable } from "./UnitTable";

/**
 * The heavy sections of a unit's overview, each folded and loaded when first opened (or sent with
 * the page when `mo=` asked for it): units, trend and channels, desks' league, weakest criteria,
 * criteria by sub-index. `where` is the page's scope (year, channel, unit, tree) as URL parameters.
 */
export function OverviewFolds({ lang, year, channel, root, scopeName, namesEn, counts, sections, where, openHref, links, unitHref }: {
  lang: Lang;
  year: number;
  channel: string;
  root: IndexNodeView;
  scopeName: string;
  namesEn: Record<string, string>;
  counts: { units: number; points: number };
  sections: Partial<DashboardSectionData>;
  where: string;
  /** The same dashboard URL with this section included (`mo=`), for a browser without JavaScript. */
  openHref: (s: DashboardSection) => string;
  links: DrillLinks;
  unitHref: (code: string) => string;
}) {
  const subs = root.children.filter((c) => c.kind === "node");
  const name = nodeName(lang, root);
  // Keyed by its source: another year, channel or unit (a navigation on the same route) is a fresh
  // fold that loads its own figures, never the previous scope's.
  const fold = <S extends DashboardSection>(s: S) => ({
    id: sectionFoldId(s), lang, src: `/dashboard/phan/${s}?${where}`, noJsHref: openHref(s), initial: sections[s] as DashboardSectionData[S] | undefined,
  });
  return (
    <>
      {counts.units > 0 ? (
        <LazyFold key={`don-vi?${where}`} {...fold("don-vi")} title={td(lang, "fold.units", { count: formatNumber(counts.units, lang) })} testId="fold-units">
          {(d) => (
            <UnitTable lang={lang} rows={d.children} subIndices={subs} scopeName={scopeName} year={year} namesEn={namesEn} hrefFor={unitHref} targets={d.targets} />
          )}
        </LazyFold>
      ) : null}
      <LazyFold key={`xu-huong?${where}`} {...fold("xu-huong")} title={td(lang, "fold.trend")} testId="fold-trend">
        {(d) => (
          <>
            <TrendSection lang={lang} year={year} nodeName={name} monthly={d.monthly} quarterly={d.quarterly} threshold={root.target?.threshold ?? null} />
            <ChannelTable lang={lang} year={year} rows={d.channels} current={channel} />
          </>
        )}
      </LazyFold>
      <LazyFold key={`diem?${where}`} {...fold("diem")} title={td(lang, "fold.points", { count: formatNumber(counts.points, lang) })} testId="fold-points">
        {(d) => (
          <>
            <RankBy lang={lang} root={root} focus={root} links={links} anchor={d.units > 0 ? "unit" : "point"} />
            <LeagueTable lang={lang} kind="point" title={td(lang, "league.points", { node: name })} rows={d.points} hrefFor={links.point} agencyHref={links.agency} />
          </>
        )}
      </LazyFold>
      <LazyFold key={`yeu-nhat?${where}`} {...fold("yeu-nhat")} title={td(lang, "fold.weakest")} testId="fold-weakest">
        {(d) => <WeakestCriteria lang={lang} year={year} root={d.root} rows={d.weakest} tooFew={d.tooFew} hrefFor={links.node} />}
      </LazyFold>
      <LazyFold key={`tieu-chi?${where}`} {...fold("tieu-chi")} title={td(lang, "fold.criteria")} testId="fold-criteria">
        {(d) => <CriteriaTables lang={lang} subIndices={d.subIndices} hrefFor={links.node} />}
      </LazyFold>
    </>
  );
}
