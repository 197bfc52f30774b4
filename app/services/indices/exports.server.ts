import crypto from "node:crypto";
import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { excel } from "../../platform/libraries.server";
import { z } from "zod";
import type { Db } from "../../platform/db.server";
import { homeUnit, type Permission, type Target } from "../../domain/permissions";
import { isPeriodCode, periodLabel, periodRange, type PeriodCode } from "../../domain/periods";
import { CHANNELS, SURVEY_CHANNEL_LABEL, type Channel } from "../../domain/channels";
import { verdictText } from "../../domain/verdict";
import { viDay } from "../../domain/days";
import { audit, type SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { computeIndices, resolvePointScope, resolveScope, type IndexNodeView, type IndicesResult } from "./indices.server";
import { listUnits, subtreeIds } from "../org/reference.server";
import { userCan } from "../../platform/session.server";
import { type Cell, csvLine, neutralise } from "../../platform/csv.server";

// ---------------------------------------------------------------- the request

export const EXPORT_DATASETS = ["chi-so", "phieu"] as const;
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
/**
 * "nguoi-doc" (default): Vietnamese headers and values, dd/mm/yyyy dates, decimal commas in CSV.
 * "ma-may": the machine variant for other systems: stable codes, ISO dates, decimal points.
 * XLSX keeps numbers as numbers in both.
 */
export const EXPORT_VARIANTS = ["nguoi-doc", "ma-may"] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const code = z.string().trim().max(40).regex(/^[A-Za-z0-9_-]*$/, "Mã chỉ gồm chữ không dấu, số, gạch ngang.").optional().transform((v) => v || null);

const exportQuerySchema = z.object({
  unit: code,
  agency: code,
  point: code,
  year: z.coerce.number({ error: "Năm phải là số, ví dụ 2024." }).int("Năm phải là số nguyên.").min(2000, "Năm phải từ 2000 đến 2100.").max(2100, "Năm phải từ 2000 đến 2100."),
  period: z.string().optional().transform((v) => v || "year").refine(isPeriodCode, "Kỳ phải là cả năm, một quý (Q1–Q4) hoặc một tháng (M01–M12).").transform((v) => v as PeriodCode),
  channel: z.string().optional().transform((v) => v || "all").refine((v) => v === "all" || (CHANNELS as readonly string[]).includes(v), `Kênh phải là tất cả hoặc một trong: ${CHANNELS.map((c) => SURVEY_CHANNEL_LABEL[c]).join(", ")}.`).transform((v) => v as Channel | "all"),
  dang: z.string().optional().transform((v) => v || "nguoi-doc").refine((v) => (EXPORT_VARIANTS as readonly string[]).includes(v), "Dạng tệp phải là “cho người đọc” hoặc “mã máy”.").transform((v) => v as ExportVariant),
});
type ExportQuery = z.infer<typeof exportQuerySchema>;

/** Reads the query string of an export; bad input is an InputError naming each field to fix. */
export function parseExportQuery(params: URLSearchParams, fallbackYear: number): ExportQuery {
  const raw = Object.fromEntries([...params.entries()].filter(([k]) => ["unit", "agency", "point", "year", "period", "channel", "dang"].includes(k)));
  const r = exportQuerySchema.safeParse({ ...raw, year: raw.year || String(fallbackYear) });
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const issue of r.error.issues) fields[String(issue.path[0] ?? "query")] ??= issue.message;
    throw new InputError("invalid_input", `Yêu cầu xuất dữ liệu chưa hợp lệ: ${Object.values(fields).join(" ")}`, fields, 400);
  }
  const scopes = [r.data.unit, r.data.agency, r.data.point].filter(Boolean).length;
  if (scopes > 1) throw new InputError("invalid_input", "Chỉ chọn một phạm vi: đơn vị, cơ quan hoặc điểm phục vụ.", { unit: "Chỉ chọn một trong đơn vị, cơ quan, điểm phục vụ." }, 400);
  return r.data;
}

interface ExportScope {
  kind: "unit" | "agency" | "service_point";
  code: string;
  name: string;
  pointIds: number[];
}

/**
 * The scope of an export, if the user holds `permission` there: a unit's subtree, an agency (with
 * its sub-agencies) or a service point; none asked = the user's home unit. Outside = 403.
 */
