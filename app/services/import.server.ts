import fs from "node:fs";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { sql } from "kysely";
import { isPostgres } from "./raw-sql.server";
import type { Db } from "../../db/client.server";
import {
  FIXED_COLUMNS,
  IMPORT_MESSAGES,
  IMPORT_QUESTIONNAIRE,
  importRowSchema,
  issueColumn,
  REQUIRED_COLUMNS,
  type ImportRow,
  type RawImportRow,
} from "../schemas/import";
import { currentVersion, loadIndex } from "./questionnaires.server";
import { insertResponses, questionIdMap, RollupBatch, type NewResponse, type Tx } from "./responses.server";

/** One problem of an import file. row: spreadsheet row (the header is row 1); column: a header name, or null for the whole row. */
export interface ImportError {
  row: number;
  column: string | null;
  message: string;
}

/** "Dòng 7, cột access.3: Giá trị phải là 1–5, để trống hoặc NA." */
export function formatImportError(e: ImportError): string {
  return e.column ? `Dòng ${e.row}, cột ${e.column}: ${e.message}` : `Dòng ${e.row}: ${e.message}`;
}

export interface PointCount {
  servicePoint: string;
  name: string;
  imported: number;
  alreadyPresent: number;
}

export type ImportResult =
  | {
      ok: true;
      /** Data rows read (blank rows are not counted). */
      rows: number;
      imported: number;
      alreadyPresent: number;
      perPoint: PointCount[];
      ms: number;
    }
  | { ok: false; rows: number; errors: ImportError[]; ms: number };

export interface ImportProgress {
  phase: "check" | "store";
  /** Rows checked (phase check) or rows stored or skipped (phase store) so far. */
  done: number;
  /** Rows in the file, when known (phase store). */
  total: number | null;
}

export interface ImportOptions {
  now?: Date;
  /** Rows per insert batch inside the single transaction. */
  batchSize?: number;
  /** Called about every `progressEvery` rows of each phase. */
  onProgress?: (p: ImportProgress) => void;
  progressEvery?: number;
  /** Files with at most this many rows are kept in memory between the check and the store passes; larger ones are read twice. */
  memoryRows?: number;
}

/** Where the CSV comes from: a file path, or anything that can be opened more than once. */
export type CsvSource = string | { open: () => Readable };

/** A CSV held in memory (tests, uploads). */
export function csvText(text: string | Buffer): { open: () => Readable } {
  return { open: () => Readable.from([typeof text === "string" ? Buffer.from(text, "utf8") : text]) };
}

function openSource(source: CsvSource): Readable {
  return typeof source === "string" ? fs.createReadStream(source) : source.open();
}

/** The system cannot run the import (no questionnaire, unreadable database…): not a problem of the file. */
export class ImportSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportSetupError";
  }
}

interface Header {
  /** column name → cell index */
  fixed: Partial<Record<(typeof FIXED_COLUMNS)[number], number>>;
  questions: Array<{ code: string; index: number }>;
  width: number;
  errors: ImportError[];
  /** Rows cannot be read when a required column is missing. */
  usable: boolean;
}

function readHeader(cells: string[], questionCodes: Set<string>): Header {
  if (cells.length === 1 && /[;\t]/.test(cells[0])) {
    // Excel set to a Vietnamese locale saves "CSV" with semicolons.
    return { fixed: {}, questions: [], width: 1, errors: [{ row: 1, column: null, message: IMPORT_MESSAGES.wrongDelimiter }], usable: false };
  }
  const errors: ImportError[] = [];
  const fixed: Header["fixed"] = {};
  const questions: Header["questions"] = [];
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    const name = cell.replace(/^\uFEFF/, "").trim().toLowerCase();
    if (name === "") {
      errors.push({ row: 1, column: null, message: IMPORT_MESSAGES.emptyColumn });
      return;
    }
    if (seen.has(name)) {
      errors.push({ row: 1, column: name, message: IMPORT_MESSAGES.duplicateColumn(name) });
      return;
    }
    seen.add(name);
    if ((FIXED_COLUMNS as readonly string[]).includes(name)) fixed[name as keyof Header["fixed"]] = index;
    else if (questionCodes.has(name)) questions.push({ code: name, index });
    else errors.push({ row: 1, column: cell.trim().slice(0, 80), message: IMPORT_MESSAGES.unknownColumn(cell.trim().slice(0, 80)) });
  });
  let usable = true;
  for (const c of REQUIRED_COLUMNS) {
    if (fixed[c] === undefined) {
      errors.push({ row: 1, column: c, message: IMPORT_MESSAGES.missingColumn(c) });
      usable = false;
    }
  }
  if (questions.length === 0) {
    errors.push({ row: 1, column: null, message: IMPORT_MESSAGES.noQuestions });
    usable = false;
  }
  return { fixed, questions, width: cells.length, errors, usable };
}

/** identity: service point and respondent id as typed (trimmed), for the duplicate check. */
type RowOutcome = { row: number; identity: string | null } & ({ value: ImportRow } | { errors: ImportError[] });

