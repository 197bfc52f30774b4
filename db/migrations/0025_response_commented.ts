import { sql, type Kysely } from "kysely";

// Frozen (issue 18): the citizens' comments view lists the responses with a comment, newest first.
// A partial index holds just those (about 3 % of the responses) with every column the view's count
// and day order ask for, so they are read from the index alone, not from every response of the scope.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index response_commented on response (service_point_id, excluded, local_day, id, channel) where comment is not null and comment <> ''`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index response_commented`.execute(db);
}
