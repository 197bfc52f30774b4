import type { Selectable } from "kysely";
import { stableSum, type AlertTable, type Db } from "../../platform/db.server";
import { alertConditions, ALERT_KINDS, lastWorkingDayBefore, weekWindow, type AlertKind } from "../../domain/alerts";
import { addDays, viDay } from "../../domain/days";
import { localDay, localYear } from "../../domain/periods";
import { can, tokenAllows } from "../../domain/permissions";
import { scoreTree, type NodeSums, type QuestionCounts } from "../../domain/scoring";
import { audit, loadOrg, type SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { loadCalendar } from "../feedback/feedback.server";
import { computeIndices } from "./indices.server";
import { enqueue } from "../../platform/notify.server";
import { loadIndex } from "../surveys/questionnaires.server";
import { listUnits } from "../org/reference.server";
import { alertSettings } from "./targets-settings.server";

/**
 * Alerts on service points, evaluated by the jobs runner from the daily rollups (never raw answers):
 * one open alert per point × kind; it resolves itself when its condition ends. Opening one queues a
 * notification to the point's agency through the outbox.
 */

const ALERT_INDEX = "SIPAS";

const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  low_satisfaction: "Mức hài lòng 7 ngày thấp",
  below_target: "Thấp hơn chỉ tiêu",
  silence: "Không nhận được phiếu",
};

const ALERT_STATUS_LABEL: Record<AlertTable["status"], string> = {
  open: "Mới, chưa xử lý",
  acknowledged: "Đã ghi nhận",
  resolved: "Đã hết (tự đóng)",
};

/** The SIPAS target level of each unit for a year: the nearest unit up the tree with one. */
async function targetThresholds(db: Db, year: number): Promise<Map<number, number | null>> {
  const units = await listUnits(db);
  const rows = await db.selectFrom("target").select(["unit_id"]).where("year", "=", year).where("node_code", "=", ALERT_INDEX).execute();
  const own = new Map<number, number | null>();
  for (const r of rows) {
    const unit = units.find((u) => u.id === r.unit_id);
    if (!unit) continue;
    // computeIndices resolves the kind and the (stated or measured) baseline, as the dashboard does.
    const res = await computeIndices(db, { year, unit: unit.code, channel: "all", index: ALERT_INDEX });
    own.set(unit.id, res.nodes[0].target?.threshold ?? null);
  }
  const out = new Map<number, number | null>();
  for (const u of units) {
    let t: number | null = null;
    for (let x: typeof u | undefined = u; x; x = units.find((p) => p.id === x!.parent_id)) {
      if (own.has(x.id)) {
        t = own.get(x.id)!;
        break;
      }
    }
    out.set(u.id, t);
  }
  return out;
}

interface EvaluationResult {
  opened: number;
  updated: number;
  resolved: number;
}

