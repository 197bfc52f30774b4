import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { Chrome, langLinks } from "../components/Chrome";
import { useHydrated } from "../components/dashboard/ClientOnly";
import { Controls } from "../components/dashboard/Controls";
import { HeadlineCard } from "../components/dashboard/HeadlineCard";
import { SubIndexChart } from "../components/dashboard/SubIndexChart";
import { channelLabel, drillHref, nodeName, nodePath } from "../components/dashboard/format";
import { Breadcrumbs, type Crumb } from "../components/dashboard/Breadcrumbs";
import { DrillBody, type DrillLinks } from "../components/dashboard/DrillBody";
import { td } from "../i18n/dashboard";
import { formatNumber } from "../i18n/format";
import styles from "../styles/dashboard.css?url";
import feedbackStyles from "../styles/feedback-staff.css?url";
import targetsStyles from "../styles/targets.css?url";
import { FeedbackFigures } from "../components/feedback-staff/FeedbackFigures";
import { AlertsPanel } from "../components/alerts/AlertsPanel"; // targets/alerts (issue 5)
import { DashboardLinks } from "../components/exports/DashboardLinks";
import { OtherIndices, OtherIndicesNote } from "../components/dashboard/OtherIndices";
import { SourcesPanel } from "../components/dashboard/SourcesPanel";
import { TreeNote } from "../components/dashboard/TreeNote";
import { unitDashboard } from "../services/indices/dashboard-pages.server";
import { stylesheets } from "../components/page";
import { Fold } from "../components/dashboard/Fold";
import { LeaderSummary } from "../components/dashboard/LeaderSummary";
import { OverviewFolds } from "../components/dashboard/OverviewFolds";
import { ALERTS_SHOWN, DASHBOARD_SECTIONS, OPEN_ALL, sectionFoldId, type DashboardSection } from "../domain/dashboard-sections";

export const links = stylesheets(styles, feedbackStyles, targetsStyles);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: td(data?.lang ?? "vi", "metaTitle") }];

