import { sql, type Kysely } from "kysely";
import { isPostgres } from "./util";

// Frozen: monthly rollups beside the daily ones, so a year's figures sum 12 rows per key instead
// of 365. Backfilled from the daily rollups.
export async function up(db: Kysely<any>): Promise<void> {
  const real = isPostgres(db) ? "double precision" : "real";
  await db.schema
    .createTable("rollup_question_month")
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("question_code", "text", (c) => c.notNull())
    .addColumn("value", "integer", (c) => c.notNull())
    .addColumn("count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_question_month_pk", ["month", "service_point_id", "channel", "question_code", "value"])
    .execute();
  await db.schema
    .createTable("rollup_node_month")
    .addColumn("month", "text", (c) => c.notNull())
    .addColumn("service_point_id", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("node_code", "text", (c) => c.notNull())
    .addColumn("n", "integer", (c) => c.notNull())
    .addColumn("sum", real as "real", (c) => c.notNull())
    .addColumn("sum_sq", real as "real", (c) => c.notNull())
    .addColumn("answers", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("rollup_node_month_pk", ["month", "service_point_id", "channel", "node_code"])
    .execute();
  await sql`INSERT INTO rollup_question_month (month, service_point_id, channel, question_code, value, count)
    SELECT substr(day, 1, 7), service_point_id, channel, question_code, value, SUM(count)
    FROM rollup_question_day GROUP BY substr(day, 1, 7), service_point_id, channel, question_code, value`.execute(db);
  await sql`INSERT INTO rollup_node_month (month, service_point_id, channel, node_code, n, sum, sum_sq, answers)
    SELECT substr(day, 1, 7), service_point_id, channel, node_code, SUM(n), SUM(sum), SUM(sum_sq), SUM(answers)
    FROM rollup_node_day GROUP BY substr(day, 1, 7), service_point_id, channel, node_code`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rollup_node_month").execute();
  await db.schema.dropTable("rollup_question_month").execute();
}