export async function exportScope(db: Db, user: SessionUser, q: Pick<ExportQuery, "unit" | "agency" | "point"> & Partial<Pick<ExportQuery, "year" | "period">>, permission: Permission = "export:data"): Promise<ExportScope> {
  let scope: ExportScope;
  let target: Target;
  const byPoints = await resolvePointScope(db, { agency: q.agency, servicePoint: q.point });
  if (byPoints) {
    const row = q.point
      ? await db.selectFrom("service_point").select(["id", "code"]).where("code", "=", q.point).executeTakeFirstOrThrow()
      : await db.selectFrom("agency").select(["id", "code"]).where("code", "=", q.agency!).executeTakeFirstOrThrow();
    scope = { kind: q.point ? "service_point" : "agency", code: row.code, name: byPoints.name, pointIds: byPoints.pointIds };
    target = q.point ? { servicePointId: row.id } : { agencyId: row.id };
  } else {
    let unitCode = q.unit;
    if (!unitCode) {
      const units = await listUnits(db);
      const root = units.find((u) => u.parent_id === null);
      const home = root ? homeUnit(user.grants, root.id) : null;
      unitCode = units.find((u) => u.id === home)?.code ?? null;
      if (!unitCode) throw new InputError("forbidden", "Tài khoản không được xuất dữ liệu của đơn vị nào.", {}, 403);
    }
    // The unit's service points in the period, as organised then (docs/decisions/0012).
    const months = q.year ? periodRange(q.year, q.period ?? "year").months : null;
    const { unit, pointIds } = await resolveScope(db, unitCode, { months });
    scope = { kind: "unit", code: unit.code, name: unit.name, pointIds };
    target = { unitId: unit.id };
  }
  if (!(await userCan(user, permission, target))) {
    throw new InputError("forbidden", `Không có quyền ${permission} cho ${scope.name}.`, { unit: "Chỉ xuất được dữ liệu trong phạm vi được giao." }, 403);
  }
  return scope;
}

/** Use case: an export is recorded (who, what, which scope and period) before a byte is sent. */
export async function auditExport(db: Db, user: SessionUser, dataset: ExportDataset, format: ExportFormat, scope: ExportScope, q: ExportQuery, ip: string | null) {
  await db.transaction().execute(async (trx) => {
    await audit(trx, {
      userId: user.id,
      action: `export.${dataset === "chi-so" ? "indices" : "responses"}`,
      entity: scope.kind,
      entityId: scope.code,
      after: { dataset, format, scope: { kind: scope.kind, code: scope.code }, year: q.year, period: q.period, channel: q.channel },
      ip,
    });
  });
}

/** Audits a download of the citizens' comments (/y-kien.csv): who, which scope, which filter, how many rows. */
export async function auditCommentsExport(
  db: Db, user: SessionUser, scope: { unitCode: string; pointCode: string | null },
  filter: { channel: string | null; year: number | null; month: number | null; rating: number | null }, rows: number, ip: string | null,
) {
  await db.transaction().execute(async (trx) => {
    await audit(trx, {
      userId: user.id,
      action: "export.comments",
      entity: scope.pointCode ? "service_point" : "unit",
      entityId: scope.pointCode ?? scope.unitCode,
      after: { dataset: "y-kien", format: "csv", ...filter, rows, masked: true },
      ip,
    });
  });
}

// ---------------------------------------------------------------- cells

const round = (v: number | null, digits: number) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

// ---------------------------------------------------------------- indices

interface SheetColumn {
  header: string;
  key: string;
  /** A fraction shown as a percentage: CSV writes the percentage, XLSX the fraction with a % format. */
  percent?: boolean;
  /** A local day 'YYYY-MM-DD': dd/mm/yyyy (a date cell in XLSX) for people, ISO for machines. */
  date?: boolean;
  width?: number;
}

