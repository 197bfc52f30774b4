import type { Kysely } from "kysely";
import { withId } from "./util";

// Frozen: paper forms uploaded in the browser (issue 20). Every import is a batch (who, when, which
// file by name and SHA-256, which questionnaire version, the counts); each stored response names
// its batch. A batch is withdrawn as a whole by excluding its responses (audited), never deleted:
// the batch keeps who withdrew it, when and why.
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable("import_batch"))
    .addColumn("version_id", "integer", (c) => c.notNull().references("questionnaire_version.id"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("rows", "integer", (c) => c.notNull())
    .addColumn("imported", "integer", (c) => c.notNull())
    .addColumn("already_present", "integer", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("withdrawn_at", "text")
    .addColumn("withdrawn_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("withdraw_reason", "text")
    .execute();
  await db.schema.createIndex("import_batch_sha256").on("import_batch").column("sha256").execute();
  await db.schema.alterTable("response").addColumn("import_batch_id", "integer", (c) => c.references("import_batch.id")).execute();
  await db.schema.createIndex("response_import_batch").on("response").column("import_batch_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("response_import_batch").execute();
  await db.schema.alterTable("response").dropColumn("import_batch_id").execute();
  await db.schema.dropTable("import_batch").execute();
}
