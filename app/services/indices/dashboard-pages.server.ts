// The dashboard pages: every figure of a page (the province or a unit; a desk; an agency) read for
// one scope and year, with the permission checked. Routes only add links and render.
import { officialScore, type OfficialFigure } from "./official-results.server";
import { monthChange, summaryOf } from "./leader-summary.server";
import { db } from "../../platform/db.server";
import { td, type DashboardKey } from "../../i18n/dashboard";
import { langFrom } from "../../i18n/messages";
import { availableYears, channelsWithData, defaultYear, drillPage, resolveDrillScope, scopeInfo, yearsWithData, type DrillScopeRef } from "./dashboard.server";
import { InputError } from "../../platform/errors";
import { computeChildUnits, parseChannel, parseTree, parseYear } from "./indices.server";
import { listUnits, unitCodeEverUsed } from "../org/reference.server";
import { hasDemoData } from "../../platform/frame.server";
import { readableUnit } from "../org/scope.server";
import { requirePermission, userCan } from "../../platform/session.server";
import { listAlerts } from "./alerts.server";
import { feedbackFigures } from "../feedback/leader-figures.server";
import { otherIndices } from "./index-kinds.server";
import { figureSources } from "./sources.server";
import { yearMonths } from "../../domain/periods";
import { deskSources } from "./sources.server";

const ERROR_FIELDS = ["year", "channel", "unit", "node", "tree"] as const;

/**
 * The province (or a unit's) dashboard, GET /dashboard?year=&channel=&unit=&node=&tree=&lang= (node: a
 * sub-index or criterion code; none = SIPAS). A bad parameter is not an error page: the page
 * shows its message and the form with that field back at its default (status 4xx).
 */
export async function unitDashboard(request: Request) {
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
    const [feedback, alerts, others, months] = await Promise.all([
      feedbackFigures(conn, { year, unitId: scopeUnit?.parent_id === null ? null : scopeUnit?.id ?? null }),
      listAlerts(conn, user, { status: "current", limit: 500 }),
      // PAPI-style, Circular 01 and other index trees with data in this (already permitted) scope.
      otherIndices(conn, { year, unit: rawUnit, channel }),
      monthChange(conn, rawUnit, year),
    ]);
    // What a leader reads first: computed from the same figures the page shows (app/domain/leader-summary.ts).
    const summary = summaryOf(year, page.indices.nodes[0], children, months, feedback, alerts);
    // The published (official) SIPAS figures stand beside the measured ones on the province's cards.
    const root = page.indices.nodes[0];
    const official: Record<string, OfficialFigure | null> = {};
    const officialPoints: Record<string, OfficialFigure | null> = {};
    if (scopeUnit?.parent_id === null && root.code === "SIPAS") {
      await Promise.all([root, ...root.children.filter((c) => c.kind === "node")].map(async (n) => {
        official[n.code] = await officialScore(conn, year, "SIPAS", n.code === root.code ? "total" : n.code);
        // The PAR Index points the Ministry published for the same criterion (8.1, 8.1.x), where entered.
        if (n.parCode && n.maxPoints !== null) officialPoints[n.code] = await officialScore(conn, year, "PAR", n.parCode);
      }));
    }
    return {
      status: 200,
      body: {
      ...common,
      feedback,
      alerts,
      others,
      summary,
      official,
      officialPoints,
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
      },
    };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = ERROR_FIELDS.find((f) => f in e.fields) ?? null;
    const scope = await scopeInfo(conn, home.code, home.code);
    return {
      status: e.status,
      body: {
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
    };
  }
}

function forbiddenPage(e: unknown): never {
  if (e instanceof InputError && e.status === 403) throw new Response(e.message, { status: 403, statusText: "Forbidden" });
  throw e;
}

async function unitExists(code: string): Promise<boolean> {
  return (await unitCodeEverUsed(db(), code));
}

/**
 * Loader of a desk's or an agency's dashboard: read:indices in that desk's or agency's scope
 * (403 otherwise), a 404 for an unknown code or node and a 400 for a bad year or channel, each
 * with a Vietnamese message for the error page.
 */
export async function scopedDashboard(request: Request, ref: DrillScopeRef) {
  const user = await requirePermission(request, "read:indices");
  const conn = db();
  const url = new URL(request.url);
  const lang = langFrom(request);
  const fail = (e: unknown): never => {
    if (e instanceof InputError) throw new Response(Object.values(e.fields)[0] ?? e.message, { status: e.status, statusText: e.code });
    throw e;
  };
  const home = await readableUnit(user, null).catch(fail);
  const scope = await resolveDrillScope(conn, ref).catch(fail);
  if (!(await userCan(user, "read:indices", scope.permission))) {
    throw new Response(`Không có quyền xem chỉ số của ${scope.point?.name ?? scope.agency?.name ?? scope.unit.name}. Chỉ xem được đơn vị trong phạm vi được giao.`, { status: 403, statusText: "Forbidden" });
  }
  const [years, fallbackYear, demo] = await Promise.all([availableYears(conn), defaultYear(conn), hasDemoData(conn)]);
  const year = (() => { try { return parseYear(url.searchParams.get("year"), fallbackYear); } catch (e) { return fail(e); } })();
  const channel = (() => { try { return parseChannel(url.searchParams.get("channel")); } catch (e) { return fail(e); } })();
  const node = url.searchParams.get("node") || null;
  const page = await drillPage(conn, scope, { year, channel, node }).catch(fail);
  const info = await scopeInfo(conn, scope.unit.code, home.code);
  return {
    lang, demo, year, channel, node,
    years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a),
    path: info.path,
    point: scope.point,
    agency: scope.agency,
    ...page,
  };
}

/** A desk's or an agency's dashboard with the sources of its figures ("Nguồn số liệu": channels and survey rounds). */
export async function scopeDashboardPage(request: Request, ref: { kind: "point" | "agency"; code: string }) {
  const data = await scopedDashboard(request, ref);
  return { ...data, sources: await deskSources(db(), ref, data) };
}