/** The columns for people: Vietnamese headers, values in words. */
const INDEX_COLUMNS: SheetColumn[] = [
  { header: "Mã PAR", key: "parCode", width: 10 },
  { header: "Chỉ số / tiêu chí", key: "name", width: 60 },
  { header: "Cấp", key: "kind", width: 18 },
  { header: "Thuộc", key: "parentName", width: 40 },
  { header: "Giá trị (%)", key: "value", percent: true, width: 12 },
  { header: "Số người trả lời (n)", key: "n", width: 12 },
  { header: "KTC 95% thấp (%)", key: "ciLow", percent: true, width: 12 },
  { header: "KTC 95% cao (%)", key: "ciHigh", percent: true, width: 12 },
  { header: "Chỉ tiêu tỷ lệ (%)", key: "target", percent: true, width: 12 },
  { header: "Đánh giá chỉ tiêu tỷ lệ", key: "status", width: 30 },
  { header: "Chỉ tiêu điểm PAR", key: "pointTarget", width: 12 },
  { header: "Điểm PAR đo được", key: "points", width: 12 },
  { header: "Đánh giá chỉ tiêu điểm PAR", key: "pointsStatus", width: 30 },
  { header: "Phạm vi", key: "scope", width: 30 },
  { header: "Kỳ", key: "period", width: 14 },
  { header: "Kênh", key: "channel", width: 24 },
];

/** The machine variant: stable codes for other systems. */
const INDEX_MACHINE_COLUMNS: SheetColumn[] = [
  { header: "code", key: "code" }, { header: "par_code", key: "parCode" }, { header: "name", key: "name" }, { header: "kind", key: "kindCode" },
  { header: "parent_code", key: "parent" }, { header: "value_pct", key: "value", percent: true }, { header: "n", key: "n" },
  { header: "ci_low_pct", key: "ciLow", percent: true }, { header: "ci_high_pct", key: "ciHigh", percent: true },
  { header: "target_pct", key: "target", percent: true }, { header: "status", key: "statusCode" }, { header: "status_uncertain", key: "uncertain" },
  { header: "point_target", key: "pointTarget" }, { header: "points", key: "points" }, { header: "points_status", key: "pointsStatusCode" },
  { header: "scope_kind", key: "scopeKind" }, { header: "scope_code", key: "scopeCode" }, { header: "year", key: "year" }, { header: "period", key: "periodCode" },
  { header: "channel", key: "channelCode" },
];

const KIND_LABEL: Record<string, string> = { index: "chỉ số", node: "chỉ số thành phần", question: "tiêu chí" };

/** The index tree as rows (depth first), one per index, sub-index and criterion; each row holds both variants' values. */
function indexRows(result: IndicesResult, scope: ExportScope, q: ExportQuery): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = [];
  const walk = (n: IndexNodeView, parent: IndexNodeView | null) => {
    rows.push({
      code: n.code,
      parCode: n.parCode,
      name: n.name,
      kind: KIND_LABEL[n.kind] ?? "",
      kindCode: n.kind,
      parent: parent?.code ?? null,
      parentName: parent?.name ?? null,
      value: n.value,
      n: n.n,
      ciLow: n.ciLow,
      ciHigh: n.ciHigh,
      target: n.target?.threshold ?? null,
      status: verdictText(n.verdict),
      statusCode: n.verdict.status,
      uncertain: n.verdict.uncertain ? 1 : 0,
      pointTarget: n.pointsVerdict ? n.target?.pointTarget ?? null : null,
      points: n.pointsVerdict ? round(n.points, 4) : null,
      pointsStatus: n.pointsVerdict ? verdictText(n.pointsVerdict) : null,
      pointsStatusCode: n.pointsVerdict?.status ?? null,
      scope: scope.name,
      scopeKind: scope.kind,
      scopeCode: scope.code,
      year: q.year,
      period: periodLabel(q.year, q.period),
      periodCode: q.period,
      channel: q.channel === "all" ? "Tất cả các kênh" : SURVEY_CHANNEL_LABEL[q.channel],
      channelCode: q.channel,
    });
    for (const c of n.children) walk(c, n);
  };
  for (const n of result.nodes) walk(n, null);
  return rows;
}

async function indicesFor(db: Db, scope: ExportScope, q: ExportQuery): Promise<IndicesResult> {
  const { months } = periodRange(q.year, q.period);
  return computeIndices(db, {
    year: q.year,
    months,
    channel: q.channel,
    unit: scope.kind === "unit" ? scope.code : null,
    agency: scope.kind === "agency" ? scope.code : null,
    servicePoint: scope.kind === "service_point" ? scope.code : null,
  });
}

// ---------------------------------------------------------------- raw responses

