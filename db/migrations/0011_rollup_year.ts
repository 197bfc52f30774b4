import { sql, type Kysely } from "kysely";
import { isPostgres } from "./util";

// Frozen: yearly rollups beside the monthly ones (docs/decisions/0010-group-commit.md), so a whole
// year's figures read one row per key instead of twelve. On SQLite they are WITHOUT ROWID tables:
// the primary key is the table, so a year's scan reads the counts without a second lookup.
// Backfilled from the monthly rollups.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const real = pg ? "double precision" : "real";
  const clustered = pg ? sql`` : sql`without rowid`;
  await db.schema
    .createTable("rollup_question_year")
    .addColumn("year", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("question_code", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_question_year_pk", ["year", "service_point_id", "channel", "question_code", "value"])
    .modifyEnd(clustered)
    .execute();
  await db.schema
    .createTable("rollup_node_year")
    .addColumn("year", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", real as "real", (c) => c.notNull())
    .addColumn("sum_sq", real as "real", (c) => c.notNull())
    .addColumn("answers", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_node_year_pk", ["year", "service_point_id", "channel", "node_code"])
    .modifyEnd(clustered)
    .execute();
  await sql`INSERT INTO rollup_question_year (year, service_point_id, channel, question_code, value, count)
    SELECT substr(month, 1, 4), service_point_id, channel, question_code, value, SUM(count)
    FROM rollup_question_month GROUP BY substr(month, 1, 4), service_point_id, channel, question_code, value`.execute(db);
  await sql`INSERT INTO rollup_node_year (year, service_point_id, channel, node_code, n, sum, sum_sq, answers)
    SELECT substr(month, 1, 4), service_point_id, channel, node_code, SUM(n), SUM(sum), SUM(sum_sq), SUM(answers)
    FROM rollup_node_month GROUP BY substr(month, 1, 4), service_point_id, channel, node_code`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_node_year").execute();
  await db.schema.dropTable("rollup_question_year").execute();
}
