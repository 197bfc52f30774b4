import { CompiledQuery, type Kysely, type Transaction } from "kysely";
import { type DB, isPostgres } from "./db.server";

type Conn = Kysely<DB> | Transaction<DB>;

const pgText = new Map<string, string>();
/** `?` placeholders as PostgreSQL's `$1, $2…` (the SQL texts here contain no other `?`). */
function toPg(sql: string): string {
  let text = pgText.get(sql);
  if (!text) {
    let i = 0;
    text = sql.replace(/\?/g, () => `$${++i}`);
    pgText.set(sql, text);
  }
  return text;
}

/**
 * Runs a fixed SQL text with `?` placeholders on SQLite or PostgreSQL. Only for the hot ingest
 * path, where building the query with Kysely cost more than running it (a few statements per
 * submission, see docs/decisions/0010-group-commit.md); everything else uses the query builder.
 * On SQLite the prepared statement is reused by its text (db/client.server.ts).
 */
export async function rawRows<T>(db: Conn, sql: string, params: readonly unknown[]): Promise<T[]> {
  const r = await db.executeQuery<T>(CompiledQuery.raw(isPostgres(db) ? toPg(sql) : sql, [...params]));
  return r.rows;
}