/**
 * Anonymised raw responses. Kept: service point, its unit, channel, local day, procedure field,
 * questionnaire version, every answer (0 = không áp dụng, empty = bỏ trống). Dropped: the
 * respondent key, the comment text (free text can carry names and phone numbers and cannot be
 * cleaned reliably: only whether there was one is kept) and the dossier code, replaced by a keyed
 * hash (HMAC-SHA-256 with a secret kept in the database, 16 hex digits) that lets repeated
 * dossiers be counted without revealing them.
 */
const PAGE = 1000;
const SALT_KEY = "export_dossier_salt";

const RESPONSE_BASE_COLUMNS: SheetColumn[] = [
  { header: "STT", key: "row", width: 8 },
  { header: "Ngày", key: "day", date: true, width: 12 },
  { header: "Điểm phục vụ", key: "pointName", width: 40 },
  { header: "Đơn vị hành chính", key: "unitName", width: 30 },
  { header: "Kênh", key: "channelName", width: 24 },
  { header: "Lĩnh vực", key: "fieldName", width: 30 },
  { header: "Phiếu khảo sát", key: "versionName", width: 30 },
  { header: "Mã hồ sơ (đã băm)", key: "dossier", width: 18 },
  { header: "Có ý kiến thêm", key: "comment", width: 10 },
];

const RESPONSE_MACHINE_COLUMNS: SheetColumn[] = [
  { header: "row", key: "row" }, { header: "local_day", key: "day", date: true }, { header: "service_point_code", key: "point" },
  { header: "unit_code", key: "unit" }, { header: "channel", key: "channel" }, { header: "procedure_field", key: "field" },
  { header: "questionnaire_version", key: "version" }, { header: "dossier_hash", key: "dossier" }, { header: "has_comment", key: "hasComment" },
];

async function dossierSalt(db: Db): Promise<string> {
  await db.insertInto("setting").values({ key: SALT_KEY, value: crypto.randomBytes(32).toString("hex") }).onConflict((oc) => oc.column("key").doNothing()).execute();
  return (await db.selectFrom("setting").select("value").where("key", "=", SALT_KEY).executeTakeFirstOrThrow()).value;
}

/**
 * The question columns: every question code in use, in questionnaire order. People read the
 * question's words (numbered, shortened); machines its code. Answers are 1–5, 0 = không áp dụng.
 */
async function questionColumns(db: Db, variant: ExportVariant): Promise<{ columns: SheetColumn[]; codeOf: Map<number, string> }> {
  const qs = await db.selectFrom("question").select(["id", "code", "sort", "text"]).orderBy("sort").orderBy("id").execute();
  const codeOf = new Map(qs.map((q) => [q.id, q.code]));
  const seen = new Set<string>();
  const columns: SheetColumn[] = [];
  for (const q of qs) {
    if (seen.has(q.code)) continue;
    seen.add(q.code);
    const words = q.text.length > 70 ? `${q.text.slice(0, 69).trimEnd()}…` : q.text;
    columns.push({ header: variant === "ma-may" ? q.code : `Câu ${columns.length + 1}. ${words} (1–5; 0 = không áp dụng)`, key: `q:${q.code}`, width: variant === "ma-may" ? 8 : 24 });
  }
  return { columns, codeOf };
}

