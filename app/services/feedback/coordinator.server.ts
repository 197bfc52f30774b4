// The coordinator's queue: items to route, answers awaiting publication, overdue by agency.
import { localDay } from "../../domain/periods";
import { loadCalendar } from "./feedback.server";
import { OPEN_STATUSES } from "./staff-scope.server";
import { dueInfo } from "./inbox.server";
import type { Db } from "../../platform/db.server";


/** The coordinator's queue (no agency yet), oldest deadline first. */
export async function coordinatorQueue(db: Db, now = new Date()) {
  const today = localDay(now);
  const cal = await loadCalendar(db);
  const rows = await db.selectFrom("feedback_item as f")
    .leftJoin("admin_unit as u", "u.id", "f.unit_id")
    .leftJoin("procedure_field as pf", "pf.code", "f.topic")
    .select(["f.id", "f.tracking_code", "f.kind", "f.topic", "f.channel", "f.status", "f.text", "f.received_at", "f.due_day", "f.version", "f.is_demo", "u.name as unit_name", "pf.name as topic_name"])
    .where("f.agency_id", "is", null).where("f.status", "in", [...OPEN_STATUSES])
    .orderBy("f.due_day").orderBy("f.id").limit(200).execute();
  return rows.map((r) => ({ ...r, text: r.text.length > 280 ? `${r.text.slice(0, 277)}…` : r.text, due: dueInfo(r, today, cal) }));
}

/** Answered items not yet published, oldest answer first. */
export async function awaitingPublication(db: Db) {
  return db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .select(["f.id", "f.tracking_code", "f.kind", "f.text", "f.answer_text", "f.answered_at", "f.consent_publish", "f.version", "f.is_demo", "a.name as agency_name"])
    .where("f.status", "=", "answered")
    .orderBy("f.answered_at").orderBy("f.id").limit(200).execute();
}

/** Open items past their due day, per owner (null = the coordinator's queue), most first. */
export async function overdueByAgency(db: Db, now = new Date()) {
  const today = localDay(now);
  const rows = await db.selectFrom("feedback_item as f")
    .leftJoin("agency as a", "a.id", "f.agency_id")
    .select((eb) => ["a.code as agency_code", "a.name as agency_name", eb.fn.countAll<number>().as("overdue"), eb.fn.min("f.due_day").as("oldest_due")])
    .where("f.status", "in", [...OPEN_STATUSES]).where("f.due_day", "<", today)
    .groupBy(["a.code", "a.name"])
    .execute();
  return rows.map((r) => ({ ...r, overdue: Number(r.overdue), oldest_due: String(r.oldest_due) })).sort((a, b) => b.overdue - a.overdue || a.oldest_due.localeCompare(b.oldest_due));
}
