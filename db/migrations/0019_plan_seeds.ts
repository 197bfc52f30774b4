import type { Kysely } from "kysely";

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
  await db.schema.alterTable("plan_task").addColumn("target_text", "text").execute();
  await db.schema.alterTable("plan_task").addColumn("lead_text", "text").execute();
  await db.schema.alterTable("plan_task").addColumn("implementers_text", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ["target_text", "lead_text", "implementers_text"]) await db.schema.alterTable("plan_task").dropColumn(c).execute();
  for (const c of ["year_to", "province", "former_province", "status", "copied_from", "source_note", "baseline_source"]) await db.schema.alterTable("plan").dropColumn(c).execute();
}
