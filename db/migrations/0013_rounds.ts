import type { Kysely } from "kysely";
import { isPostgres, nowDefault, withId } from "./util";

// Frozen: survey rounds (đợt khảo sát) with quotas per unit, and the link from a response entered
// by an interviewer to its round. See docs/decisions/0009-survey-rounds.md.
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPostgres(db) ? "double precision" : "real";
  await withId(db, db.schema.createTable("survey_round"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("questionnaire_id", "integer", (c) => c.notNull().references("questionnaire.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("weighting", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("confidence", real, (c) => c.notNull())
    .addColumn("margin", real, (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(nowDefault))
    .execute();
  await db.schema
    .createTable("round_quota")
    .addColumn("round_id", "integer", (c) => c.notNull().references("survey_round.id"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("admin_unit.id"))
    .addColumn("population", "integer", (c) => c.notNull())
    .addColumn("target_n", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("round_quota_pk", ["round_id", "unit_id"])
    .execute();
  await db.schema
    .createTable("round_response")
    .addColumn("response_id", "integer", (c) => c.primaryKey().references("response.id"))
    .addColumn("round_id", "integer", (c) => c.notNull().references("survey_round.id"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("admin_unit.id"))
    .addColumn("interviewer_id", "integer", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull().defaultTo(nowDefault))
    .execute();
  await db.schema.createIndex("round_response_round").on("round_response").columns(["round_id", "unit_id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("round_response").execute();
  await db.schema.dropTable("round_quota").execute();
  await db.schema.dropTable("survey_round").execute();
}
