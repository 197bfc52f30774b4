// The bench's paper import, shared by scripts/bench.mjs and bench/import-cost.ts so that both
// measure the same file against the same floor: the CSV, and the storage floor (bare inserts).
import Database from "better-sqlite3";

export const PAPER_CODES = ["access.1", "access.2", "access.3", "access.4", "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
  "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6", "results.1", "results.2", "results.3",
  "feedback.1", "feedback.2", "feedback.3", "feedback.4"];

/** `rows` respondents on `points` (three desks), Jan–Nov 2026, the 22 answers of "sipas" (1–5, every ninth "NA"). */
export function paperCsv(rows, points, prefix = "BENCH") {
  const lines = [["respondent_id", "service_point", "submitted_at", "procedure_field", ...PAPER_CODES].join(",")];
  for (let i = 0; i < rows; i++) {
    const m = String(1 + (i % 11)).padStart(2, "0");
    const d = String(1 + (i % 28)).padStart(2, "0");
    lines.push([`${prefix}-${i}`, points[i % points.length], `2026-${m}-${d}`, "", ...PAPER_CODES.map((_, k) => ((i + k) % 9 === 0 ? "NA" : String(1 + ((i * 7 + k) % 5))))].join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Opens `file` as a database for bare inserts. With `freshFrom`, the response and answer tables
 * are created there with that database's DDL and indexes but without their foreign keys (the
 * storage floor); without it, `file` is a copy of an app database, foreign keys on.
 * @param {string} file
 * @param {string | null} [freshFrom]
 */
export function bareDatabase(file, freshFrom = null) {
  const d = new Database(file);
  d.pragma("journal_mode = WAL");
  d.pragma("synchronous = NORMAL");
  d.pragma(`foreign_keys = ${freshFrom ? "OFF" : "ON"}`);
  if (freshFrom) {
    const src = new Database(freshFrom, { readonly: true });
    const ddl = src.prepare("SELECT sql FROM sqlite_master WHERE tbl_name IN ('response', 'answer') AND sql IS NOT NULL ORDER BY type DESC").all().map((r) => r.sql);
    src.close();
    for (const q of ddl) d.exec(q.replace(/REFERENCES\s+"?\w+"?\s*\("?\w+"?\)/gi, ""));
  }
  return d;
}

/**
 * The storage floor's work: `rows` responses and one answer row per question id, inserted with
 * prepared one-row statements in one transaction (no parsing, validation or rollups). Returns the
 * time in ms and closes the database. On a fresh database the ids need not exist (version 1,
 * points 1–3, questions 1–22).
 */
export function timeBareInserts(d, rows, { versionId = 1, pointIds = [1, 2, 3], questionIds = PAPER_CODES.map((_, k) => k + 1) } = {}) {
  const ins = d.prepare("INSERT INTO response (version_id, service_point_id, channel, submitted_at, local_day, idempotency_key, respondent_key, created_at) VALUES (?, ?, 'paper', ?, ?, ?, ?, ?)");
  const ans = d.prepare("INSERT INTO answer (response_id, question_id, value) VALUES (?, ?, ?)");
  const t = performance.now();
  d.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const at = `2025-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
      const id = ins.run(versionId, pointIds[i % pointIds.length], `${at}T03:00:00.000Z`, at, `paper:floor:${i}`, `FLOOR-${i}`, at).lastInsertRowid;
      for (let k = 0; k < questionIds.length; k++) ans.run(id, questionIds[k], 1 + ((i + k) % 5));
    }
  })();
  const ms = performance.now() - t;
  d.close();
  return ms;
}
