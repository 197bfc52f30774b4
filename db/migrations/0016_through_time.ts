import { sql, type Kysely } from "kysely";
import { withId } from "./util";

// Frozen: units, agencies and service points through time (docs/decisions/0012).
// - unit_level: the levels of the administrative tree as data (a two-level tree is as valid as a
//   three-level one); rank 1 is the top.
// - org_version: every period of a unit, agency or service point with the attributes it had then
//   (code, name, level, parent, unit, agency). valid_to is the last day in force (inclusive);
//   null = still in force; a null valid_from = since before the product held it.
// - org_lineage: predecessor → successor edges (merge, split, successor of a closed point…).
// - reorg_event: a dated reorganisation, applied as one transaction, with what it changed in
//   reorg_change (so that it can be undone while nothing depends on it).
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("unit_level"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("rank", "integer", (c) => c.notNull())
    .execute();
  for (const [code, name, nameEn, rank] of [
    ["province", "Tỉnh, thành phố trực thuộc trung ương", "Province or centrally-run city", 1],
    ["district", "Huyện, thị xã, thành phố thuộc tỉnh", "District level", 2],
    ["commune", "Xã, phường, đặc khu (thị trấn trước 01/07/2025)", "Commune level", 3],
  ] as const) {
    await db.insertInto("unit_level").values({ code, name, name_en: nameEn, rank }).execute();
  }

  await db.schema.alterTable("agency").addColumn("valid_from", "text").execute();
  await db.schema.alterTable("agency").addColumn("valid_to", "text").execute();
  await db.schema.alterTable("service_point").addColumn("valid_from", "text").execute();
  await db.schema.alterTable("service_point").addColumn("valid_to", "text").execute();

  await withId(db, db.schema.createTable("reorg_event"))
    .addColumn("effective_on", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("document", "text")
    .addColumn("file_name", "text")
    .addColumn("file_sha256", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("applied_at", "text", (c) => c.notNull())
    .addColumn("applied_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("undone_at", "text")
    .addColumn("undone_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable("org_version"))
    .addColumn("entity", "text", (c) => c.notNull()) // unit | agency | point
    .addColumn("entity_id", "integer", (c) => c.notNull())
    .addColumn("valid_from", "text")
    .addColumn("valid_to", "text")
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_en", "text")
    .addColumn("level", "text")
    .addColumn("kind", "text")
    .addColumn("parent_id", "integer")
    .addColumn("unit_id", "integer")
    .addColumn("agency_id", "integer")
    .addColumn("event_id", "integer", (c) => c.references("reorg_event.id"))
    .execute();
  await db.schema.createIndex("org_version_entity").on("org_version").columns(["entity", "entity_id"]).execute();

  await withId(db, db.schema.createTable("org_lineage"))
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("predecessor_id", "integer", (c) => c.notNull())
    .addColumn("successor_id", "integer", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull()) // merge | split | successor
    .addColumn("effective_on", "text", (c) => c.notNull())
    .addColumn("event_id", "integer", (c) => c.references("reorg_event.id"))
    .execute();

  await withId(db, db.schema.createTable("reorg_change"))
    .addColumn("event_id", "integer", (c) => c.notNull().references("reorg_event.id"))
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("table_name", "text", (c) => c.notNull())
    .addColumn("row_id", "integer", (c) => c.notNull())
    .addColumn("op", "text", (c) => c.notNull()) // insert | update
    .addColumn("column_name", "text")
    .addColumn("old_value", "text")
    .addColumn("new_value", "text")
    .execute();
  await db.schema.createIndex("reorg_change_event").on("reorg_change").column("event_id").execute();

  // Every existing row gets one version: what it is now, since it was created.
  await sql`INSERT INTO org_version (entity, entity_id, valid_from, valid_to, code, name, name_en, level, kind, parent_id, unit_id, agency_id)
    SELECT 'unit', id, valid_from, valid_to, code, name, name_en, level, NULL, parent_id, NULL, NULL FROM admin_unit`.execute(db);
  await sql`INSERT INTO org_version (entity, entity_id, valid_from, valid_to, code, name, name_en, level, kind, parent_id, unit_id, agency_id)
    SELECT 'agency', id, NULL, NULL, code, name, name_en, NULL, kind, parent_id, unit_id, NULL FROM agency`.execute(db);
  await sql`INSERT INTO org_version (entity, entity_id, valid_from, valid_to, code, name, name_en, level, kind, parent_id, unit_id, agency_id)
    SELECT 'point', id, NULL, NULL, code, name, name_en, NULL, kind, NULL, unit_id, agency_id FROM service_point`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["reorg_change", "org_lineage", "org_version", "reorg_event", "unit_level"]) await db.schema.dropTable(t).execute();
  await db.schema.alterTable("service_point").dropColumn("valid_to").execute();
  await db.schema.alterTable("service_point").dropColumn("valid_from").execute();
  await db.schema.alterTable("agency").dropColumn("valid_to").execute();
  await db.schema.alterTable("agency").dropColumn("valid_from").execute();
}
