import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen: plans as provinces write them (issue 16). A plan may cover a span of years (year_to),
// belong to a province that no longer exists (former_province: its agencies are kept as written),
// be a draft until issued (status), come from a copied plan (copied_from), and name its source
// document. A task keeps its per-task target ("Chỉ tiêu") and the wording of its lead and
// implementing agencies as the plan wrote them. A baseline says whether it is official or measured.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("plan").addColumn("year_to", "integer").execute();
  await db.schema.alterTable("plan").addColumn("province", "text").execute();
  await db.schema.alterTable("plan").addColumn("former_province", "text").execute();
  await db.schema.alterTable("plan").addColumn("status", "text", (c) => c.notNull().defaultTo("issued")).execute();
  await db.schema.alterTable("plan").addColumn("copied_from", "integer").execute();
  await db.schema.alterTable("plan").addColumn("source_note", "text").execute();
  // which figure the baseline is: the published (official) one or the province's own measured one
  await db.schema.alterTable("plan").addColumn("baseline_source", "text", (c) => c.notNull().defaultTo("official")).execute();
  // a commune (before 2025, a district) consolidating its own agencies' reports for a round
  await withId(db, db.schema.createTable("plan_consolidation"))
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("round", "text", (c) => c.notNull()) // 2026-9T
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agency.id"))
    .addColumn("note", "text")
    .addColumn("snapshot", "text", (c) => c.notNull()) // JSON: each member agency's reported and missing periods
    .addColumn("submitted_day", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.references("app_user.id"))
    .addUniqueConstraint("plan_consolidation_unique", ["plan_id", "round", "agency_id"])
    .execute();
  // the PAR Index as published, per field and criterion, beside the measured or self-assessed points
  const real = (isPostgres(db) ? "double precision" : "real") as "real";
  await db.schema.alterTable("par_node").addColumn("official_points", real).execute();
  await db.schema.alterTable("par_node").addColumn("official_rank", "integer").execute();
  await db.schema.alterTable("plan_task").addColumn("target_text", "text").execute();
  await db.schema.alterTable("plan_task").addColumn("lead_text", "text").execute();
  await db.schema.alterTable("plan_task").addColumn("implementers_text", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("plan_consolidation").execute();
  for (const c of ["official_points", "official_rank"]) await db.schema.alterTable("par_node").dropColumn(c).execute();
  for (const c of ["target_text", "lead_text", "implementers_text"]) await db.schema.alterTable("plan_task").dropColumn(c).execute();
  for (const c of ["year_to", "province", "former_province", "status", "copied_from", "source_note", "baseline_source"]) await db.schema.alterTable("plan").dropColumn(c).execute();
}
