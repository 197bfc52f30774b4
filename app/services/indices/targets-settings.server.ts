import { parsePointsRule, type PointsRule } from "../../domain/par-points";
import { audit } from "../../platform/auth.server";
import type { Db, Tx } from "../../platform/db.server";

/** Alert thresholds and the PAR points rule, held in `setting` (defaults when a row is absent). */
interface AlertSettings {
  /** An alert when a point's 7-day satisfaction is below this (fraction). */
  minSatisfaction: number;
  /** … or below its target by more than this (fraction: 0.05 = 5 points). */
  targetMargin: number;
  /** Fewer respondents in 7 days than this: no satisfaction alert (too few to tell). */
  minResponses: number;
  /** A silent working day raises an alert only if the point had responses in these days before. */
  silenceLookbackDays: number;
}

const DEFAULT_ALERT_SETTINGS: AlertSettings = { minSatisfaction: 0.7, targetMargin: 0.05, minResponses: 10, silenceLookbackDays: 14 };

const KEYS: Record<keyof AlertSettings, string> = {
  minSatisfaction: "alert.minSatisfaction",
  targetMargin: "alert.targetMargin",
  minResponses: "alert.minResponses",
  silenceLookbackDays: "alert.silenceLookbackDays",
};
const POINTS_RULE_KEY = "par.pointsRule";

export async function alertSettings(db: Db | Tx): Promise<AlertSettings> {
  const rows = await db.selectFrom("setting").select(["key", "value"]).where("key", "in", Object.values(KEYS)).execute();
  const out = { ...DEFAULT_ALERT_SETTINGS };
  for (const [k, key] of Object.entries(KEYS) as Array<[keyof AlertSettings, string]>) {
    const v = Number(rows.find((r) => r.key === key)?.value);
    if (Number.isFinite(v)) out[k] = v;
  }
  return out;
}

export async function pointsRule(db: Db | Tx): Promise<PointsRule> {
  const r = await db.selectFrom("setting").select("value").where("key", "=", POINTS_RULE_KEY).executeTakeFirst();
  return parsePointsRule(r?.value);
}

async function put(trx: Tx, key: string, value: string) {
  await trx.insertInto("setting").values({ key, value }).onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
}

export async function saveAlertSettings(db: Db, s: AlertSettings, actor: { userId: number; ip: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await alertSettings(trx);
    for (const [k, key] of Object.entries(KEYS) as Array<[keyof AlertSettings, string]>) await put(trx, key, String(s[k]));
    await audit(trx, { userId: actor.userId, action: "settings.alerts", entity: "setting", entityId: "alert", before, after: s, ip: actor.ip });
  });
}

export async function savePointsRule(db: Db, rule: PointsRule, actor: { userId: number; ip: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await pointsRule(trx);
    await put(trx, POINTS_RULE_KEY, JSON.stringify(rule));
    await audit(trx, { userId: actor.userId, action: "settings.par_points", entity: "setting", entityId: POINTS_RULE_KEY, before, after: rule, ip: actor.ip });
  });
}
