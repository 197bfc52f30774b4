import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from "kysely";

/** Frozen helpers for migrations only: never import app code from a migration. */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-incrementing integer primary key on both SQLite and PostgreSQL. */
export function withId<T extends string>(db: Kysely<any>, t: CreateTableBuilder<T, never>) {
  return isPostgres(db)
    ? t.addColumn("id", "serial", (c) => c.primaryKey())
    : t.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

export const nowDefault = sql`CURRENT_TIMESTAMP`;
