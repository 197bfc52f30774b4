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
    // No parallel plans: a parallel aggregate adds its workers' partial sums in whatever order they
    // finish, so a SUM of doubles (the rollups' sums of scores) could differ in its last bit from one
    // read to the next. A figure must read the same every time; the reads are rollups, small enough
    // for one process.
    // No JIT either: the comments view's plan (correlated subqueries, estimated high) crossed the JIT
    // thresholds, and compiling took 500 of its 600 ms at 100,000 responses (issue 18,
    // docs/performance.md). The app's statements are short; JIT never pays for itself here.
    const pool = new pg.Pool({ connectionString: url, max: 10, options: "-c max_parallel_workers_per_gather=0 -c jit=off" });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  // Durability settings: see docs/decisions/0003-sqlite-wal.md.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Checkpoint every 10,000 WAL pages (about 40 MB) instead of SQLite's 1,000: a page the ingest
  // writes again and again (rollups, index roots) is copied into the database once per checkpoint,
  // not ten times. Ingest +7 % at 100,000 responses (issue 18, docs/performance.md).
  sqlite.pragma("wal_autocheckpoint = 10000");
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Kysely's SQLite driver prepares every statement again (`db.prepare(sql)` on each query), which
 * was ~10 % of the CPU of an ingest request. This keeps the most recently used prepared statements
 * by SQL text (bounded; multi-row inserts of different sizes are different texts). A statement is
 * used by one query at a time: the driver runs queries one after the other on the single connection.
 */
function withStatementCache(sqlite: Database.Database, max = 500): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      cache.set(source, stmt);
      return stmt;
    }
    stmt = sqlite.prepare(source);
    cache.set(source, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value as string);
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === "prepare") return prepare;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

let shared: Db | undefined;
/** The process-wide Kysely instance. */
export function db(): Db {
  if (!shared) shared = createDb();
  return shared;
}

export async function migrateToLatest(target: Db): Promise<string[]> {
  // Unordered: a migration numbered below one already applied still runs (branches that were
  // merged later, e.g. 0011 after 0013; each migration touches its own tables).
  const migrator = new Migrator({ db: target, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
