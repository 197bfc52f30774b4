// The database handle and everything that depends on the dialect (SQLite or PostgreSQL).
// Routes and services reach the database through this module: `.server` files inside app/ never
// reach the browser bundle, and no other module asks which database it runs on.
import { PostgresAdapter, type Kysely, type Transaction } from "kysely";
import type { Db } from "../../db/client.server";
import type { DB } from "../../db/schema";

export { db } from "../../db/client.server";
export type { Db } from "../../db/client.server";
export { databaseUrl, migrateToLatest } from "../../db/client.server";
/** The tables, for the few services that name a row type. */
export type { DB, AdminUnitTable, AgencyTable, ServicePointTable, TargetTable, AlertTable } from "../../db/schema";

/** A connection or an open transaction: every write of a use case takes one. */
export type Tx = Transaction<DB> | Db;

type Conn = Kysely<DB> | Transaction<DB>;

/** True on PostgreSQL (placeholders $1…, `returning` and `on conflict` as on SQLite). */
export function isPostgres(db: Conn): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A unique or primary-key constraint refused the row (SQLite or PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "SQLITE_CONSTRAINT_UNIQUE" || err?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" || err?.code === "23505";
}

/** Another writer holds the database (SQLite's single writer): the client may retry. */
export function isBusy(e: unknown): boolean {
  return (e as { code?: string })?.code === "SQLITE_BUSY";
}

/** The case-insensitive LIKE of the dialect (SQLite's LIKE already ignores ASCII case). */
export function likeOperator(db: Conn): "like" | "ilike" {
  return isPostgres(db) ? "ilike" : "like";
}
