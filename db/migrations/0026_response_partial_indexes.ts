import { sql, type Kysely } from "kysely";

// Frozen (issue 18): the response indexes over columns that most responses leave empty hold only
// the rows that have a value. A kiosk response has no dossier code, respondent id or import batch,
// yet it wrote an entry into four indexes for them on every insert; a paper form has no device.
// Every query on these columns asks for a value (`=`, `in`), which SQLite and PostgreSQL both see
// implies `is not null`, so they still use the index. Unique indexes keep their meaning: NULLs
// never conflicted.
const INDEXES = [
  { name: "response_dossier_uq", unique: true, columns: "version_id, dossier_code", where: "dossier_code" },
  { name: "response_respondent_uq", unique: true, columns: "service_point_id, respondent_key", where: "respondent_key" },
  { name: "response_dossier", unique: false, columns: "dossier_code", where: "dossier_code" },
  { name: "response_import_batch", unique: false, columns: "import_batch_id", where: "import_batch_id" },
  { name: "response_device_at", unique: false, columns: "device_id, submitted_at", where: "device_id" },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const i of INDEXES) {
    await sql.raw(`drop index ${i.name}`).execute(db);
    await sql.raw(`create ${i.unique ? "unique " : ""}index ${i.name} on response (${i.columns}) where ${i.where} is not null`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of INDEXES) {
    await sql.raw(`drop index ${i.name}`).execute(db);
    await sql.raw(`create ${i.unique ? "unique " : ""}index ${i.name} on response (${i.columns})`).execute(db);
  }
}