/** Pages of anonymised responses in scope, read with a cursor on the id (keyset pagination). */
async function* responsePages(db: Db, scope: ExportScope, q: ExportQuery, codeOf: Map<number, string>): AsyncGenerator<Array<Record<string, Cell>>> {
  if (scope.pointIds.length === 0) return;
  const { days } = periodRange(q.year, q.period);
  const salt = await dossierSalt(db);
  let cursor = 0;
  let rowNo = 0;
  for (;;) {
    let query = db
      .selectFrom("response as r")
      .innerJoin("service_point as sp", "sp.id", "r.service_point_id")
      .innerJoin("admin_unit as u", "u.id", "sp.unit_id")
      .innerJoin("questionnaire_version as v", "v.id", "r.version_id")
      .innerJoin("questionnaire as qn", "qn.id", "v.questionnaire_id")
      .leftJoin("procedure_field as pf", "pf.code", "r.procedure_field")
      .select(["r.id", "r.local_day", "r.channel", "r.procedure_field", "r.dossier_code", "r.comment", "sp.code as point", "sp.name as point_name", "u.code as unit", "u.name as unit_name", "qn.code as qcode", "qn.name as qname", "v.version", "pf.name as field_name"])
      .where("r.id", ">", cursor)
      .where("r.excluded", "=", 0)
      .where("r.service_point_id", "in", scope.pointIds)
      .where("r.local_day", ">=", days.from)
      .where("r.local_day", "<=", days.to)
      .orderBy("r.id")
      .limit(PAGE);
    if (q.channel !== "all") query = query.where("r.channel", "=", q.channel);
    const rows = await query.execute();
    if (rows.length === 0) return;
    const answers = await db.selectFrom("answer").select(["response_id", "question_id", "value"]).where("response_id", "in", rows.map((r) => r.id)).execute();
    const byResponse = new Map<number, Array<{ question_id: number; value: number | null }>>();
    for (const a of answers) {
      const list = byResponse.get(a.response_id);
      if (list) list.push(a);
      else byResponse.set(a.response_id, [a]);
    }
    yield rows.map((r) => {
      const out: Record<string, Cell> = {
        row: ++rowNo,
        day: r.local_day,
        point: r.point,
        pointName: r.point_name,
        unit: r.unit,
        unitName: r.unit_name,
        channel: r.channel,
        channelName: SURVEY_CHANNEL_LABEL[r.channel as Channel] ?? "",
        field: r.procedure_field,
        fieldName: r.field_name ?? (r.procedure_field ? "Khác" : null),
        version: `${r.qcode} v${r.version}`,
        versionName: `${r.qname}, phiên bản ${r.version}`,
        hasComment: r.comment && r.comment.trim() ? 1 : 0,
        dossier: r.dossier_code ? crypto.createHmac("sha256", salt).update(r.dossier_code.trim().toUpperCase()).digest("hex").slice(0, 16) : null,
        comment: r.comment && r.comment.trim() ? "có" : "không",
      };
      for (const a of byResponse.get(r.id) ?? []) {
        const c = codeOf.get(a.question_id);
        if (c) out[`q:${c}`] = a.value;
      }
      return out;
    });
    cursor = rows[rows.length - 1].id;
  }
}

// ---------------------------------------------------------------- writers

interface ExportBody {
  columns: SheetColumn[];
  /** Pages of rows, produced lazily. */
  pages: AsyncIterable<Array<Record<string, Cell>>>;
  sheetName: string;
  variant: ExportVariant;
}

export async function indicesBody(db: Db, scope: ExportScope, q: ExportQuery): Promise<ExportBody> {
  const result = await indicesFor(db, scope, q);
  const rows = indexRows(result, scope, q);
  const machine = q.dang === "ma-may";
  return { columns: machine ? INDEX_MACHINE_COLUMNS : INDEX_COLUMNS, sheetName: machine ? "indices" : "Chỉ số", variant: q.dang, pages: (async function* () { yield rows; })() };
}

export async function responsesBody(db: Db, scope: ExportScope, q: ExportQuery): Promise<ExportBody> {
  const { columns, codeOf } = await questionColumns(db, q.dang);
  const machine = q.dang === "ma-may";
  return { columns: [...(machine ? RESPONSE_MACHINE_COLUMNS : RESPONSE_BASE_COLUMNS), ...columns], sheetName: machine ? "responses" : "Phiếu khảo sát", variant: q.dang, pages: responsePages(db, scope, q, codeOf) };
}

const VI_DECIMAL = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4, useGrouping: false });

/** A cell as CSV writes it: people get decimal commas and dd/mm/yyyy; machines points and ISO days. */
function csvCell(c: SheetColumn, v: Cell, variant: ExportVariant): Cell {
  if (v === null || v === undefined) return null;
  const n = c.percent && typeof v === "number" ? round(v * 100, 4) : v;
  if (variant === "ma-may") return n;
  if (c.date && typeof n === "string") return viDay(n);
  return typeof n === "number" && !Number.isInteger(n) ? VI_DECIMAL.format(n) : n;
}

/** A cell as XLSX writes it: numbers stay numbers; a day is a date cell for people. */
function xlsxCell(c: SheetColumn, v: Cell, variant: ExportVariant): Cell | Date {
  if (v === null || v === undefined) return null;
  if (c.date && typeof v === "string" && variant !== "ma-may") return new Date(`${v}T00:00:00Z`);
  return typeof v === "string" ? neutralise(v) : v;
}

