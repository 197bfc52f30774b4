import { type Lang, formatNumber } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { scopedDashboard } from "../../services/indices/dashboard-pages.server";
import { Chrome, type LangLink } from "../Chrome";
import { Breadcrumbs, type Crumb } from "./Breadcrumbs";
import { useHydrated } from "./ClientOnly";
import { Controls } from "./Controls";
import { CriteriaTables } from "./CriteriaTables";
import { DrillBody, type DrillLinks } from "./DrillBody";
import { channelLabel, drillHref, nodeName, nodePath } from "./format";
import { HeadlineCard } from "./HeadlineCard";
import { SubIndexChart } from "./SubIndexChart";
import { SourcesPanel } from "./SourcesPanel";
import type { FigureSources } from "../../services/indices/sources.server";

type Data = Awaited<ReturnType<typeof scopedDashboard>> & { langHref: LangLink[]; sources?: FigureSources };

/** The dashboard of one service point (/dashboard/diem/…) or one agency's desks (/dashboard/co-quan/…). */
export function ScopeDashboard({ data }: { data: Data }) {
  const hydrated = useHydrated();
  const { lang, demo, langHref, year, channel, indices, drill, point, agency } = data;
  const root = indices.nodes[0];
  const focusPath = nodePath(root, data.nodePath[data.nodePath.length - 1]) ?? [root];
  const focus = focusPath[focusPath.length - 1];
  const self = point ? { point: point.code } : { agency: agency!.code };
  const links: DrillLinks = {
    node: (code) => drillHref(lang, year, channel, { ...self, node: code }),
    unit: (code) => drillHref(lang, year, channel, { unit: code, node: focus.code }),
    point: (code) => drillHref(lang, year, channel, { point: code, node: focus.code }),
    agency: (code) => drillHref(lang, year, channel, { agency: code, node: focus.code }),
  };
  const name = (x: { name: string; nameEn: string | null }) => (lang === "en" && x.nameEn ? x.nameEn : x.name);
  const selfName = point ? name(point) : name(agency!);
  const crumbs: Crumb[] = [
    ...data.path.map((u) => ({ label: name(u), href: drillHref(lang, year, channel, { unit: u.code }) })),
    { label: selfName, href: drillHref(lang, year, channel, self) },
    ...focusPath.slice(1).map((n) => ({ label: nodeName(lang, n), href: links.node(n.code) })),
  ];
  const subs = root.children.filter((c) => c.kind === "node");
  const unitName = data.path.length ? name(data.path[data.path.length - 1]) : indices.scope.name;
  const channels = indices.scope.channels.map((c) => channelLabel(lang as Lang, c)).join(", ");
  const action = point ? `/dashboard/diem/${encodeURIComponent(point.code)}` : `/dashboard/co-quan/${encodeURIComponent(agency!.code)}`;
  return (
    <Chrome lang={lang} demo={demo} langHref={langHref}>
      <main className="page dash" data-hydrated={hydrated ? "true" : "false"} data-testid={point ? "point-dashboard" : "agency-dashboard"}>
        <Breadcrumbs lang={lang} crumbs={crumbs} />
        <p className="dash-kicker">{td(lang, point ? "drill.point" : "drill.agency")}</p>
        <h1 data-testid="scope-title">{selfName}</h1>
        <p className="muted dash-intro">
          {point
            ? td(lang, "drill.pointOf", { unit: unitName, agency: point.agency.name })
            : td(lang, "drill.agencyScope", { agency: selfName })}
          {" · "}
          {td(lang, "scope.summary", { year, unit: unitName, points: formatNumber(indices.scope.servicePoints, lang) })}
        </p>
        <Controls
          key={`${year}|${channel}|${focus.code}`}
          lang={lang}
          years={data.years}
          units={[]}
          value={{ year: String(year), channel, unit: "" }}
          action={action}
          node={focus.code === root.code ? null : focus.code}
        />
        <p className="dash-scope" data-testid="dashboard-channels">
          <strong>{channel === "all" ? td(lang, "scope.channelsAll", { channels }) : td(lang, "scope.channelsOne", { channels })}</strong>
        </p>
        {data.sources ? <SourcesPanel lang={lang as Lang} year={year} sources={data.sources} /> : null}
        {root.n === 0 ? (
          <div className="card dash-empty" role="status" data-testid="dashboard-empty">
            <h2>{td(lang, "empty.title")}</h2>
            <p>{td(lang, "empty.text", { unit: selfName, year, channel: channelLabel(lang, channel).toLowerCase() })}</p>
          </div>
        ) : null}
        {focus.code !== root.code ? (
          <DrillBody lang={lang} year={year} channel={channel} root={root} focus={focus} drill={drill} links={links} rankPoints={!point} />
        ) : (
          <>
            <div className="dash-cards">
              <HeadlineCard lang={lang} node={root} year={year} main />
              {subs.map((s) => (
                <HeadlineCard key={s.code} lang={lang} node={s} year={year} href={links.node(s.code)} />
              ))}
            </div>
            {root.n === 0 ? null : (
              <>
                <SubIndexChart lang={lang} nodes={subs} />
                <DrillBody lang={lang} year={year} channel={channel} root={root} focus={root} drill={drill} links={links} overview rankPoints={!point} />
                <CriteriaTables lang={lang} subIndices={subs} hrefFor={links.node} />
              </>
            )}
          </>
        )}
      </main>
    </Chrome>
  );
}