/**
 * GET /dashboard?year=&channel=&unit=&node=&tree=&mo=&lang= — assembled by the indices service. The
 * overview's heavy sections load when opened (GET /dashboard/phan/<section>); `mo=<section>` (or
 * `mo=tat-ca`) sends them with the page, open.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const page = await unitDashboard(request);
  return json({ ...page.body, langHref: langLinks(request.url) }, { status: page.status });
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
  const location = useLocation();
  const { lang, demo, langHref, form } = data;
  const unitName = (u: { name: string; nameEn: string | null }) => (lang === "en" && u.nameEn ? u.nameEn : u.name);
  const controls = (
    <Controls
      key={`${form.year}|${form.channel}|${form.unit}|${form.node}`}
      node={form.node}
      lang={lang}
      years={data.years}
      units={data.scope.options}
      value={form}
      errors={data.error?.field ? { [data.error.field]: data.error.message } : {}}
    />
  );

  if (!data.ok) {
    return (
      <Chrome lang={lang} demo={demo} langHref={langHref}>
        <main className="page dash" data-hydrated={hydrated ? "true" : "false"}>
          <h1>{td(lang, "title")}</h1>
          <div className="error-summary dash-error" role="alert" data-testid="dashboard-error">
            <h2>{td(lang, "error.title")}</h2>
            <p className="error-text" id="dash-error-message">{data.error.message}</p>
            <p>{td(lang, "error.hint")}</p>
          </div>
          {controls}
        </main>
      </Chrome>
    );
  }

  const { year, channel, tree, indices, scope, dataYears, channelsData } = data;
  const root = indices.nodes[0];
  const subs = root.children.filter((c) => c.kind === "node");
  const current = scope.path[scope.path.length - 1];
  const scopeName = current ? unitName(current) : indices.scope.name;
  const channelList = indices.scope.channels.map((c) => channelLabel(lang, c)).join(", ");
  const empty = root.n === 0;
  const links: DrillLinks = {
    node: (code) => drillHref(lang, year, channel, { unit: indices.scope.unit, node: code, tree }),
    unit: (code) => drillHref(lang, year, channel, { unit: code, node: focus.code, tree }),
    point: (code) => drillHref(lang, year, channel, { point: code, node: focus.code }),
    agency: (code) => drillHref(lang, year, channel, { agency: code, node: focus.code }),
  };
  const focusPath = nodePath(root, data.nodePath[data.nodePath.length - 1]) ?? [root];
  const focus = focusPath[focusPath.length - 1];
  // Without JavaScript a fold opens through the page itself: the same URL with `mo=` (and its anchor).
  const withOpen = (value: string, anchor: string | null) => {
    const p = new URLSearchParams(location.search);
    if (value === OPEN_ALL) p.delete("mo");
    p.append("mo", value);
    return `/dashboard?${p}${anchor ? `#${anchor}` : ""}`;
  };
  const where = new URLSearchParams({ year: String(year), channel, unit: indices.scope.unit, tree, ...(location.search.includes("lang=") ? { lang } : {}) }).toString();
  const allOpen = DASHBOARD_SECTIONS.every((s) => data.open.includes(s));
  const crumbs: Crumb[] = [
    ...scope.path.map((u, i) => ({
      label: unitName(u),
      href: i < scope.path.length - 1 || focusPath.length > 1 ? drillHref(lang, year, channel, { unit: u.code, tree }) : null,
    })),
    ...focusPath.slice(1).map((n) => ({ label: nodeName(lang, n), href: links.node(n.code) })),
  ];

  return (
    <Chrome lang={lang} demo={demo} langHref={langHref}>
      <main className="page dash" data-hydrated={hydrated ? "true" : "false"}>
        <Breadcrumbs lang={lang} crumbs={crumbs} />
        <h1>{td(lang, "title")}</h1>
        {focus.code === root.code && !empty ? (
          <LeaderSummary
            lang={lang} year={year} scopeName={scopeName} root={root} summary={data.summary}
            links={{ feedback: "/hop-thu", alerts: "#canh-bao", node: links.node, place: (u) => drillHref(lang, year, channel, { unit: u, tree }) }}
          />
        ) : null}
        {controls}
        <p className="muted dash-intro">{td(lang, "intro")}</p>
        {focus.code === root.code && !empty && !allOpen ? (
          <p className="dash-open-all">
            <a href={withOpen(OPEN_ALL, null)} data-testid="open-all">{td(lang, "fold.openAll")}</a>{" "}
            <span className="muted">{td(lang, "fold.openAllHint")}</span>
          </p>
        ) : null}
        {/* targets/alerts (issue 5): the current alerts in the user's scope, folded under their count */}
        <Fold id="canh-bao" title={td(lang, "fold.alerts", { count: formatNumber(data.alertCounts.total, lang) })} testId="fold-alerts">
          <AlertsPanel lang={lang} alerts={data.alerts} counts={data.alertCounts} limit={ALERTS_SHOWN} />
        </Fold>
        <div className="dash-scope" data-testid="dashboard-scope">
          <p className="dash-scope-main">
            <strong>{td(lang, "scope.summary", { year, unit: scopeName, points: formatNumber(indices.scope.servicePoints, lang) })}</strong>
          </p>
          <p data-testid="dashboard-channels">
            {channel === "all" ? (
              <>
                <strong>{td(lang, "scope.channelsAll", { channels: channelList })}</strong>{" "}
                {channelsData.length > 0 ? td(lang, "scope.channelsWithData", { year, channels: channelsData.map((c) => channelLabel(lang, c)).join(", ") }) : null}
              </>
            ) : (
              <strong>{td(lang, "scope.channelsOne", { channels: channelLabel(lang, channel) })}</strong>
            )}
            {channel === "all" || channel === "kiosk" ? <span className="muted"> {td(lang, "scope.kioskNote")}</span> : null}
          </p>
          <TreeNote lang={lang} year={year} tree={indices.scope.tree} unitName={scopeName} />
          <DashboardLinks lang={lang} unit={indices.scope.unit} year={year} channel={channel} />
        </div>
        <SourcesPanel lang={lang} year={year} sources={data.sources} />

        {empty ? (
          <div className="card dash-empty" role="status" data-testid="dashboard-empty">
            <h2>{td(lang, "empty.title")}</h2>
            {dataYears.length === 0 ? (
              <p>{td(lang, "empty.noneAtAll")}</p>
            ) : (
              <>
                <p>{td(lang, "empty.text", { unit: scopeName, year, channel: channelLabel(lang, channel).toLowerCase() })}</p>
                <p>
                  {td(lang, "empty.years", { years: dataYears.join(", ") })}
                  {channelsData.length > 0 ? ` ${td(lang, "empty.channels", { year, unit: scopeName, channels: channelsData.map((c) => channelLabel(lang, c)).join(", ") })}` : ""}
                </p>
              </>
            )}
            <OtherIndicesNote lang={lang} indices={data.others} />
          </div>
        ) : null}

        {focus.code !== root.code ? (
          data.drill ? <DrillBody lang={lang} year={year} channel={channel} root={root} focus={focus} drill={data.drill} links={links} /> : null
        ) : (
          <>
            <div className="dash-cards">
              <HeadlineCard lang={lang} node={root} year={year} main official={data.official[root.code] ?? null} officialPoints={data.officialPoints[root.code] ?? null} />
              {subs.map((s) => (
                <HeadlineCard key={s.code} lang={lang} node={s} year={year} href={links.node(s.code)} official={data.official[s.code] ?? null} officialPoints={data.officialPoints[s.code] ?? null} />
              ))}
            </div>
            {empty ? null : (
              <>
                <SubIndexChart lang={lang} nodes={subs} />
                <OverviewFolds
                  lang={lang} year={year} channel={channel} root={root} scopeName={scopeName} namesEn={scope.namesEn}
                  counts={data.counts} sections={data.sections} where={where} links={links}
                  openHref={(s: DashboardSection) => withOpen(s, sectionFoldId(s))}
                  unitHref={(u) => drillHref(lang, year, channel, { unit: u, tree })}
                />
              </>
            )}
          </>
        )}
        {focus.code !== root.code ? null : <OtherIndices lang={lang} year={year} indices={data.others} />}
        {focus.code !== root.code ? null : <Fold title={td(lang, "fold.feedback")} testId="fold-feedback"><section className="dash-feedback" aria-label={lang === "en" ? "Feedback handling" : "Xử lý phản ánh, kiến nghị"}>
          <FeedbackFigures data={data.feedback} lang={lang} />
        </section></Fold>}
      </main>
    </Chrome>
  );
}

