import type { Kysely } from "kysely";
import { isPostgres, withId } from "./util";

// Frozen (issue 16): official results imported from a file (SIPAS per sub-index, the PAR Index per
// field and criterion with rank, PAPI per dimension). Every import is kept (who, when, which file by
// name and SHA-256); every published figure it brought is kept too. A later import for the same year
// and index replaces the earlier set only when the coordinator says so, and then the earlier rows
// are marked replaced (when, by which import), never deleted or edited.
export async function up(db: Kysely<any>): Promise<void> {
  const real = (isPostgres(db) ? "double precision" : "real") as "real";
  await withId(db, db.schema.createTable("official_import"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("rows", "integer", (c) => c.notNull())
    .addColumn("sets", "text", (c) => c.notNull()) // JSON: [{ year, index, rows, replaced }]
    .addColumn("created_by", "integer", (c) => c.references("app_user.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await withId(db, db.schema.createTable("official_result"))
    .addColumn("import_id", "integer", (c) => c.notNull().references("official_import.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("index_code", "text", (c) => c.notNull()) // SIPAS | PAR | PAPI
    .addColumn("item_code", "text", (c) => c.notNull()) // 8.1.2, 1.3.1, 5 or TONG (the whole index)
    .addColumn("item_name", "text")
    .addColumn("score", real, (c) => c.notNull())
    .addColumn("rank", "integer")
    .addColumn("rank_of", "integer", (c) => c.notNull())
    .addColumn("source", "text")
    .addColumn("replaced_at", "text")
    .addColumn("replaced_by", "integer", (c) => c.references("official_import.id"))
    .execute();
  await db.schema.createIndex("official_result_year").on("official_result").columns(["year", "index_code", "item_code"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("official_result").execute();
  await db.schema.dropTable("official_import").execute();
}
