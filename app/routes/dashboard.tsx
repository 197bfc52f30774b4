import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "../services/db.server";
import { Chrome, langLinks } from "../components/Chrome";
import { useHydrated } from "../components/dashboard/ClientOnly";
import { Controls } from "../components/dashboard/Controls";
import { CriteriaTables } from "../components/dashboard/CriteriaTables";
import { HeadlineCard } from "../components/dashboard/HeadlineCard";
import { SubIndexChart } from "../components/dashboard/SubIndexChart";
import { UnitTable } from "../components/dashboard/UnitTable";
import { channelLabel, drillHref, nodeName, nodePath } from "../components/dashboard/format";
import { Breadcrumbs, type Crumb } from "../components/dashboard/Breadcrumbs";
import { DrillBody, type DrillLinks } from "../components/dashboard/DrillBody";
import { td, type DashboardKey } from "../i18n/dashboard";
import type { Lang } from "../i18n/format";
import { formatNumber } from "../i18n/format";
import { langFrom } from "../i18n/messages";
import { availableYears, channelsWithData, defaultYear, drillPage, resolveDrillScope, scopeInfo, yearsWithData } from "../services/dashboard.server";
import { InputError } from "../services/errors";
import { computeChildUnits, parseChannel, parseTree, parseYear } from "../services/indices.server";
import { hasDemoData, listUnits, unitCodeEverUsed } from "../services/reference.server";
import { readableUnit } from "../services/scope.server";
import { requirePermission } from "../services/session.server";
import styles from "../styles/dashboard.css?url";
import feedbackStyles from "../styles/feedback-staff.css?url";
import targetsStyles from "../styles/targets.css?url";
import { listAlerts } from "../services/alerts.server";
import { FeedbackFigures } from "../components/feedback-staff/FeedbackFigures";
import { feedbackFigures } from "../services/feedback-staff.server";
import { AlertsPanel } from "../components/alerts/AlertsPanel"; // targets/alerts (issue 5)
import { DashboardLinks } from "../components/exports/DashboardLinks";
import { OtherIndices, OtherIndicesNote } from "../components/dashboard/OtherIndices";
import { otherIndices } from "../services/index-kinds.server";
import { SourcesPanel } from "../components/dashboard/SourcesPanel";
import { figureSources, yearMonths } from "../services/sources.server";
import { TreeNote } from "../components/dashboard/TreeNote";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: feedbackStyles },
  { rel: "stylesheet", href: targetsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: td(data?.lang ?? "vi", "metaTitle") }];

const ERROR_FIELDS = ["year", "channel", "unit", "node", "tree"] as const;

