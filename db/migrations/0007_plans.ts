import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen: improvement plans (kế hoạch nâng cao chỉ số) with their dimensions, tasks and the
// agencies' periodic reports; agency groups defined by membership rules; the PAR Index tree
// (Phụ lục I of a yearly plan) with max points, targets, owners and self-assessed points.
export async function up(db: Kysely<any>): Promise<void> {
  const real = (isPostgres(db) ? "double precision" : "real") as "real";

  await withId(db, db.schema.createTable("plan_agency_group"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("aliases", "text", (c) => c.notNull()) // JSON array of names
    .addColumn("rule", "text", (c) => c.notNull()) // JSON { kinds: [], levels: [] }
    .execute();
  // The groups Vietnamese plans assign tasks to, by membership rule (agency kind, unit level).
  const groups = [
    ["UBND-XA", "UBND cấp xã", ["UBND các xã, phường, thị trấn", "Ủy ban nhân dân cấp xã"], { kinds: ["people_committee"], levels: ["commune"] }],
    ["UBND-HUYEN", "UBND cấp huyện", ["UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân cấp huyện"], { kinds: ["people_committee"], levels: ["district"] }],
    ["SO-NGANH", "Các sở, ban, ngành", ["Các sở, ngành", "Các Sở, ngành", "Các sở ban ngành"], { kinds: ["department", "office", "inspectorate"], levels: ["province"] }],
    ["TUYEN-DUNG", "Các cơ quan, đơn vị có thẩm quyền tuyển dụng", ["Các cơ quan đơn vị có thẩm quyền tuyển dụng"], { kinds: ["department", "office", "inspectorate", "people_committee"], levels: ["province", "district"] }],
  ] as const;
  for (const [code, name, aliases, rule] of groups) {
    await db.insertInto("plan_agency_group").values({ code, name, aliases: JSON.stringify(aliases), rule: JSON.stringify(rule) }).execute();
  }

  await withId(db, db.schema.createTable("plan"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("index_code", "text", (c) => c.notNull()) // PAPI | PAR | SIPAS
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("doc_number", "text")
    .addColumn("issued_by", "text")
    .addColumn("issued_on", "text")
    .addColumn("report_from", "text", (c) => c.notNull())
    .addColumn("report_to", "text", (c) => c.notNull())
    .addColumn("grace_days", "integer", (c) => c.notNull().defaultTo(10))
    .addColumn("event_days", "integer", (c) => c.notNull().defaultTo(30))
    .addColumn("baseline_year", "integer")
    .addColumn("baseline_score", real)
    .addColumn("max_score", real, (c) => c.notNull())
    .addColumn("baseline_rank", "integer")
    .addColumn("rank_of", "integer", (c) => c.notNull().defaultTo(63))
    .addColumn("result_score", real)
    .addColumn("result_rank", "integer")
    .addColumn("result_group", "text")
    .addColumn("targets", "text", (c) => c.notNull()) // JSON array of PlanTarget
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable("plan_dimension"))
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("parent_id", "integer", (c) => c.references("plan_dimension.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("index_node", "text") // SIPAS node measured by the surveys (access, procedures…)
    .addColumn("max_score", real)
    .addColumn("score", real) // last official score (PAPI/PAR)
    .addColumn("rank", "integer")
    .addColumn("target_text", "text")
    .addColumn("sort", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("plan_dimension_plan").on("plan_dimension").columns(["plan_id", "sort"]).execute();

  await withId(db, db.schema.createTable("plan_task"))
    .addColumn("plan_id", "integer", (c) => c.notNull().references("plan.id"))
    .addColumn("dimension_id", "integer", (c) => c.notNull().references("plan_dimension.id"))
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("lead", "text", (c) => c.notNull()) // JSON array of Assignee
    .addColumn("implementers", "text", (c) => c.notNull()) // JSON array of Assignee
    .addColumn("deliverable", "text")
    .addColumn("schedule_text", "text", (c) => c.notNull())
    .addColumn("schedule", "text", (c) => c.notNull()) // JSON Schedule
    .addColumn("triggered_on", "text")
    .addColumn("sort", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("plan_task_code", ["plan_id", "code"])
    .execute();

  await withId(db, db.schema.createTable("plan_report"))
    .addColumn("task_id", "integer", (c) => c.notNull().references("plan_task.id"))
    .addColumn("agency_id", "integer", (c) => c.notNull().references("agency.id"))
    .addColumn("period", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("evidence_url", "text")
    .addColumn("evidence_doc", "text")
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_day", "text", (c) => c.notNull())
    .addColumn("submitted_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("plan_report_period", ["task_id", "agency_id", "period"])
    .execute();

  await withId(db, db.schema.createTable("par_node"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("parent_code", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("max_points", real, (c) => c.notNull())
    .addColumn("target_points", real)
    .addColumn("target_rank", "text")
    .addColumn("owner_text", "text")
    .addColumn("owner_agency_id", "integer", (c) => c.references("agency.id"))
    .addColumn("self_points", real)
    .addColumn("source", "text", (c) => c.notNull()) // entered | sipas | sipas:<node> | circular01 | feedback_on_time
    .addColumn("sort", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text")
    .addUniqueConstraint("par_node_year_code", ["year", "code"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["par_node", "plan_report", "plan_task", "plan_dimension", "plan", "plan_agency_group"]) {
    await db.schema.dropTable(t).execute();
  }
}
