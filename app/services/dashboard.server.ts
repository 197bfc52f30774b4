import type { Db } from "../../db/client.server";
import { localYear } from "../domain/periods";
import { CHANNELS } from "../schemas/response";
import { resolveScope } from "./indices.server";
import { listUnits, type UnitRow } from "./reference.server";

/** The dashboard's default year: the latest year with any target; else the current year in Vietnam. */
export async function defaultYear(db: Db, now = new Date()): Promise<number> {
  const r = await db.selectFrom("target").select((eb) => eb.fn.max<number>("year").as("y")).executeTakeFirst();
  const y = r?.y === null || r?.y === undefined ? null : Number(r.y);
  return y !== null && Number.isInteger(y) ? y : localYear(now);
}

/**
 * Years a leader can pick: every year between the first and last local day of the daily rollups,
 * the years with targets and the current year; newest first.
 */
export async function availableYears(db: Db, now = new Date()): Promise<number[]> {
  const years = new Set<number>([localYear(now), ...(await yearsWithData(db))]);
  const t = await db.selectFrom("target").select("year").distinct().execute();
  for (const row of t) years.add(Number(row.year));
  return [...years].sort((a, b) => b - a);
}

/** Years that have any survey data (from the monthly rollups), newest first. */
export async function yearsWithData(db: Db): Promise<number[]> {
  const r = await db
    .selectFrom("rollup_question_month")
    .select((eb) => [eb.fn.min<string>("month").as("first"), eb.fn.max<string>("month").as("last")])
    .executeTakeFirst();
  if (!r?.first || !r?.last) return [];
  const out: number[] = [];
  const first = Number(String(r.first).slice(0, 4));
  const last = Number(String(r.last).slice(0, 4));
  if (!(last - first < 100)) return [last];
  for (let y = last; y >= first; y--) out.push(y);
  return out;
}

/** The channels with any answer in a year within a unit's subtree (for the empty-state hint). */
export async function channelsWithData(db: Db, year: number, unitCode: string | null): Promise<string[]> {
  const { pointIds } = await resolveScope(db, unitCode);
  if (pointIds.length === 0) return [];
  const rows = await db
    .selectFrom("rollup_question_month")
    .select("channel")
    .distinct()
    .where("month", ">=", `${year}-01`)
    .where("month", "<=", `${year}-12`)
    .where("service_point_id", "in", pointIds)
    .execute();
  const order = (c: string) => {
    const i = (CHANNELS as readonly string[]).indexOf(c);
    return i < 0 ? CHANNELS.length : i;
  };
  return rows.map((r) => r.channel).sort((a, b) => order(a) - order(b));
}

export interface ScopeOption {
  code: string;
  name: string;
  nameEn: string | null;
  level: string;
}

export interface ScopeInfo {
  /** Units offered as scope: the province and the district-level units (plus the current unit). */
  options: ScopeOption[];
  /** From the root down to the current unit (breadcrumb). */
  path: ScopeOption[];
  /** English names of all units, by code (for the table of child units). */
  namesEn: Record<string, string>;
}

const option = (u: UnitRow): ScopeOption => ({ code: u.code, name: u.name, nameEn: u.name_en, level: u.level });

/** Scope choices and the breadcrumb of the current unit (null = the province). */
/**
 * The scope selector and breadcrumb. `homeCode` is the top of what the user may read (the province
 * for an admin, their district for a district leader): options and breadcrumb stop there.
 */
export async function scopeInfo(db: Db, unitCode: string | null, homeCode: string | null = null): Promise<ScopeInfo> {
  const units = await listUnits(db);
  const home = homeCode ? units.find((u) => u.code === homeCode) : undefined;
  const roots = home ? [home] : units.filter((u) => u.parent_id === null);
  const rootIds = new Set(roots.map((u) => u.id));
  const options = [...roots, ...units.filter((u) => u.parent_id !== null && rootIds.has(u.parent_id))].map(option);
  const current = unitCode ? units.find((u) => u.code === unitCode) : roots[0];
  const path: ScopeOption[] = [];
  for (let u = current; u; u = units.find((x) => x.id === u!.parent_id)) {
    path.unshift(option(u));
    if (u.id === home?.id || path.length > 10) break;
  }
  if (current && !options.some((o) => o.code === current.code)) options.push(option(current));
  const namesEn: Record<string, string> = {};
  for (const u of units) if (u.name_en) namesEn[u.code] = u.name_en;
  return { options, path, namesEn };
}
