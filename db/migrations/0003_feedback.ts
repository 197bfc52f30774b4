import type { Kysely } from "kysely";
import { withId } from "./util";

// Frozen: feedback items (góp ý, phản ánh, kiến nghị, khiếu nại, tố cáo), their timeline,
// routing rules, deadline rules, the holiday calendar, settings and the notification outbox.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("feedback_item"))
    .addColumn("tracking_code", "text", (c) => c.notNull().unique())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("is_formal", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("topic", "text")
    .addColumn("unit_id", "integer", (c) => c.references("admin_unit.id"))
    .addColumn("service_point_id", "integer", (c) => c.references("service_point.id"))
    .addColumn("agency_id", "integer", (c) => c.references("agency.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("contact_name", "text")
    .addColumn("contact_phone", "text")
    .addColumn("contact_email", "text")
    .addColumn("consent_publish", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("received_day", "text", (c) => c.notNull())
    .addColumn("step", "text", (c) => c.notNull())
    .addColumn("step_started_day", "text", (c) => c.notNull())
    .addColumn("due_day", "text", (c) => c.notNull())
    .addColumn("escalation_level", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("answer_text", "text")
    .addColumn("answered_at", "text")
    .addColumn("answered_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("public_summary", "text")
    .addColumn("published_at", "text")
    .addColumn("rating", "integer")
    .addColumn("rated_at", "text")
    .addColumn("response_id", "integer", (c) => c.references("response.id"))
    .addColumn("idempotency_key", "text", (c) => c.unique())
    .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("feedback_item_agency_status").on("feedback_item").columns(["agency_id", "status"]).execute();
  await db.schema.createIndex("feedback_item_due").on("feedback_item").columns(["status", "due_day"]).execute();
  await db.schema.createIndex("feedback_item_published").on("feedback_item").columns(["published_at"]).execute();

  await withId(db, db.schema.createTable("feedback_event"))
    .addColumn("item_id", "integer", (c) => c.notNull().references("feedback_item.id"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("actor_user_id", "integer", (c) => c.references("app_user.id"))
    .addColumn("from_agency_id", "integer", (c) => c.references("agency.id"))
    .addColumn("to_agency_id", "integer", (c) => c.references("agency.id"))
    .addColumn("reason", "text")
    .addColumn("is_public", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("feedback_event_item").on("feedback_event").columns(["item_id", "at"]).execute();

  await withId(db, db.schema.createTable("routing_rule"))
    .addColumn("topic", "text")
    .addColumn("unit_id", "integer", (c) => c.references("admin_unit.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agency.id"))
    .addColumn("priority", "integer", (c) => c.notNull().defaultTo(100))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("deactivated_at", "text")
    .execute();

  await withId(db, db.schema.createTable("deadline_rule"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("step", "text", (c) => c.notNull())
    .addColumn("working_days", "integer", (c) => c.notNull())
    .addUniqueConstraint("deadline_rule_uq", ["kind", "step"])
    .execute();

  await db.schema
    .createTable("holiday")
    .addColumn("day", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull()) // holiday | working_weekend
    .addColumn("name", "text")
    .execute();

  await db.schema
    .createTable("setting")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("outbox"))
    .addColumn("channel", "text", (c) => c.notNull()) // sms | email | log
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text")
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("status", "text", (c) => c.notNull()) // pending | sent | failed
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["outbox", "setting", "holiday", "deadline_rule", "routing_rule", "feedback_event", "feedback_item"]) {
    await db.schema.dropTable(t).execute();
  }
}
