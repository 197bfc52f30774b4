import { viDay, dayAfter } from "./days";
/**
 * Units, agencies and service points through time (docs/decisions/0012): which unit a service
 * point belonged to on a day, which units were in force, and today's successor of a past unit.
 * Pure: the caller loads the versions and lineage edges (a few hundred rows) and asks.
 *
 * Days are "YYYY-MM-DD" (Vietnam local days); a version is in force from `from` (null = always)
 * to `to` inclusive (null = still in force).
 */

export type OrgEntity = "unit" | "agency" | "point";

export interface OrgVersion {
  entity: OrgEntity;
  id: number;
  from: string | null;
  to: string | null;
  code: string;
  name: string;
  nameEn: string | null;
  /** Units: the level code. */
  level: string | null;
  /** Agencies and points: their kind. */
  kind: string | null;
  /** Units and agencies: the parent. */
  parentId: number | null;
  /** Agencies and points: the unit. */
  unitId: number | null;
  /** Points: the agency. */
  agencyId: number | null;
}

export interface LineageEdge {
  entity: OrgEntity;
  from: number;
  to: number;
  on: string;
  kind: "merge" | "split" | "successor";
}

interface OrgHistory {
  versions: OrgVersion[];
  edges: LineageEdge[];
}

/** An index over the history, built once per read. */
export interface OrgIndex {
  history: OrgHistory;
  byEntity: Map<string, OrgVersion[]>;
  edgesFrom: Map<string, LineageEdge[]>;
  edgesTo: Map<string, LineageEdge[]>;
}

const key = (entity: OrgEntity, id: number) => `${entity}:${id}`;

export function indexHistory(history: OrgHistory): OrgIndex {
  const byEntity = new Map<string, OrgVersion[]>();
  for (const v of history.versions) {
    const k = key(v.entity, v.id);
    const list = byEntity.get(k);
    if (list) list.push(v);
    else byEntity.set(k, [v]);
  }
  for (const list of byEntity.values()) list.sort((a, b) => (a.from ?? "").localeCompare(b.from ?? ""));
  const edgesFrom = new Map<string, LineageEdge[]>();
  const edgesTo = new Map<string, LineageEdge[]>();
  for (const e of history.edges) {
    const f = key(e.entity, e.from);
    const t = key(e.entity, e.to);
    edgesFrom.set(f, [...(edgesFrom.get(f) ?? []), e]);
    edgesTo.set(t, [...(edgesTo.get(t) ?? []), e]);
  }
  return { history, byEntity, edgesFrom, edgesTo };
}

export const inForce = (v: { from: string | null; to: string | null }, day: string): boolean =>
  (v.from === null || v.from <= day) && (v.to === null || v.to >= day);

/** Whether a version overlaps [from, to]. */
export const overlaps = (v: { from: string | null; to: string | null }, from: string, to: string): boolean =>
  (v.from === null || v.from <= to) && (v.to === null || v.to >= from);

function versionsOf(ix: OrgIndex, entity: OrgEntity, id: number): OrgVersion[] {
  return ix.byEntity.get(key(entity, id)) ?? [];
}

export function versionAt(ix: OrgIndex, entity: OrgEntity, id: number, day: string): OrgVersion | undefined {
  return versionsOf(ix, entity, id).find((v) => inForce(v, day));
}

/** The last version of an entity (its current one, or the one it ended with). */
export function lastVersion(ix: OrgIndex, entity: OrgEntity, id: number): OrgVersion | undefined {
  const list = versionsOf(ix, entity, id);
  return list[list.length - 1];
}

/** Every entity of a kind in force on a day, one version each. */
export function inForceAt(ix: OrgIndex, entity: OrgEntity, day: string): OrgVersion[] {
  const out: OrgVersion[] = [];
  for (const list of ix.byEntity.values()) {
    if (list[0].entity !== entity) continue;
    const v = list.find((x) => inForce(x, day));
    if (v) out.push(v);
  }
  return out.sort((a, b) => a.id - b.id);
}

/** A node and all its descendants, from (id, parent) pairs (a tree of a few hundred nodes). */
export function descendants(nodes: Array<{ id: number; parentId: number | null }>, rootId: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const u of nodes) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<number>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** A unit and its descendants on a day (empty when the unit was not in force that day). */
export function subtreeAt(ix: OrgIndex, unitId: number, day: string): Set<number> {
  const units = inForceAt(ix, "unit", day);
  return units.some((u) => u.id === unitId) ? descendants(units, unitId) : new Set();
}

/** The unit a service point belonged to on a day (undefined when it was not in service). */
export function pointUnitAt(ix: OrgIndex, pointId: number, day: string): number | undefined {
  return versionAt(ix, "point", pointId, day)?.unitId ?? undefined;
}

type Mapping = { unitId: number } | { unmapped: "split" | "no_successor"; candidates: number[] };

/**
 * Follows successor edges of one entity (effective on or before `day`) until an entity in force
 * on `day`. One path: that entity. Several (a split): unmapped with the candidates. None: the
 * entity ended without a successor.
 */
