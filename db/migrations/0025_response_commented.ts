import { sql, type Kysely } from "kysely";

// Frozen (issue 18): the citizens' comments view lists the responses with a comment, newest first;
// a partial index holds just those (about 3 % of the responses), so the view and its count no longer
// read every response of the scope.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index response_commented on response (local_day, id) where comment is not null and comment <> ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index response_commented`.execute(db);
}
