import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen: evidence files attached to plan reports (stored in the database: servers keep no files),
// explicit members added to or removed from an agency group's rule, and the official PAPI scores
// of the province per year (total, rank, and the score of each of the 8 dimensions).
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const real = (pg ? "double precision" : "real") as "real";
  const blob = (pg ? "bytea" : "blob") as "blob";

  await withId(db, db.schema.createTable("plan_evidence"))
    .addColumn("report_id", "integer", (c) => c.notNull().references("plan_report.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("bytes", blob, (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("plan_evidence_report").on("plan_evidence").column("report_id").execute();

  await withId(db, db.schema.createTable("plan_agency_group_member"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("plan_agency_group.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agency.id"))
    .addColumn("mode", "text", (c) => c.notNull()) // include | exclude (against the group's rule)
    .addUniqueConstraint("plan_agency_group_member_unique", ["group_id", "agency_id"])
    .execute();

  await withId(db, db.schema.createTable("papi_year"))
    .addColumn("year", "integer", (c) => c.notNull().unique())
    .addColumn("total", real)
    .addColumn("rank", "integer")
    .addColumn("rank_of", "integer", (c) => c.notNull().defaultTo(63))
    .addColumn("source", "text")
    .addColumn("updated_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("papi_dimension_score"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("dimension", "text", (c) => c.notNull()) // "1".."8"
    .addColumn("score", real, (c) => c.notNull())
    .addUniqueConstraint("papi_dimension_score_unique", ["year", "dimension"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["papi_dimension_score", "papi_year", "plan_agency_group_member", "plan_evidence"]) await db.schema.dropTable(t).execute();
}
