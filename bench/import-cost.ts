// Where the time of a paper import goes (issue 18, docs/decisions/0021-import-cost.md). On one
// copy of a database and one CSV of the bench's shape (20,000 rows of 22 answers), measured in the
// same process one after the other, each step best of --runs:
//   1. the bench's storage floor: bare prepared inserts into fresh response and answer tables,
//      without foreign keys (scripts/bench.mjs, storageFloor);
//   2. the same inserts into the app's own database, with its foreign keys and indexes;
//   3. reading the CSV alone (csv-parse with the import's options);
//   4. reading and checking every row (checkPaperFile: the schema, duplicates, rows already stored);
//   5. the whole import (importPaperFile), with the time spent in garbage collection.
// Usage: npx tsx bench/import-cost.ts [--db data/hailong.db] [--rows 20000] [--runs 3]
// The database is copied; nothing is written to it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import Database from "better-sqlite3";
import { parse } from "csv-parse";
import { createDb, migrateToLatest } from "../db/client.server";
import { checkPaperFile, importPaperFile } from "../app/services/surveys/import.server";
import { bareDatabase, paperCsv, PAPER_CODES, timeBareInserts } from "./paper-import.mjs";

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : d;
};
const source = arg("db", process.env.DATABASE_URL || "data/hailong.db");
const ROWS = Number(arg("rows", "20000"));
const RUNS = Number(arg("runs", "3"));
const CODES = PAPER_CODES;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-cost-"));
const base = path.join(dir, "base.db");
// An online copy (the WAL included), migrated once.
await new Database(source, { readonly: true }).backup(base);
{
  const db = createDb(base);
  await migrateToLatest(db);
  await db.destroy();
}
const copy = (name: string) => {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(base, file);
  return file;
};

// The bench's CSV (scripts/bench.mjs), on three active service points of this database.
const meta = new Database(base, { readonly: true });
const points = (meta.prepare("select code from service_point where active = 1 and valid_to is null order by id limit 3").all() as Array<{ code: string }>).map((p) => p.code);
meta.close();
const csv = path.join(dir, "paper.csv");
fs.writeFileSync(csv, paperCsv(ROWS, points));

async function best(fn: () => Promise<number> | number): Promise<number> {
  let ms = Infinity;
  for (let r = 0; r < RUNS; r++) ms = Math.min(ms, await fn());
  return ms;
}

/** The bench's bare inserts (bench/paper-import.mjs): into a fresh floor database, or into a copy of the app's own, foreign keys on. */
function bareInserts(file: string, fresh: boolean): number {
  if (fresh) return timeBareInserts(bareDatabase(file, base), ROWS);
  const d = bareDatabase(file);
  const versionId = (d.prepare("select v.id from questionnaire_version v join questionnaire q on q.id = v.questionnaire_id where q.code = 'sipas' and v.status = 'published' order by v.version desc limit 1").get() as { id: number }).id;
  const byCode = new Map((d.prepare("select code, id from question where version_id = ?").all(versionId) as Array<{ code: string; id: number }>).map((q) => [q.code, q.id]));
  const pointIds = points.map((c) => (d.prepare("select id from service_point where code = ?").get(c) as { id: number }).id);
  return timeBareInserts(d, ROWS, { versionId, pointIds, questionIds: CODES.map((c) => byCode.get(c)!) });
}

async function csvOnly(): Promise<number> {
  const t = performance.now();
  let n = 0;
  const parser = fs.createReadStream(csv).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, delimiter: ",", encoding: "utf8" }));
  for await (const _ of parser) n++;
  if (n !== ROWS + 1) throw new Error(`read ${n} records`);
  return performance.now() - t;
}

let gcMs = 0;
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
});

const floor = await best(() => bareInserts(path.join(dir, `floor-${Math.random()}.db`), true));
const withKeys = await best(() => bareInserts(copy("keys"), false));
const read = await best(csvOnly);
const check = await best(async () => {
  const db = createDb(copy("check"));
  const t = performance.now();
  const r = await checkPaperFile(db, csv);
  const ms = performance.now() - t;
  await db.destroy();
  if (!r.ok) throw new Error(`check: ${r.errors.length} errors`);
  return ms;
});
let importGc = Infinity;
const whole = await best(async () => {
  const db = createDb(copy("import"));
  gcMs = 0;
  gc.observe({ entryTypes: ["gc"] });
  const t = performance.now();
  const r = await importPaperFile(db, csv);
  const ms = performance.now() - t;
  gc.disconnect();
  await db.destroy();
  if (!r.ok || r.imported !== ROWS) throw new Error("import failed");
  importGc = Math.min(importGc, gcMs);
  return ms;
});
fs.rmSync(dir, { recursive: true, force: true });

const rate = (ms: number) => Math.round(ROWS / (ms / 1000));
const row = (what: string, ms: number) => `| ${what} | ${Math.round(ms)} ms | ${rate(ms).toLocaleString("en")} rows/s | ${(floor / ms).toFixed(2)} |`;
console.log(`Import cost ladder: ${ROWS} rows × ${CODES.length} answers, best of ${RUNS}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}`);
console.log("| step | time | rate | floor ÷ step |");
console.log("|---|---|---|---|");
console.log(row("1. storage floor (bench): bare inserts, fresh tables, no foreign keys", floor));
console.log(row("2. the same inserts into the app's database, foreign keys on", withKeys));
console.log(row("3. reading the CSV alone", read));
console.log(row("4. reading and checking every row (checkPaperFile)", check));
console.log(row("5. the whole import (importPaperFile)", whole));
console.log(`| of which garbage collection (in 5) | ${Math.round(importGc)} ms | | |`);
console.log(`| storing after the check (5 − 4) | ${Math.round(whole - check)} ms | | |`);
process.exit(0);