/**
 * Streams the CSV: the header, then one outcome per non-blank data row (its spreadsheet row number
 * and either the validated row or its errors). Unreadable CSV ends the stream with an error outcome.
 */
async function* readRows(
  source: CsvSource,
  questionCodes: Set<string>,
  ctx: Omit<Parameters<typeof importRowSchema>[0], "questionCodes">,
  onHeader: (h: Header) => void,
): AsyncGenerator<RowOutcome> {
  const input = openSource(source);
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  input.on("error", (e) => parser.destroy(e));
  input.pipe(parser);
  let header: Header | null = null;
  let schema: ReturnType<typeof importRowSchema> | null = null;
  let lastRow = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number; empty_lines: number } }>) {
      // Spreadsheet row: records so far (header included) plus blank lines skipped before it.
      const row = info.records + info.empty_lines;
      lastRow = row;
      if (!header) {
        header = readHeader(record, questionCodes);
        onHeader(header);
        if (!header.usable) return;
        schema = importRowSchema({ ...ctx, questionCodes: header.questions.map((q) => q.code) });
        continue;
      }
      if (record.every((c) => c.trim() === "")) continue; // a spreadsheet's empty row: ",,,,"
      const errors: ImportError[] = [];
      if (record.length !== header.width) errors.push({ row, column: null, message: IMPORT_MESSAGES.fieldCount(record.length, header.width) });
      const raw: RawImportRow = { answers: {} };
      for (const [name, index] of Object.entries(header.fixed)) raw[name as keyof typeof header.fixed] = record[index] ?? "";
      for (const q of header.questions) raw.answers[q.code] = record[q.index] ?? "";
      const parsed = schema!.safeParse(raw);
      if (!parsed.success) {
        const perColumn = new Set<string>();
        for (const issue of parsed.error.issues) {
          const column = issueColumn(issue.path);
          const key = column ?? "";
          if (perColumn.has(key)) continue;
          perColumn.add(key);
          errors.push({ row, column, message: issue.message });
        }
      }
      const point = raw.service_point?.trim() ?? "";
      const respondent = raw.respondent_id?.trim() ?? "";
      const identity = point && respondent ? `${point}\u0000${respondent}` : null;
      if (errors.length) yield { row, identity, errors };
      else yield { row, identity, value: parsed.data! };
    }
    if (!header) onHeader({ fixed: {}, questions: [], width: 0, errors: [{ row: 1, column: null, message: IMPORT_MESSAGES.emptyFile }], usable: false });
  } catch (e) {
    const err = e as { code?: string; message?: string; lines?: number };
    if (typeof err.code === "string" && err.code.startsWith("CSV_")) {
      yield { row: err.lines ?? lastRow + 1, identity: null, errors: [{ row: err.lines ?? lastRow + 1, column: null, message: IMPORT_MESSAGES.unreadable(err.message ?? err.code) }] };
      return;
    }
    throw e;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** BEGIN IMMEDIATE on SQLite, so that a server writing meanwhile cannot invalidate our snapshot mid-way. */
async function inWriteTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw e;
    }
  });
}

export function paperIdempotencyKey(servicePoint: string, respondentId: string): string {
  return `paper:${servicePoint}:${respondentId}`;
}

/**
 * Use case: imports paper forms of questionnaire "sipas" from a CSV. The whole file is checked
 * first; if any row is wrong, every error is returned and nothing is stored. Otherwise every row is
 * stored as channel "paper" in one transaction; rows imported before (same service point and
 * respondent id) are skipped and counted as already present.
 */
