import type { Kysely } from "kysely";

// Frozen: the fingerprint of the request that first used an idempotency key (a SHA-256 of the
// validated submission), so that a replay is recognised as the same submission and the same key
// with another body is refused instead of answered with the first sender's item. Rows stored
// before this migration have none and replay as before.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("feedback_item").addColumn("request_hash", "text").execute();
  await db.schema.alterTable("response").addColumn("request_hash", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("response").dropColumn("request_hash").execute();
  await db.schema.alterTable("feedback_item").dropColumn("request_hash").execute();
}
