import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen: the first schema of Hài Lòng. Booleans are 0/1 integers, timestamps ISO-8601 UTC text,
// so SQLite and PostgreSQL stay alike.
export async function up(db: Kysely<any>): Promise<void> {
  // SQLite's REAL is an 8-byte float; PostgreSQL's `real` is only 4 bytes, so use double precision there.
  const real = isPostgres(db) ? "double precision" : "real";
  await withId(db, db.schema.createTable("admin_unit"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("level", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("admin_unit.id"))
    .addColumn("valid_from", "text")
    .addColumn("valid_to", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("agency"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("parent_id", "integer", (c) => c.references("agency.id"))
    .addColumn("unit_id", "integer", (c) => c.references("admin_unit.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("service_point"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull().references("admin_unit.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agency.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("procedure_field"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .execute();

  await withId(db, db.schema.createTable("index_node"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("parent_id", "integer", (c) => c.references("index_node.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("par_code", "text")
    .addColumn("max_points", real)
    .addColumn("point_target", real)
    .addColumn("sort", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("questionnaire"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("index_code", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("questionnaire_version"))
    .addColumn("questionnaire_id", "integer", (c) => c.notNull().references("questionnaire.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("channels", "text", (c) => c.notNull())
    .addColumn("intro", "text")
    .addColumn("intro_en", "text")
    .addColumn("published_at", "text")
    .addUniqueConstraint("questionnaire_version_uq", ["questionnaire_id", "version"])
    .execute();

  await withId(db, db.schema.createTable("question"))
    .addColumn("version_id", "integer", (c) => c.notNull().references("questionnaire_version.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull().defaultTo("likert5"))
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("text_en", "text")
    .addColumn("sort", "integer", (c) => c.notNull())
    .addUniqueConstraint("question_uq", ["version_id", "code"])
    .execute();

  await withId(db, db.schema.createTable("target"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull().references("admin_unit.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", real)
    .addColumn("baseline_source", "text", (c) => c.notNull().defaultTo("measured"))
    .addColumn("baseline_value", real)
    .addColumn("point_target", real)
    .addColumn("note", "text")
    .addUniqueConstraint("target_uq", ["year", "node_code", "unit_id"])
    .execute();

  await withId(db, db.schema.createTable("response"))
    .addColumn("version_id", "integer", (c) => c.notNull().references("questionnaire_version.id"))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_point.id"))
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("procedure_field", "text")
    .addColumn("dossier_code", "text")
    .addColumn("respondent_key", "text")
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("local_day", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("comment", "text")
    .addColumn("device_id", "integer")
    .addColumn("excluded", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One response per dossier code and questionnaire; one per paper respondent id within a point.
  await db.schema.createIndex("response_dossier_uq").on("response").columns(["version_id", "dossier_code"]).unique().execute();
  await db.schema.createIndex("response_respondent_uq").on("response").columns(["service_point_id", "respondent_key"]).unique().execute();
  await db.schema.createIndex("response_point_day").on("response").columns(["service_point_id", "local_day"]).execute();

  await db.schema
    .createTable("answer")
    .addColumn("response_id", "integer", (c) => c.notNull().references("response.id"))
    .addColumn("question_id", "integer", (c) => c.notNull().references("question.id"))
    .addColumn("value", "integer")
    .addPrimaryKeyConstraint("answer_pk", ["response_id", "question_id"])
    .execute();

  // Rollups maintained in the transaction of every write: dashboards never scan answers.
  // Per question: how many answers at each value (0 = not applicable).
  await db.schema
    .createTable("rollup_question_day")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("question_code", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_question_day_pk", ["day", "service_point_id", "channel", "question_code", "value"])
    .execute();
  // Per index node: respondents with an applicable answer, and the sum and sum of squares of
  // their respondent-level scores (for the interval of a sub-index).
  await db.schema
    .createTable("rollup_node_day")
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", real, (c) => c.notNull())
    .addColumn("sum_sq", real, (c) => c.notNull())
    .addColumn("answers", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_node_day_pk", ["day", "service_point_id", "channel", "node_code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "rollup_node_day", "rollup_question_day", "answer", "response", "target", "question",
    "questionnaire_version", "questionnaire", "index_node", "procedure_field", "service_point",
    "agency", "admin_unit",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