/** GET /dashboard?year=&channel=&unit=&node=&lang= (node: a sub-index or criterion code; none = SIPAS) */
export async function loader({ request }: LoaderFunctionArgs) {
  // Leaders and the coordinator only; a unit outside the user's scope is a 403, not the province.
  const user = await requirePermission(request, "read:indices");
  const home = await readableUnit(user, null).catch(forbiddenPage);
  const url = new URL(request.url);
  const lang = langFrom(request);
  const conn = db();
  const rawYear = url.searchParams.get("year");
  const rawChannel = url.searchParams.get("channel");
  const requestedUnit = url.searchParams.get("unit") || null;
  if (requestedUnit && (await unitExists(requestedUnit))) await readableUnit(user, requestedUnit).catch(forbiddenPage);
  const rawUnit = requestedUnit ?? home.code;
  const [demo, years, fallbackYear] = await Promise.all([hasDemoData(conn), availableYears(conn), defaultYear(conn)]);
  const common = {
    lang,
    demo,
    langHref: langLinks(request.url),
    form: { year: rawYear ?? String(fallbackYear), channel: rawChannel || "all", unit: rawUnit ?? "", node: url.searchParams.get("node") || null, tree: url.searchParams.get("tree") || "then" },
  };
  try {
    const year = parseYear(rawYear, fallbackYear);
    const channel = parseChannel(rawChannel);
    const node = url.searchParams.get("node") || null;
    const tree = parseTree(url.searchParams.get("tree"));
    const drillScope = await resolveDrillScope(conn, { kind: "unit", code: rawUnit }, { year, tree });
    const [page, children, scope, dataYears] = await Promise.all([
      drillPage(conn, drillScope, { year, channel, node }),
      computeChildUnits(conn, { year, unit: rawUnit, channel, tree }),
      scopeInfo(conn, rawUnit, home.code, { year, tree }),
      yearsWithData(conn),
    ]);
    const channelsData = await channelsWithData(conn, year, rawUnit, tree);
    // "Nguồn số liệu": channels and survey rounds behind the figures of this scope and year.
    const sources = await figureSources(conn, { pointIds: drillScope.pointIds, months: yearMonths(year), channel });
    // Feedback handling beside the indices: on-time answers per agency and the senders' ratings.
    const scopeUnit = (await listUnits(conn)).find((u) => u.code === rawUnit);
    const [feedback, alerts, others] = await Promise.all([
      feedbackFigures(conn, { year, unitId: scopeUnit?.parent_id === null ? null : scopeUnit?.id ?? null }),
      listAlerts(conn, user, { status: "current", limit: 500 }),
      // PAPI-style, Circular 01 and other index trees with data in this (already permitted) scope.
      otherIndices(conn, { year, unit: rawUnit, channel }),
    ]);
    return json({
      ...common,
      feedback,
      alerts,
      others,
      ok: true as const,
      error: null,
      years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a),
      year,
      channel,
      tree,
      scope,
      indices: page.indices,
      nodePath: page.nodePath,
      drill: page.drill,
      children,
      dataYears,
      channelsData,
      sources,
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = ERROR_FIELDS.find((f) => f in e.fields) ?? null;
    const scope = await scopeInfo(conn, home.code, home.code);
    return json(
      {
        ...common,
        // The field in error falls back to its default in the form, so that one click corrects it.
        form: {
          year: field === "year" ? String(fallbackYear) : common.form.year,
          channel: field === "channel" ? "all" : common.form.channel,
          unit: field === "unit" ? "" : common.form.unit,
          node: null,
          tree: field === "tree" ? "then" : common.form.tree,
        },
        ok: false as const,
        // A unit outside the period says when it existed (its own message), not "not found".
        error: { field, message: e.code === "not_in_period" ? e.message : field ? td(lang, `error.${field}` as DashboardKey) : e.message },
        years,
        scope,
      },
      { status: e.status },
    );
  }
}

function forbiddenPage(e: unknown): never {
  if (e instanceof InputError && e.status === 403) throw new Response(e.message, { status: 403, statusText: "Forbidden" });
  throw e;
}

async function unitExists(code: string): Promise<boolean> {
  return (await unitCodeEverUsed(db(), code));
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const hydrated = useHydrated();
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

  const { year, channel, tree, indices, children, scope, dataYears, channelsData } = data;
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
  const crumbs: Crumb[] = [
    ...scope.path.map((u, i) => ({
      label: unitName(u),
      href: i < scope.path.length - 1 || focusPath.length > 1 ? drillHref(lang, year, channel, { unit: u.code, tree }) : null,
    })),
    ...focusPath.slice(1).map((n) => ({ label: n.kind === "question" ? `${n.code} · ${nodeName(lang, n)}` : nodeName(lang, n), href: links.node(n.code) })),
  ];

  return (
    <Chrome lang={lang} demo={demo} langHref={langHref}>
      <main className="page dash" data-hydrated={hydrated ? "true" : "false"}>
        <Breadcrumbs lang={lang} crumbs={crumbs} />
        <h1>{td(lang, "title")}</h1>
        <p className="muted dash-intro">{td(lang, "intro")}</p>
        {controls}
        {/* targets/alerts (issue 5): the current alerts in the user's scope */}
        <AlertsPanel lang={lang} alerts={data.alerts} />
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
          <DrillBody lang={lang} year={year} channel={channel} root={root} focus={focus} drill={data.drill} links={links} />
        ) : (
          <>
            <div className="dash-cards">
              <HeadlineCard lang={lang} node={root} year={year} main />
              {subs.map((s) => (
                <HeadlineCard key={s.code} lang={lang} node={s} year={year} href={links.node(s.code)} />
              ))}
            </div>
            {empty ? null : (
              <>
                <SubIndexChart lang={lang} nodes={subs} />
                <UnitTable
                  lang={lang}
                  rows={children}
                  subIndices={subs}
                  scopeName={scopeName}
                  year={year}
                  namesEn={scope.namesEn}
                  hrefFor={(u) => drillHref(lang, year, channel, { unit: u, tree })}
                  targets={Object.fromEntries(data.drill.units.map((u) => [u.code, u]))}
                />
                <DrillBody lang={lang} year={year} channel={channel} root={root} focus={root} drill={data.drill} links={links} overview />
                <CriteriaTables lang={lang} subIndices={subs} hrefFor={links.node} />
              </>
            )}
          </>
        )}
        {focus.code !== root.code ? null : <OtherIndices lang={lang} year={year} indices={data.others} />}
        {focus.code !== root.code ? null : <section className="dash-feedback" aria-label={lang === "en" ? "Feedback handling" : "Xử lý phản ánh, kiến nghị"}>
          <FeedbackFigures data={data.feedback} lang={lang} />
        </section>}
      </main>
    </Chrome>
  );
}

