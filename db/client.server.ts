import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import type { DB } from "./schema";
import { migrationProvider } from "./migrations/index";

export type Db = Kysely<DB>;

export function databaseUrl(): string {
  return process.env.DATABASE_URL || "data/hailong.db";
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens SQLite (a file path, or `file:` URL) or PostgreSQL (`postgres://…`). */
export function createDb(url = databaseUrl()): Db {
  if (isPostgresUrl(url)) {
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }) });
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // Durability settings: see docs/decisions/0003-sqlite-wal.md.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
}

let shared: Db | undefined;
/** The process-wide Kysely instance. */
export function db(): Db {
  if (!shared) shared = createDb();
  return shared;
}

export async function migrateToLatest(target: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db: target, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
