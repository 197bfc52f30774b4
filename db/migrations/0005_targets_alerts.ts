import { sql, type Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen: alerts on service points (low satisfaction over 7 days, below target, silence). One open
// alert per point × kind (a partial unique index); a resolved alert is kept as history.
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPostgres(db) ? "double precision" : "real";
  await withId(db, db.schema.createTable("alert"))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_point.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("opened_day", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("value", real as "real")
    .addColumn("threshold", real as "real")
    .addColumn("n", "integer")
    .addColumn("detail", "text")
    .addColumn("acknowledged_at", "text")
    .addColumn("acknowledged_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("comment", "text")
    .addColumn("resolved_at", "text")
    .execute();
  await sql`CREATE UNIQUE INDEX alert_open_uq ON alert (service_point_id, kind) WHERE status <> 'resolved'`.execute(db);
  await db.schema.createIndex("alert_status").on("alert").columns(["status", "opened_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("alert").execute();
}