/** Job: evaluates every active service point at `now` and opens, refreshes or resolves alerts. */
export async function evaluateAlerts(db: Db, now = new Date()): Promise<EvaluationResult> {
  const today = localDay(now);
  const { from, to } = weekWindow(today);
  const [settings, cal, index, thresholds, points] = await Promise.all([
    alertSettings(db),
    loadCalendar(db),
    loadIndex(db, ALERT_INDEX),
    targetThresholds(db, localYear(now)),
    db.selectFrom("service_point").select(["id", "code", "name", "unit_id", "agency_id"]).where("active", "=", 1).execute(),
  ]);
  const lastDay = lastWorkingDayBefore(today, cal);
  const lookFrom = addDays(lastDay, -Math.max(1, Math.round(settings.silenceLookbackDays)));
  const questionCodes = new Set(index.questions.map((q) => q.code));

  const qRows = await db.selectFrom("rollup_question_day")
    .select((eb) => ["service_point_id", "question_code", "value", eb.fn.sum<number>("count").as("c")])
    .where("day", ">=", from).where("day", "<=", to)
    .groupBy(["service_point_id", "question_code", "value"]).execute();
  const nRows = await db.selectFrom("rollup_node_day")
    .select((eb) => ["service_point_id", "node_code", eb.fn.sum<number>("n").as("n"), stableSum("sum").as("sum"), stableSum("sum_sq").as("sum_sq"), eb.fn.sum<number>("answers").as("answers")])
    .where("day", ">=", from).where("day", "<=", to)
    .groupBy(["service_point_id", "node_code"]).execute();
  const dayRows = await db.selectFrom("rollup_node_day")
    .select((eb) => ["service_point_id", "day", eb.fn.sum<number>("n").as("n")])
    .where("node_code", "=", ALERT_INDEX).where("day", ">=", lookFrom).where("day", "<=", lastDay)
    .groupBy(["service_point_id", "day"]).execute();

  const questions = new Map<number, Map<string, QuestionCounts>>();
  for (const r of qRows) {
    if (!questionCodes.has(r.question_code)) continue;
    const m = questions.get(r.service_point_id) ?? new Map<string, QuestionCounts>();
    const c = m.get(r.question_code) ?? { satisfied: 0, total: 0, notApplicable: 0 };
    const count = Number(r.c);
    if (r.value === 0) c.notApplicable += count;
    else {
      c.total += count;
      if (r.value >= 4) c.satisfied += count;
    }
    m.set(r.question_code, c);
    questions.set(r.service_point_id, m);
  }
  const sums = new Map<number, Map<string, NodeSums>>();
  for (const r of nRows) {
    const m = sums.get(r.service_point_id) ?? new Map<string, NodeSums>();
    m.set(r.node_code, { n: Number(r.n), sum: Number(r.sum), sumSq: Number(r.sum_sq), answers: Number(r.answers) });
    sums.set(r.service_point_id, m);
  }
  const lastCount = new Map<number, number>();
  const earlier = new Map<number, number>();
  for (const r of dayRows) {
    const target = r.day === lastDay ? lastCount : earlier;
    target.set(r.service_point_id, (target.get(r.service_point_id) ?? 0) + Number(r.n));
  }

  const result: EvaluationResult = { opened: 0, updated: 0, resolved: 0 };
  const open = await db.selectFrom("alert").selectAll().where("status", "<>", "resolved").execute();
  const iso = now.toISOString();
  for (const p of points) {
    const scored = scoreTree(index.tree, questions.get(p.id) ?? new Map(), sums.get(p.id) ?? new Map());
    const conditions = alertConditions(
      { value: scored.value, n: scored.n, threshold: thresholds.get(p.unit_id) ?? null, lastWorkingDayCount: lastCount.get(p.id) ?? 0, earlierCount: earlier.get(p.id) ?? 0 },
      settings,
    );
    const mine = open.filter((a) => a.service_point_id === p.id);
    if (conditions.length === 0 && mine.length === 0) continue;
    await db.transaction().execute(async (trx) => {
      for (const kind of ALERT_KINDS) {
        const c = conditions.find((x) => x.kind === kind);
        const current = mine.find((a) => a.kind === kind);
        if (c && current) {
          await trx.updateTable("alert").set({ last_seen_at: iso, value: c.value, threshold: c.threshold, n: c.n }).where("id", "=", current.id).execute();
          result.updated += 1;
        } else if (c) {
          const detail = kind === "silence" ? lastDay : `${from}/${to}`;
          const inserted = await trx.insertInto("alert").values({
            service_point_id: p.id, kind, status: "open", opened_at: iso, opened_day: today, last_seen_at: iso,
            value: c.value, threshold: c.threshold, n: c.n, detail, acknowledged_at: null, acknowledged_by: null, comment: null, resolved_at: null,
          }).onConflict((oc) => oc.doNothing()).returning("id").executeTakeFirst();
          if (!inserted) continue; // another runner opened it first
          await enqueue(trx, {
            channel: "log",
            recipient: `agency:${p.agency_id}`,
            subject: `Cảnh báo: ${ALERT_KIND_LABEL[kind]} — ${p.name}`,
            body: alertText(kind, c.value, c.threshold, c.n, lastDay),
            dedupeKey: `alert:${inserted.id}`,
          }, now);
          result.opened += 1;
        } else if (current) {
          await trx.updateTable("alert").set({ status: "resolved", resolved_at: iso }).where("id", "=", current.id).execute();
          result.resolved += 1;
        }
      }
    });
  }
  return result;
}

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2).replace(".", ",")}%`);

/** One sentence for the notification and the alerts page. */
function alertText(kind: AlertKind, value: number | null, threshold: number | null, n: number | null, day: string | null): string {
  switch (kind) {
    case "low_satisfaction":
      return `Tỷ lệ hài lòng 7 ngày qua là ${pct(value)} (${n ?? 0} phiếu), dưới ngưỡng ${pct(threshold)}.`;
    case "below_target":
      return `Tỷ lệ hài lòng 7 ngày qua là ${pct(value)} (${n ?? 0} phiếu), thấp hơn chỉ tiêu ${pct(threshold)} quá mức cho phép.`;
    case "silence":
      return `Không nhận được phiếu khảo sát nào trong ngày làm việc ${day ? viDay(day) : ""}, dù trước đó vẫn có phiếu. Kiểm tra ki-ốt, mạng hoặc mã QR.`;
  }
}

export interface AlertView {
  id: number;
  kind: AlertKind;
  kindLabel: string;
  status: AlertTable["status"];
  statusLabel: string;
  pointCode: string;
  pointName: string;
  unitCode: string;
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  text: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  comment: string | null;
}

/** Alerts of the points the user may read (read:indices in the point's scope), newest first. */
export async function listAlerts(db: Db, user: SessionUser, opts: { status?: "current" | "resolved"; limit?: number } = {}): Promise<AlertView[]> {
  if (!tokenAllows(user, "read:indices")) return [];
  const org = await loadOrg(db);
  let q = db.selectFrom("alert as a")
    .innerJoin("service_point as p", "p.id", "a.service_point_id")
    .innerJoin("admin_unit as u", "u.id", "p.unit_id")
    .leftJoin("app_user as au", "au.id", "a.acknowledged_by")
    .selectAll("a")
    .select(["p.code as point_code", "p.name as point_name", "u.code as unit_code", "au.display_name as ack_name"])
    .orderBy("a.opened_at", "desc").orderBy("a.id", "desc");
  q = opts.status === "resolved" ? q.where("a.status", "=", "resolved") : q.where("a.status", "<>", "resolved");
  const rows = await q.limit(opts.limit ?? 500).execute();
  return rows
    .filter((r) => can(user.grants, "read:indices", { servicePointId: r.service_point_id }, org))
    .map((r) => ({
      id: r.id, kind: r.kind, kindLabel: ALERT_KIND_LABEL[r.kind], status: r.status, statusLabel: ALERT_STATUS_LABEL[r.status],
      pointCode: r.point_code, pointName: r.point_name, unitCode: r.unit_code, openedAt: r.opened_at, lastSeenAt: r.last_seen_at, resolvedAt: r.resolved_at,
      text: alertText(r.kind, r.value, r.threshold, r.n, r.kind === "silence" ? r.detail : null),
      acknowledgedAt: r.acknowledged_at, acknowledgedBy: r.ack_name, comment: r.comment,
    }));
}

/** Acknowledges an alert with a comment (again: replaces the comment); audited. */
export async function acknowledgeAlert(db: Db, user: SessionUser, id: number, comment: string, ip: string | null, now = new Date()): Promise<void> {
  const org = await loadOrg(db);
  await db.transaction().execute(async (trx) => {
    const before: Selectable<AlertTable> | undefined = await trx.selectFrom("alert").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before || !can(user.grants, "read:indices", { servicePointId: before.service_point_id }, org) || !tokenAllows(user, "read:indices")) {
      throw new InputError("not_found", "Không tìm thấy cảnh báo này trong phạm vi của bạn.", {}, 404);
    }
    if (before.status === "resolved") {
      throw new InputError("conflict", "Cảnh báo này đã tự đóng vì tình trạng đã hết; không cần ghi nhận nữa.", {}, 409);
    }
    const after = { status: "acknowledged" as const, acknowledged_at: now.toISOString(), acknowledged_by: user.id, comment };
    await trx.updateTable("alert").set(after).where("id", "=", id).execute();
    await audit(trx, { userId: user.id, action: "alert.acknowledge", entity: "alert", entityId: id, before, after: { ...before, ...after }, ip });
  });
}
