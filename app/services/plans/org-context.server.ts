// The organisation a plan is assigned in: agencies with their levels, groups that expand to agencies.
import type { Db, Tx } from "../../platform/db.server";
import groupsSeed from "../../../db/seed/plans-agency-groups.json";
import { type AgencyGroup, type AgencyInfo, type AgencyLevel } from "../../domain/plans";




export interface AgencyRow extends AgencyInfo {
  id: number;
}

export interface PlanContext {
  agencies: AgencyRow[];
  groups: AgencyGroup[];
  aliases: Record<string, string>;
}

export async function planContext(db: Db | Tx): Promise<PlanContext> {
  const [agencies, groups, members] = await Promise.all([
    db.selectFrom("agency as a").leftJoin("admin_unit as u", "u.id", "a.unit_id")
      .select(["a.id", "a.code", "a.name", "a.kind", "a.active", "u.level"]).orderBy("a.id").execute(),
    db.selectFrom("plan_agency_group").selectAll().orderBy("id").execute(),
    db.selectFrom("plan_agency_group_member as m").innerJoin("agency as a", "a.id", "m.agency_id").select(["m.group_id", "m.mode", "a.code"]).orderBy("m.id").execute(),
  ]);
  const codes = (groupId: number, mode: string) => members.filter((m) => m.group_id === groupId && m.mode === mode).map((m) => m.code);
  return {
    agencies: agencies.map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind, active: !!a.active, level: (a.level as AgencyLevel | null) ?? null })),
    groups: groups.map((g) => ({
      code: g.code, name: g.name, aliases: JSON.parse(g.aliases) as string[], rule: JSON.parse(g.rule) as AgencyGroup["rule"],
      include: codes(g.id, "include"), exclude: codes(g.id, "exclude"),
    })),
    aliases: groupsSeed.agencyAliases,
  };
}
