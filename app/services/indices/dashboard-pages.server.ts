// The dashboard pages: every figure of a page (the province or a unit; a desk; an agency) read for
// one scope and year, with the permission checked. Routes only add links and render.
import { officialScore, type OfficialFigure } from "./official-results.server";
import { monthChange, summaryOf } from "./leader-summary.server";
import { db, type Db } from "../../platform/db.server";
import type { Channel } from "../../domain/channels";
import type { Lang } from "../../i18n/format";
import { td, type DashboardKey } from "../../i18n/dashboard";
import { langFrom } from "../../i18n/messages";
import {
  availableYears, channelsWithData, defaultYear, drillPage, resolveDrillScope, scopeInfo, yearsWithData,
  type ChannelFigure, type DrillData, type DrillScopeRef, type LeagueRow, type TrendPoint, type WeakCriterion,
} from "./dashboard.server";
import { InputError } from "../../platform/errors";
import { computeChildUnits, computeIndicesOver, parseChannel, parseTree, parseYear, type IndexNodeView, type IndicesResult, type UnitRowView } from "./indices.server";
import { z } from "zod";
import { ALERTS_SHOWN, DASHBOARD_SECTIONS, openSections, type DashboardSection } from "../../domain/dashboard-sections";
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

/** What each folded section of the overview holds (GET /dashboard/phan/<section>, or `mo=<section>`). */
export interface DashboardSectionData {
  /** The child units (weakest first) and each one's target against the scope's. */
  "don-vi": { children: UnitRowView[]; targets: Record<string, { threshold: number | null; status: string }> };
  /** The desks' league; `units`: how many child units have a league (the anchor of the "by node" links). */
  "diem": { points: LeagueRow[]; units: number };
  /** The weakest criteria, with the whole tree that names them. */
  "yeu-nhat": { root: IndexNodeView; weakest: WeakCriterion[]; tooFew: number };
  "xu-huong": { monthly: TrendPoint[]; quarterly: TrendPoint[]; channels: ChannelFigure[] };
  /** The sub-indices with their criteria. */
  "tieu-chi": { subIndices: IndexNodeView[] };
}

const sectionSchema = z.enum(DASHBOARD_SECTIONS);

/**
 * The user, their home unit and the unit asked for (read:indices; a unit outside the user's scope
 * is a 403 Response): what every dashboard read checks first.
 */
async function dashboardRequest(request: Request) {
  // Leaders and the coordinator only; a unit outside the user's scope is a 403, not the province.
  const user = await requirePermission(request, "read:indices");
  const home = await readableUnit(user, null).catch(forbiddenPage);
  const url = new URL(request.url);
  const requestedUnit = url.searchParams.get("unit") || null;
  if (requestedUnit && (await unitExists(requestedUnit))) await readableUnit(user, requestedUnit).catch(forbiddenPage);
  return { user, home, url, lang: langFrom(request), conn: db(), rawUnit: requestedUnit ?? home.code };
}

/** year, channel, node and tree of a dashboard URL (an InputError names the bad one). */
function dashboardQuery(url: URL, fallbackYear: number) {
  return {
    year: parseYear(url.searchParams.get("year"), fallbackYear),
    channel: parseChannel(url.searchParams.get("channel")),
    node: url.searchParams.get("node") || null,
    tree: parseTree(url.searchParams.get("tree")),
  };
}

/** The overview's index tree without the criteria under the sub-indices (the cards read the root and the sub-indices only). */
function withoutCriteria(indices: IndicesResult): IndicesResult {
  const root = indices.nodes[0];
  return { ...indices, nodes: [{ ...root, children: root.children.map((c) => (c.kind === "node" ? { ...c, children: [] } : c)) }] };
}

/** The folded sections asked for, from the figures read for them (a section needing the drill-down comes only with it). */
function sectionsOf(wanted: Set<DashboardSection>, p: { indices: IndicesResult; drill: DrillData | null; children: UnitRowView[] | null }): Partial<DashboardSectionData> {
  const out: Partial<DashboardSectionData> = {};
  const root = p.indices.nodes[0];
  const d = p.drill;
  if (wanted.has("don-vi") && d && p.children) {
    out["don-vi"] = { children: p.children, targets: Object.fromEntries(d.units.map((u) => [u.code, { threshold: u.threshold, status: u.status }])) };
  }
  if (wanted.has("diem") && d) out.diem = { points: d.points, units: d.units.length };
  if (wanted.has("yeu-nhat") && d) out["yeu-nhat"] = { root, weakest: d.weakest, tooFew: d.tooFew };
  if (wanted.has("xu-huong") && d) out["xu-huong"] = { monthly: d.monthly, quarterly: d.quarterly, channels: d.channels };
  if (wanted.has("tieu-chi")) out["tieu-chi"] = { subIndices: root.children.filter((c) => c.kind === "node") };
  return out;
}

const needsDrill = (wanted: Set<DashboardSection>) => [...wanted].some((s) => s !== "tieu-chi");

/**
 * The index tree of a unit's scope, and its drill-down (trends, leagues, weakest criteria) only
 * when something shown needs it: a drill-down page, or an overview section asked for.
 */