export async function importPaperCsv(db: Db, source: CsvSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const t0 = Date.now();
  const now = opts.now ?? new Date();
  const batchSize = opts.batchSize ?? 1000;
  const every = opts.progressEvery ?? 5000;
  const memoryRows = opts.memoryRows ?? 50_000;

  const version = await currentVersion(db, IMPORT_QUESTIONNAIRE);
  if (!version) throw new ImportSetupError(`Cơ sở dữ liệu chưa có bảng hỏi "${IMPORT_QUESTIONNAIRE}" đang phát hành. Hãy nạp danh mục trước: khởi động máy chủ một lần, hoặc chạy npx tsx scripts/setup-db.ts.`);
  if (!version.channels.includes("paper")) throw new ImportSetupError(`Bảng hỏi "${IMPORT_QUESTIONNAIRE}" không dùng cho kênh phiếu giấy (paper).`);
  const points = await db.selectFrom("service_point").select(["id", "code", "name", "valid_from", "valid_to"]).where("active", "=", 1).execute();
  const pointByCode = new Map(points.map((p) => [p.code, p]));
  const pointService = new Map(points.map((p) => [p.code, { from: p.valid_from, to: p.valid_to }]));
  const fields = await db.selectFrom("procedure_field").select("code").execute();
  const questionCodes = new Set(version.questions.map((q) => q.code));
  const ctx = { servicePoints: new Set(pointByCode.keys()), procedureFields: new Set(fields.map((f) => f.code)), now, pointService };

  // Pass 1: check everything.
  const errors: ImportError[] = [];
  const firstRowOf = new Map<string, number>();
  let rows = 0;
  let kept: Array<{ row: number; value: ImportRow }> | null = [];
  for await (const outcome of readRows(source, questionCodes, ctx, (h) => errors.push(...h.errors))) {
    rows += 1;
    if ("errors" in outcome) errors.push(...outcome.errors);
    else if (kept) {
      kept.push({ row: outcome.row, value: outcome.value });
      if (kept.length > memoryRows) kept = null;
    }
    if (outcome.identity !== null) {
      const first = firstRowOf.get(outcome.identity);
      if (first !== undefined) errors.push({ row: outcome.row, column: "respondent_id", message: IMPORT_MESSAGES.duplicate(first) });
      else firstRowOf.set(outcome.identity, outcome.row);
    }
    if (rows % every === 0) opts.onProgress?.({ phase: "check", done: rows, total: null });
  }
  if (errors.length === 0 && rows === 0) errors.push({ row: 2, column: null, message: IMPORT_MESSAGES.noRows });
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    return { ok: false, rows, errors, ms: Date.now() - t0 };
  }

  // Pass 2: store, in one transaction, batch by batch.
  const { tree } = await loadIndex(db, version.indexCode);
  const qids = questionIdMap(version);
  const counts = new Map<string, { imported: number; alreadyPresent: number }>();
  const bump = (code: string, k: "imported" | "alreadyPresent") => {
    const c = counts.get(code) ?? { imported: 0, alreadyPresent: 0 };
    c[k] += 1;
    counts.set(code, c);
  };
  const secondPass = async function* (): AsyncGenerator<{ row: number; value: ImportRow }> {
    if (kept) {
      yield* kept;
      return;
    }
    for await (const o of readRows(source, questionCodes, ctx, () => undefined)) {
      // The file changed between the passes: give up rather than store half of it.
      if ("errors" in o) throw new ImportSetupError(`Tệp đã thay đổi trong lúc nhập (dòng ${o.row}); không có phiếu nào được lưu.`);
      yield { row: o.row, value: o.value };
    }
  };

  // Rollup increments of the whole file, summed in memory and written once before the commit.
  const rollups = new RollupBatch();
  const flush = async (trx: Tx, batch: ImportRow[]) => {
    if (batch.length === 0) return;
    const keys = batch.map((r) => paperIdempotencyKey(r.service_point, r.respondent_id));
    const present = new Set<string>();
    const byKey = await trx.selectFrom("response").select("idempotency_key").where("idempotency_key", "in", keys).execute();
    for (const r of byKey) present.add(r.idempotency_key);
    // The same respondent at the same point stored under another key also counts as present
    // (one query per point, on the unique index (service_point_id, respondent_key)).
    const idsByPoint = new Map<string, string[]>();
    for (const r of batch) {
      const ids = idsByPoint.get(r.service_point);
      if (ids) ids.push(r.respondent_id);
      else idsByPoint.set(r.service_point, [r.respondent_id]);
    }
    for (const [code, ids] of idsByPoint) {
      const rows = await trx
        .selectFrom("response")
        .select("respondent_key")
        .where("service_point_id", "=", pointByCode.get(code)!.id)
        .where("respondent_key", "in", ids)
        .execute();
      for (const r of rows) if (r.respondent_key !== null) present.add(paperIdempotencyKey(code, r.respondent_key));
    }
    const items: NewResponse[] = [];
    batch.forEach((r, i) => {
      if (present.has(keys[i])) {
        bump(r.service_point, "alreadyPresent");
        return;
      }
      bump(r.service_point, "imported");
      items.push({
        versionId: version.id,
        servicePointId: pointByCode.get(r.service_point)!.id,
        channel: "paper",
        procedureField: r.procedure_field,
        dossierCode: null,
        respondentKey: r.respondent_id,
        submittedAt: r.submitted_at,
        idempotencyKey: keys[i],
        comment: null,
        answers: r.answers,
      });
    });
    if (items.length) await insertResponses(trx, tree, qids, items, rollups);
  };

  await inWriteTransaction(db, async (trx) => {
    let batch: ImportRow[] = [];
    let done = 0;
    for await (const { value } of secondPass()) {
      batch.push(value);
      if (batch.length >= batchSize) {
        await flush(trx, batch);
        batch = [];
      }
      done += 1;
      if (done % every === 0) opts.onProgress?.({ phase: "store", done, total: rows });
    }
    await flush(trx, batch);
    await rollups.apply(trx);
  });

  const perPoint: PointCount[] = [...counts.entries()]
    .map(([code, c]) => ({ servicePoint: code, name: pointByCode.get(code)!.name, ...c }))
    .sort((a, b) => a.servicePoint.localeCompare(b.servicePoint));
  return {
    ok: true,
    rows,
    imported: perPoint.reduce((a, p) => a + p.imported, 0),
    alreadyPresent: perPoint.reduce((a, p) => a + p.alreadyPresent, 0),
    perPoint,
    ms: Date.now() - t0,
  };
}