const encoder = new TextEncoder();

/** CSV (UTF-8 with BOM, so that Excel reads Vietnamese): one page is read per pull of the client. */
export function csvStream(body: ExportBody, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const it = body.pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(body.columns.map((c) => c.header))}`));
        return;
      }
      if (signal?.aborted) {
        await it.return?.(undefined);
        controller.close();
        return;
      }
      const next = await it.next();
      if (next.done) {
        controller.close();
        return;
      }
      let chunk = "";
      for (const row of next.value) {
        chunk += csvLine(body.columns.map((c) => csvCell(c, row[c.key] ?? null, body.variant)));
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  }, { highWaterMark: 1 });
}

const XLSX_BUFFER = 1 << 20;

/**
 * XLSX through exceljs's streaming writer: each row is committed as it is made, and the producer
 * waits while more than ~1 MB waits unread, so memory stays flat however many rows there are.
 */
export function xlsxStream(body: ExportBody, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: XLSX_BUFFER });
  const waitForReader = async () => {
    while (out.readableLength + out.writableLength > XLSX_BUFFER && !signal?.aborted && !out.destroyed) {
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  (async () => {
    const ExcelJS = await excel();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet(body.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = body.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 12, style: c.percent ? { numFmt: "0.00%" } : c.date && body.variant !== "ma-may" ? { numFmt: "dd/mm/yyyy" } : {} }));
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).commit();
    for await (const page of body.pages) {
      if (signal?.aborted || out.destroyed) return;
      for (const row of page) {
        const cells: Record<string, Cell | Date> = {};
        for (const c of body.columns) cells[c.key] = xlsxCell(c, row[c.key] ?? null, body.variant);
        ws.addRow(cells).commit();
      }
      await waitForReader();
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => {
    console.error("xlsx export failed", e);
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return createReadableStreamFromReadable(out);
}

export function exportFileName(dataset: ExportDataset, scope: ExportScope, q: ExportQuery, format: ExportFormat): string {
  const period = q.period === "year" ? String(q.year) : `${q.year}-${q.period}`;
  return `${dataset}_${scope.code}_${period}_${q.channel}${q.dang === "ma-may" ? "_ma-may" : ""}.${format}`.replace(/[^A-Za-z0-9._-]/g, "-");
}

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

// ---------------------------------------------------------------- the export page

interface ScopeChoice {
  value: string;
  label: string;
  group: "unit" | "agency" | "point";
}

/**
 * What a user may pick as scope: their home unit and the units, agencies and service points
 * beneath it (communes are reached through their district: too many for one list).
 */
export async function scopeChoices(db: Db, user: SessionUser): Promise<ScopeChoice[]> {
  const units = await listUnits(db);
  const root = units.find((u) => u.parent_id === null);
  const homeId = root ? homeUnit(user.grants, root.id) : null;
  const home = units.find((u) => u.id === homeId);
  if (!home) return [];
  const ids = subtreeIds(units, home.id);
  const out: ScopeChoice[] = [home, ...units.filter((u) => u.parent_id === home.id)].map((u) => ({ value: `unit:${u.code}`, label: u.id === home.id ? u.name : `— ${u.name}`, group: "unit" }));
  const agencies = await db.selectFrom("agency").select(["code", "name", "unit_id"]).where("active", "=", 1).orderBy("id").execute();
  for (const a of agencies) if (a.unit_id !== null && ids.has(a.unit_id)) out.push({ value: `agency:${a.code}`, label: a.name, group: "agency" });
  const points = await db.selectFrom("service_point").select(["code", "name", "unit_id"]).where("active", "=", 1).orderBy("id").execute();
  for (const p of points) if (ids.has(p.unit_id)) out.push({ value: `point:${p.code}`, label: `${p.name} (${p.code})`, group: "point" });
  return out;
}

/** "unit:BMT" | "agency:STP" | "point:MC-BMT" → the query parameter of an export. */
export function scopeParam(value: string | null): { unit?: string; agency?: string; point?: string } {
  const m = /^(unit|agency|point):([A-Za-z0-9_-]{1,40})$/.exec(value ?? "");
  return m ? { [m[1]]: m[2] } : {};
}