export function successorAt(ix: OrgIndex, entity: OrgEntity, id: number, day: string): { id: number } | { unmapped: "split" | "no_successor"; candidates: number[] } {
  const seen = new Set<number>();
  let current = id;
  for (;;) {
    if (versionAt(ix, entity, current, day)) return { id: current };
    if (seen.has(current)) return { unmapped: "no_successor", candidates: [] };
    seen.add(current);
    const next = (ix.edgesFrom.get(key(entity, current)) ?? []).filter((e) => e.on <= day);
    const targets = [...new Set(next.map((e) => e.to))];
    if (targets.length === 1) current = targets[0];
    else if (targets.length === 0) return { unmapped: "no_successor", candidates: [] };
    else return { unmapped: "split", candidates: finalCandidates(ix, entity, targets, day) };
  }
}

function finalCandidates(ix: OrgIndex, entity: OrgEntity, ids: number[], day: string): number[] {
  const out = new Set<number>();
  const stack = [...ids];
  const seen = new Set<number>();
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (versionAt(ix, entity, id, day)) { out.add(id); continue; }
    for (const e of ix.edgesFrom.get(key(entity, id)) ?? []) if (e.on <= day) stack.push(e.to);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * The unit of `day` under which the responses of a service point count ("mapped to today's
 * units"): the unit that holds, on that day, the point itself or the point that took over its
 * dossiers; for a point closed without a successor, the successor on that day of the unit it
 * belonged to last. Never guessed through a split.
 */
export function mapPoint(ix: OrgIndex, pointId: number, day: string): Mapping {
  const p = successorAt(ix, "point", pointId, day);
  if ("id" in p) {
    const unitId = pointUnitAt(ix, p.id, day);
    if (unitId !== undefined) return { unitId };
  }
  if ("unmapped" in p && p.unmapped === "split") {
    const units = [...new Set(p.candidates.map((c) => pointUnitAt(ix, c, day)).filter((u): u is number => u !== undefined))];
    if (units.length === 1) return { unitId: units[0] };
    return { unmapped: "split", candidates: units };
  }
  const last = lastVersion(ix, "point", pointId)?.unitId;
  if (last === null || last === undefined) return { unmapped: "no_successor", candidates: [] };
  const u = successorAt(ix, "unit", last, day);
  if ("id" in u) return { unitId: u.id };
  return { unmapped: u.unmapped, candidates: u.candidates };
}

// ---------------------------------------------------------------------------------------------
// Months of a period that count under a scope.

export type TreeMode = "then" | "current";

/** A run of months ("YYYY-MM", inclusive) in which one service point counts. */
export interface Segment {
  pointId: number;
  from: string;
  to: string;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
}

/** The first day of a month: the tree in force on that day decides where the month counts. */
const monthStart = (month: string): string => `${month}-01`;

/** Runs of consecutive months where `inScope(month)` holds, for one point. */
function runs(pointId: number, months: string[], inScope: (m: string, i: number) => boolean): Segment[] {
  const out: Segment[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  for (const [i, m] of months.entries()) {
    if (inScope(m, i)) {
      if (start === null) start = m;
      prev = m;
    } else if (start !== null) {
      out.push({ pointId, from: start, to: prev! });
      start = null;
    }
  }
  if (start !== null) out.push({ pointId, from: start, to: prev! });
  return out;
}

/**
 * "As organised then": each month of the period counts the points that belonged, on its first
 * day, to the unit's subtree of that day.
 */
export function segmentsThen(ix: OrgIndex, unitId: number, months: { from: string; to: string }, pointIds: number[]): Segment[] {
  return segmentsThenMany(ix, [unitId], months, pointIds).get(unitId) ?? [];
}

/**
 * segmentsThen for several units at once (a league table's children): one walk per month and
 * point up the tree of that month, instead of one per unit.
 */
export function segmentsThenMany(ix: OrgIndex, unitIds: number[], months: { from: string; to: string }, pointIds: number[]): Map<number, Segment[]> {
  const list = monthsBetween(months.from, months.to);
  const targets = new Set(unitIds);
  const marked = new Map<number, Map<number, boolean[]>>(); // unit → point → months it counts in
  for (const [mi, m] of list.entries()) {
    const day = monthStart(m);
    const parent = new Map(inForceAt(ix, "unit", day).map((u) => [u.id, u.parentId]));
    for (const p of pointIds) {
      let u: number | null | undefined = pointUnitAt(ix, p, day);
      for (let hops = 0; u !== undefined && u !== null && hops < 50; hops++) {
        if (targets.has(u)) {
          let byPoint = marked.get(u);
          if (!byPoint) marked.set(u, (byPoint = new Map()));
          let flags = byPoint.get(p);
          if (!flags) byPoint.set(p, (flags = list.map(() => false)));
          flags[mi] = true;
        }
        u = parent.get(u);
      }
    }
  }
  // A month when the point was not in service holds none of its responses: it may join a run,
  // so that a point in scope for all its months in service reads the same (yearly) rows as before.
  const idle = new Map<number, boolean[]>();
  const idleOf = (p: number) => {
    let flags = idle.get(p);
    if (!flags) {
      const vs = versionsOf(ix, "point", p);
      idle.set(p, (flags = list.map((m) => !vs.some((v) => overlaps(v, monthStart(m), periodDays({ from: m, to: m }).to)))));
    }
    return flags;
  };
  const out = new Map<number, Segment[]>(unitIds.map((u) => [u, []]));
  for (const [u, byPoint] of marked) {
    for (const [p, flags] of byPoint) {
      const free = idleOf(p);
      out.get(u)!.push(...runs(p, list, (_m, i) => flags[i] || free[i]).filter((g) => list.some((m, i) => flags[i] && m >= g.from && m <= g.to)));
    }
  }
  for (const segs of out.values()) segs.sort((a, b) => a.pointId - b.pointId || a.from.localeCompare(b.from));
  return out;
}

interface MappedScope {
  segments: Segment[];
  /** Points whose responses cannot be mapped to one unit of `day` (split, or closed with no successor). */
  unmapped: Array<{ pointId: number; reason: "split" | "no_successor"; candidates: number[] }>;
}

/**
 * "Mapped to the units of `day`": every point whose responses map into the unit's subtree of
 * that day counts for the whole period. Unmapped points are listed for the scopes they might
 * belong to (every candidate's scope; the root for a point with no successor).
 */
export function segmentsMapped(ix: OrgIndex, unitId: number, months: { from: string; to: string }, pointIds: number[], day: string): MappedScope {
  return segmentsMappedMany(ix, [unitId], months, pointIds, day).get(unitId)!;
}

/** segmentsMapped for several units of `day` at once: each point is mapped once. */
export function segmentsMappedMany(ix: OrgIndex, unitIds: number[], months: { from: string; to: string }, pointIds: number[], day: string): Map<number, MappedScope> {
  const targets = new Set(unitIds);
  const parent = new Map(inForceAt(ix, "unit", day).map((u) => [u.id, u.parentId]));
  const out = new Map<number, MappedScope>(unitIds.map((u) => [u, { segments: [], unmapped: [] }]));
  const ancestors = (u: number | null | undefined) => {
    const found: number[] = [];
    for (let hops = 0; u !== undefined && u !== null && hops < 50; hops++) {
      if (targets.has(u)) found.push(u);
      u = parent.get(u);
    }
    return found;
  };
  const roots = unitIds.filter((u) => versionAt(ix, "unit", u, day)?.parentId === null);
  const days = periodDays(months);
  for (const p of pointIds) {
    // Only points in service at some day of the period have responses in it.
    const life = lifetime(ix, "point", p);
    if (!life || !overlaps(life, days.from, days.to)) continue;
    const m = mapPoint(ix, p, day);
    if ("unitId" in m) {
      for (const u of ancestors(m.unitId)) out.get(u)!.segments.push({ pointId: p, from: months.from, to: months.to });
    } else {
      const where = new Set([...roots, ...m.candidates.flatMap((c) => ancestors(c))]);
      for (const u of where) out.get(u)!.unmapped.push({ pointId: p, reason: m.unmapped, candidates: m.candidates });
    }
  }
  return out;
}

/** The first and last day of a run of months. */
export function periodDays(months: { from: string; to: string }): { from: string; to: string } {
  const [y, m] = months.to.split("-").map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${months.from}-01`, to: `${months.to}-${String(last).padStart(2, "0")}` };
}

/** Units that were children of `unitId` at some day of the period (as organised then). */
export function childrenDuring(ix: OrgIndex, unitId: number, days: { from: string; to: string }): OrgVersion[] {
  const out = new Map<number, OrgVersion>();
  for (const list of ix.byEntity.values()) {
    if (list[0].entity !== "unit") continue;
    for (const v of list) if (v.parentId === unitId && overlaps(v, days.from, days.to)) out.set(v.id, v);
  }
  return [...out.values()].sort((a, b) => a.id - b.id);
}

/** When a unit existed: its first and last day (null = open). */
export function lifetime(ix: OrgIndex, entity: OrgEntity, id: number): { from: string | null; to: string | null } | undefined {
  const list = versionsOf(ix, entity, id);
  if (list.length === 0) return undefined;
  return { from: list[0].from, to: list[list.length - 1].to };
}


/** Why a response dated `day` cannot be given at a point (null when the point was in service then). */
export function outOfService(pointCode: string, from: string | null, to: string | null, day: string): string | null {
  if (from !== null && day < from) return `Điểm phục vụ "${pointCode}" chưa hoạt động vào ngày ${viDay(day)} (hoạt động từ ${viDay(from)}).`;
  if (to !== null && day > to) return `Điểm phục vụ "${pointCode}" đã ngừng hoạt động từ ${viDay(dayAfter(to))}, nên không nhận phiếu ngày ${viDay(day)}.`;
  return null;
}

