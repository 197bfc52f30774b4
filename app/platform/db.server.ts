// The database handle and everything that depends on the dialect (SQLite or PostgreSQL).
// Routes and services reach the database through this module: `.server` files inside app/ never
// reach the browser bundle, and no other module asks which database it runs on.
import { CompiledQuery, PostgresAdapter, sql, type Kysely, type Transaction } from "kysely";
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

/**
 * The sum of a float column over a group, added in the order of the values: the result does not
 * depend on the rows' physical order, which an update or a reorganisation changes (floating-point
 * addition is not associative, so a plain SUM can differ in its last bit between two reads of the
 * same rows). Both dialects accept an ORDER BY inside an aggregate (SQLite since 3.44).
 */
export function stableSum(column: string) {
  return sql<number>`sum(${sql.ref(column)} order by ${sql.ref(column)})`;
}

/** The case-insensitive LIKE of the dialect (SQLite's LIKE already ignores ASCII case). */
export function likeOperator(db: Conn): "like" | "ilike" {
  return isPostgres(db) ? "ilike" : "like";
}

/**
 * A write transaction that holds the write lock from its start: BEGIN IMMEDIATE on SQLite, so that
 * a server writing meanwhile cannot invalidate the snapshot mid-way (a long import); on PostgreSQL
 * an ordinary transaction.
 */
export async function inWriteTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}

/**
 * A multi-row INSERT (… ON CONFLICT … DO UPDATE) as SQL text built once per table, row count and
 * dialect, and run as a raw compiled query: no query building per call, and on SQLite the prepared
 * statement is reused (db/client.server.ts). Rows go in chunks of CHUNK so that big batches (the
 * paper import, the bench loader) reuse one text. Works on SQLite and PostgreSQL alike.
 */
export interface BulkSpec {
  table: string;
  columns: readonly string[];
  /** Conflict target and the columns to add up on conflict (an upsert); none: a plain insert. */
  conflict?: readonly string[];
  add?: readonly string[];
  /** Columns returned (PostgreSQL and SQLite ≥ 3.35 both have RETURNING). */
  returning?: readonly string[];
}
const CHUNK = 256;
/** Statement texts per spec, by row count and dialect (`rows * 2 + 1` on PostgreSQL). */
const bulkText = new WeakMap<BulkSpec, Map<number, string>>();
function bulkSql(spec: BulkSpec, rows: number, pg: boolean): string {
  let texts = bulkText.get(spec);
  if (!texts) bulkText.set(spec, (texts = new Map()));
  const key = rows * 2 + (pg ? 1 : 0);
  let text = texts.get(key);
  if (text) return text;
  let p = 0;
  const tuple = () => `(${spec.columns.map(() => (pg ? `$${++p}` : "?")).join(", ")})`;
  text = insertText(spec, Array.from({ length: rows }, tuple).join(", "));
  texts.set(key, text);
  return text;
}
function insertText(spec: BulkSpec, values: string): string {
  let text = `insert into ${spec.table} (${spec.columns.join(", ")}) values ${values}`;
  if (spec.conflict) {
    text += ` on conflict (${spec.conflict.join(", ")}) do update set ${spec.add!.map((c) => `${c} = ${spec.table}.${c} + excluded.${c}`).join(", ")}`;
  }
  if (spec.returning) text += ` returning ${spec.returning.join(", ")}`;
  return text;
}

/**
 * Several bulk inserts into different tables (the rollups of a group: six upserts). On PostgreSQL,
 * while they are small, one statement of data-modifying WITH clauses: one round trip instead of
 * six (issue 18). Otherwise, and on SQLite, one bulkInsert after the other, in the order given.
 */
export async function bulkInsertAll(trx: Tx, parts: ReadonlyArray<{ spec: BulkSpec; rows: ReadonlyArray<ReadonlyArray<unknown>> }>): Promise<void> {
  const present = parts.filter((part) => part.rows.length > 0);
  const params = present.reduce((a, part) => a + part.rows.length * part.spec.columns.length, 0);
  if (!isPostgres(trx) || present.length < 2 || params > 20_000 || present.some((part) => part.spec.returning)) {
    for (const part of present) await bulkInsert(trx, part.spec, part.rows);
    return;
  }
  let n = 0;
  const values: unknown[] = [];
  const clauses = present.map((part, i) => {
    const tuples = part.rows.map((row) => {
      for (const v of row) values.push(v);
      return `(${row.map(() => `$${++n}`).join(", ")})`;
    });
    return `w${i} as (${insertText(part.spec, tuples.join(", "))})`;
  });
  await trx.executeQuery(CompiledQuery.raw(`with ${clauses.join(", ")} select 1`, values));
}
export async function bulkInsert<T = unknown>(trx: Tx, spec: BulkSpec, rows: ReadonlyArray<ReadonlyArray<unknown>>): Promise<T[]> {
  const pg = isPostgres(trx);
  const out: T[] = [];
  for (let i = 0; i < rows.length; ) {
    // Chunks of CHUNK rows, then powers of two (37 rows: 32 + 4 + 1): at most 9 statement texts per
    // table, so the prepared-statement cache stays small whatever the group sizes are.
    const left = rows.length - i;
    const size = left >= CHUNK ? CHUNK : 2 ** Math.floor(Math.log2(left));
    const part: unknown[] = [];
    for (const end = i + size; i < end; i++) for (const v of rows[i]) part.push(v);
    const r = await trx.executeQuery<T>(CompiledQuery.raw(bulkSql(spec, size, pg), part));
    if (spec.returning) out.push(...r.rows);
  }
  return out;
}
