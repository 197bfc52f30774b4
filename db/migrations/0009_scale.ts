import type { Kysely } from "kysely";

// Frozen: outbox rows are claimed with a lease before they are sent, so that the jobs can run on
// several nodes at once without two of them sending the same message (see docs/deploy.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").addColumn("claimed_by", "text").execute();
  await db.schema.alterTable("outbox").addColumn("claimed_until", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("outbox").dropColumn("claimed_until").execute();
  await db.schema.alterTable("outbox").dropColumn("claimed_by").execute();
}