async function scopeFigures(conn: Db, scope: Awaited<ReturnType<typeof resolveDrillScope>>, q: { year: number; channel: Channel | "all"; node: string | null }, drill: boolean) {
  if (drill) return drillPage(conn, scope, q);
  const indices = await computeIndicesOver(conn, { year: q.year, channel: q.channel }, scope);
  return { indices, nodePath: [indices.nodes[0].code], drill: null };
}

/**
 * The province (or a unit's) dashboard, GET /dashboard?year=&channel=&unit=&node=&tree=&mo=&lang= (node: a
 * sub-index or criterion code; none = SIPAS). A bad parameter is not an error page: the page
 * shows its message and the form with that field back at its default (status 4xx).
 * The overview sends its folded sections only when `mo=` asks for them (else they load on demand,
 * see dashboardSection); a drill-down page (node=) sends all it shows.
 */
export async function unitDashboard(request: Request) {
  const { user, home, url, lang, conn, rawUnit } = await dashboardRequest(request);
  const rawYear = url.searchParams.get("year");
  const rawChannel = url.searchParams.get("channel");
  const [demo, years, fallbackYear] = await Promise.all([hasDemoData(conn), availableYears(conn), defaultYear(conn)]);
  const common = {
    lang,
    demo,
    form: { year: rawYear ?? String(fallbackYear), channel: rawChannel || "all", unit: rawUnit ?? "", node: url.searchParams.get("node") || null, tree: url.searchParams.get("tree") || "then" },
  };
  try {
    const { year, channel, node, tree } = dashboardQuery(url, fallbackYear);
    const open = node ? new Set<DashboardSection>() : openSections(url.searchParams.getAll("mo"));
    const drillScope = await resolveDrillScope(conn, { kind: "unit", code: rawUnit }, { year, tree });
    const [page, children, scope, dataYears] = await Promise.all([
      scopeFigures(conn, drillScope, { year, channel, node }, node !== null || needsDrill(open)),
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
    const overview = node === null;
    return {
      status: 200,
      body: {
      ...common,
      feedback,
      // The alerts fold lists the first few (all of them on /canh-bao) under the counts of all.
      alerts: alerts.slice(0, ALERTS_SHOWN),
      alertCounts: { total: alerts.length, open: alerts.filter((a) => a.status === "open").length },
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
      // The overview's cards need the root and its sub-indices; the criteria come with their section.
      indices: overview && !open.has("tieu-chi") ? withoutCriteria(page.indices) : page.indices,
      nodePath: page.nodePath,
      drill: overview ? null : page.drill,
      /** The overview's folded sections: those `mo=` asked for; the others load on demand. */
      open: [...open],
      sections: overview ? sectionsOf(open, { indices: page.indices, drill: page.drill, children }) : {},
      /** The counts in the titles of the folds (their rows load on demand). */
      counts: { units: children.length, points: page.indices.scope.servicePoints },
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
        error: { field, message: inputMessage(lang, e, field) },
        years,
        scope,
      },
    };
  }
}

const inputMessage = (lang: Lang, e: InputError, field: (typeof ERROR_FIELDS)[number] | null) =>
  e.code === "not_in_period" ? e.message : field ? td(lang, `error.${field}` as DashboardKey) : e.message;

export type DashboardSectionResult =
  | { ok: true; section: DashboardSection; data: DashboardSectionData[DashboardSection] }
  | { ok: false; message: string };

/**
 * One folded section of a unit's overview, GET /dashboard/phan/<section>?year=&channel=&unit=&tree=:
 * the same permission as the page (read:indices; a unit outside the user's scope is a 403); an
 * unknown section is a 404, a bad parameter a 400 (or 404 for an unknown unit), each with a Vietnamese message.
 */
export async function dashboardSection(request: Request, rawSection: string | undefined): Promise<{ status: number; body: DashboardSectionResult }> {
  let req: Awaited<ReturnType<typeof dashboardRequest>>;
  try {
    req = await dashboardRequest(request);
  } catch (e) {
    // A 403 answers with its message; a redirect (not signed in) goes on to the login page.
    if (e instanceof Response && e.status === 403) return { status: 403, body: { ok: false, message: await e.text() } };
    throw e;
  }
  const { url, lang, conn, rawUnit } = req;
  const parsed = sectionSchema.safeParse(rawSection);
  if (!parsed.success) return { status: 404, body: { ok: false, message: "Không có mục này trên trang chỉ số. Hãy tải lại trang." } };
  const section = parsed.data;
  try {
    const { year, channel, tree } = dashboardQuery(url, await defaultYear(conn));
    const drillScope = await resolveDrillScope(conn, { kind: "unit", code: rawUnit }, { year, tree });
    const wanted = new Set([section]);
    const [page, children] = await Promise.all([
      scopeFigures(conn, drillScope, { year, channel, node: null }, needsDrill(wanted)),
      section === "don-vi" ? computeChildUnits(conn, { year, unit: rawUnit, channel, tree }) : null,
    ]);
    return { status: 200, body: { ok: true, section, data: sectionsOf(wanted, { indices: page.indices, drill: page.drill, children })[section]! } };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = ERROR_FIELDS.find((f) => f in e.fields) ?? null;
    return { status: e.status, body: { ok: false, message: inputMessage(lang, e, field) } };
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
