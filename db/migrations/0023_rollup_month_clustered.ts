import { sql, type Kysely } from "kysely";
import { isPostgres } from "./util";

// Frozen: on SQLite the monthly rollups become WITHOUT ROWID tables, like the yearly ones (0011): the
// primary key is the table, so a range of months reads its counts without a second lookup per row.
// A province's year of monthly rows (the dashboard's trends) is read about 40 % faster at 100,000
// responses (issue 18, docs/performance.md). Same columns, keys and rows; PostgreSQL is unchanged.
const TABLES = [
  {
    name: "rollup_question_month",
    columns: `"month" text not null, "service_point_id" integer not null, "channel" text not null, "question_code" text not null, "value" integer not null, "count" integer not null,
      constraint "rollup_question_month_pk" primary key ("month", "service_point_id", "channel", "question_code", "value")`,
    list: `"month", "service_point_id", "channel", "question_code", "value", "count"`,
  },
  {
    name: "rollup_node_month",
    columns: `"month" text not null, "service_point_id" integer not null, "channel" text not null, "node_code" text not null, "n" integer not null, "sum" real not null, "sum_sq" real not null, "answers" integer not null,
      constraint "rollup_node_month_pk" primary key ("month", "service_point_id", "channel", "node_code")`,
    list: `"month", "service_point_id", "channel", "node_code", "n", "sum", "sum_sq", "answers"`,
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of TABLES) {
    await sql.raw(`CREATE TABLE "${t.name}_clustered" (${t.columns}) WITHOUT ROWID`).execute(db);
    await sql.raw(`INSERT INTO "${t.name}_clustered" (${t.list}) SELECT ${t.list} FROM "${t.name}"`).execute(db);
    await sql.raw(`DROP TABLE "${t.name}"`).execute(db);
    await sql.raw(`ALTER TABLE "${t.name}_clustered" RENAME TO "${t.name}"`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  for (const t of TABLES) {
    await sql.raw(`CREATE TABLE "${t.name}_rowid" (${t.columns})`).execute(db);
    await sql.raw(`INSERT INTO "${t.name}_rowid" (${t.list}) SELECT ${t.list} FROM "${t.name}"`).execute(db);
    await sql.raw(`DROP TABLE "${t.name}"`).execute(db);
    await sql.raw(`ALTER TABLE "${t.name}_rowid" RENAME TO "${t.name}"`).execute(db);
  }
}
