import type { Kysely } from "kysely";
import { isPostgres } from "./util";

// Frozen: index trees of any shape (node weights, the index kind on a root) and question types
// (type settings as JSON; free-text answers in their own table). See docs/decisions/0006.
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPostgres(db) ? "double precision" : "real";
  await db.schema.alterTable("index_node").addColumn("weight", real).execute();
  await db.schema.alterTable("index_node").addColumn("kind", "text").execute();
  await db.schema.alterTable("question").addColumn("spec", "text").execute();
  await db.schema
    .createTable("answer_text")
    .addColumn("response_id", "integer", (c) => c.notNull().references("response.id"))
    .addColumn("question_id", "integer", (c) => c.notNull().references("question.id"))
    .addColumn("text", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("answer_text_pk", ["response_id", "question_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("answer_text").execute();
  await db.schema.alterTable("question").dropColumn("spec").execute();
  await db.schema.alterTable("index_node").dropColumn("kind").execute();
  await db.schema.alterTable("index_node").dropColumn("weight").execute();
}
