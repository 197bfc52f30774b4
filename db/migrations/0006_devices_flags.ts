import type { Kysely } from "kysely";
import { withId } from "./util";

// Frozen: trusted kiosk devices (paired to one service point with a one-time code), flags on
// suspicious responses (kept, left out of the indices until a coordinator includes them again)
// and the per-address rate-limit log of the public endpoints (in the database: nodes share it).
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("kiosk_device"))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_point.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("paired_at", "text", (c) => c.notNull())
    .addColumn("paired_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("last_seen_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("kiosk_device_point").on("kiosk_device").columns(["service_point_id"]).execute();

  await withId(db, db.schema.createTable("pairing_code"))
    .addColumn("service_point_id", "integer", (c) => c.notNull().references("service_point.id"))
    .addColumn("code_hash", "text", (c) => c.notNull().unique())
    .addColumn("device_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .addColumn("device_id", "integer", (c) => c.references("kiosk_device.id"))
    .execute();

  await withId(db, db.schema.createTable("response_flag"))
    .addColumn("response_id", "integer", (c) => c.notNull().unique().references("response.id"))
    .addColumn("reasons", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("flagged_at", "text", (c) => c.notNull())
    .addColumn("reviewed_at", "text")
    .addColumn("reviewed_by", "integer", (c) => c.references("app_user.id"))
    .execute();
  await db.schema.createIndex("response_flag_at").on("response_flag").columns(["flagged_at"]).execute();
  await db.schema.createIndex("response_device_at").on("response").columns(["device_id", "submitted_at"]).execute();
  await db.schema.createIndex("response_dossier").on("response").columns(["dossier_code"]).execute();

  await withId(db, db.schema.createTable("rate_hit"))
    .addColumn("bucket", "text", (c) => c.notNull())
    .addColumn("client", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("rate_hit_key_at").on("rate_hit").columns(["bucket", "client", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("response_dossier").execute();
  await db.schema.dropIndex("response_device_at").execute();
  for (const t of ["rate_hit", "response_flag", "pairing_code", "kiosk_device"]) await db.schema.dropTable(t).execute();
}
