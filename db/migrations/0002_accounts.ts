import type { Kysely } from "kysely";
import { withId } from "./util";

// Frozen: staff accounts, role grants, sessions, login attempts, audit log, API tokens.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("app_user"))
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("is_demo", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("password_changed_at", "text")
    .execute();

  await withId(db, db.schema.createTable("role_grant"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.references("admin_unit.id"))
    .addColumn("agency_id", "integer", (c) => c.references("agency.id"))
    .addColumn("service_point_id", "integer", (c) => c.references("service_point.id"))
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("role_grant_user").on("role_grant").column("user_id").execute();

  await db.schema
    .createTable("user_session")
    .addColumn("id", "text", (c) => c.primaryKey()) // SHA-256 of the cookie's token
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("user_session_user").on("user_session").column("user_id").execute();

  await withId(db, db.schema.createTable("login_attempt"))
    .addColumn("username_key", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("success", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempt_user_at").on("login_attempt").columns(["username_key", "at"]).execute();
  await db.schema.createIndex("login_attempt_ip_at").on("login_attempt").columns(["ip", "at"]).execute();

  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.references("app_user.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text")
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("ip", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity", "entity_id"]).execute();

  await withId(db, db.schema.createTable("api_token"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("app_user.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("prefix", "text", (c) => c.notNull())
    .addColumn("permissions", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["api_token", "audit_log", "login_attempt", "user_session", "role_grant", "app_user"]) {
    await db.schema.dropTable(t).execute();
  }
}
