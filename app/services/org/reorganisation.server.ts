import { createHash } from "node:crypto";
import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";
import type { Db, DB } from "../../platform/db.server";
import type { Transaction } from "kysely";
import type { OrgEntity } from "../../domain/lineage";
import { dayBefore, viDay } from "../../domain/days";
import { planReorganisation, type PlannedVersion, type ReorgChange, type ReorgFile, type ReorgPlan } from "../../domain/reorganisation";
import { audit } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { loadOrgHistory, takenCodes } from "./org-history.server";

/**
 * Use cases of a reorganisation (docs/decisions/0012, file format in docs/api.md): read a file
 * (JSON or CSV), plan it on the history, show the dry run with every reference that will follow,
 * apply it in one transaction with what it changed logged, or undo it while nothing depends on it.
 * `npm run units -- apply` and Quản trị › Sắp xếp tổ chức run the same functions.
 */

const code = z.string().trim().min(1, "Mã không được để trống.").max(60, "Mã dài quá 60 ký tự.").regex(/^[A-Za-z0-9_.-]+$/, "Mã chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.");
const name = z.string().trim().min(1, "Tên không được để trống.").max(200, "Tên dài quá 200 ký tự.");
const optName = name.nullish();
const optCode = code.nullish();
const unitDef = z.object({ code, name: optName, nameEn: optName, level: optCode, parent: optCode });

const changeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("create_unit"), code, name, nameEn: optName, level: code, parent: code, formerly: z.string().max(2000).nullish() }),
  z.object({ kind: z.literal("merge_units"), into: code, name: optName, nameEn: optName, level: optCode, parent: optCode, from: z.array(code).min(1, "Cần ít nhất một đơn vị bị sáp nhập."), formerly: z.string().max(2000).nullish() }),
  z.object({ kind: z.literal("split_unit"), unit: code, into: z.array(unitDef).min(2, "Chia tách cần ít nhất hai đơn vị mới."), points: z.record(z.string(), code).default({}) }),
  z.object({ kind: z.literal("move_unit"), unit: code, parent: code }),
  z.object({ kind: z.literal("rename_unit"), unit: code, name: optName, nameEn: optName, code: optCode }),
  z.object({ kind: z.literal("dissolve_level"), level: code, parent: optCode }),
  z.object({ kind: z.literal("create_agency"), code, name, nameEn: optName, agencyKind: code, parent: optCode, unit: optCode }),
  z.object({ kind: z.literal("merge_agencies"), into: code, name: optName, nameEn: optName, agencyKind: optCode, parent: optCode, unit: optCode, from: z.array(code).min(1, "Cần ít nhất một cơ quan bị hợp nhất.") }),
  z.object({ kind: z.literal("rename_agency"), agency: code, name: optName, nameEn: optName, code: optCode }),
  z.object({ kind: z.literal("dissolve_agency"), agency: code, successor: optCode }),
  z.object({ kind: z.literal("open_point"), code, name, nameEn: optName, pointKind: code, unit: code, agency: code }),
  z.object({ kind: z.literal("close_point"), point: code, successor: optCode }),
  z.object({ kind: z.literal("move_point"), point: code, unit: optCode, agency: optCode }),
]);

const day = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$|^\d{2}\/\d{2}\/\d{4}$/, "Ngày hiệu lực phải có dạng dd/mm/yyyy (ví dụ 01/07/2025).")
  .transform((s) => (s.includes("/") ? `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : s))
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, "Ngày hiệu lực không có thật.");

const fileSchema = z.object({
  title: name,
  document: z.string().trim().max(300).nullish(),
  effectiveOn: day,
  changes: z.array(z.unknown()).min(1, "Tệp không có thay đổi nào.").max(5000, "Tệp có quá 5.000 thay đổi."),
});

const KIND_WORDS: Record<string, string> = {
  create_unit: "thành lập đơn vị", merge_units: "sáp nhập đơn vị", split_unit: "chia tách đơn vị", move_unit: "chuyển đơn vị", rename_unit: "đổi tên đơn vị",
  dissolve_level: "bỏ một cấp", create_agency: "thành lập cơ quan", merge_agencies: "hợp nhất cơ quan", rename_agency: "đổi tên cơ quan",
  dissolve_agency: "giải thể cơ quan", open_point: "mở điểm phục vụ", close_point: "đóng điểm phục vụ", move_point: "chuyển điểm phục vụ",
};

interface ParsedFile {
  file: ReorgFile;
  /** The row an error of change i names (CSV: the line of the file). */
  rows: number[];
}

interface RowError {
  row: number | null;
  message: string;
}

class FileError extends Error {
  constructor(public errors: RowError[]) {
    super(errors.map((e) => e.message).join(" "));
  }
}

/** Reads a reorganisation file: JSON (docs/api.md) or CSV with one change per line. */
function parseReorgFile(text: string, fileName = "tệp"): ParsedFile {
  const body = text.replace(/^\uFEFF/, "").normalize("NFC");
  if (body.trim() === "") throw new FileError([{ row: null, message: "Tệp trống." }]);
  const isJson = /\.json$/i.test(fileName) || body.trimStart().startsWith("{");
  let raw: unknown;
  let rows: number[];
  if (isJson) {
    try {
      raw = JSON.parse(body);
    } catch {
      throw new FileError([{ row: null, message: "Tệp JSON không đọc được: hãy kiểm tra dấu ngoặc và dấu phẩy." }]);
    }
    const n = Array.isArray((raw as { changes?: unknown[] })?.changes) ? (raw as { changes: unknown[] }).changes.length : 0;
    rows = Array.from({ length: n }, (_, i) => i + 1);
  } else {
    ({ raw, rows } = csvToFile(body));
  }
  const head = fileSchema.safeParse(raw);
  if (!head.success) throw new FileError(head.error.issues.map((i) => ({ row: null, message: `${fieldName(String(i.path[0] ?? ""))}: ${i.message}` })));
  const errors: RowError[] = [];
  const changes: ReorgChange[] = [];
  for (const [i, c] of head.data.changes.entries()) {
    const r = changeSchema.safeParse(c);
    if (r.success) changes.push(r.data as ReorgChange);
    else {
      const kind = (c as { kind?: unknown })?.kind;
      for (const issue of r.error.issues) {
        const message = issue.path[0] === "kind" || typeof kind !== "string" || !(kind in KIND_WORDS)
          ? `Loại thay đổi "${String(kind ?? "")}" không hợp lệ; dùng một trong: ${Object.keys(KIND_WORDS).join(", ")}.`
          : `${fieldName(issue.path.map(String).join("."))}: ${issue.message}`;
        errors.push({ row: rows[i], message });
      }
    }
  }
  if (errors.length) throw new FileError(errors);
  return { file: { title: head.data.title, document: head.data.document ?? null, effectiveOn: head.data.effectiveOn, changes }, rows };
}

const FIELD_WORDS: Record<string, string> = {
  title: "Tiêu đề", document: "Văn bản", effectiveOn: "Ngày hiệu lực", changes: "Danh sách thay đổi", code: "Mã", name: "Tên", into: "Đơn vị nhận",
  from: "Các đơn vị bị sáp nhập", parent: "Đơn vị cấp trên", level: "Cấp", unit: "Đơn vị", agency: "Cơ quan", point: "Điểm phục vụ",
  successor: "Kế thừa", agencyKind: "Loại cơ quan", pointKind: "Loại điểm", points: "Điểm phục vụ", nameEn: "Tên tiếng Anh",
};
const fieldName = (path: string) => FIELD_WORDS[path.split(".")[0]] ?? "Dữ liệu";

/**
 * CSV columns (the header names them; order is free): loai, ma, ten, ten_en, cap, cap_tren, tu,
 * don_vi, co_quan, phan_loai, ke_thua, tach_thanh, diem_phuc_vu, truoc_day; and on every row (or
 * the first only) tieu_de, van_ban, ngay_hieu_luc.
 */
function csvToFile(body: string): { raw: unknown; rows: number[] } {
  const first = body.split(/\r?\n/, 1)[0];
  const delimiter = [";", "\t", ","].map((d) => ({ d, n: first.split(d).length })).sort((a, b) => b.n - a.n)[0].d;
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parseCsv(body, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), delimiter, skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as never;
  } catch (e) {
    throw new FileError([{ row: null, message: `Tệp CSV không đọc được (${(e as { lines?: number }).lines ? `dòng ${(e as { lines: number }).lines}` : "định dạng"}): hãy lưu lại dưới dạng CSV UTF-8.` }]);
  }
  if (records.length === 0) throw new FileError([{ row: null, message: "Tệp CSV không có dòng thay đổi nào." }]);
  if (!("loai" in records[0].record)) throw new FileError([{ row: 1, message: "Thiếu cột \"loai\" (loại thay đổi) ở dòng tiêu đề." }]);
  const header = { title: "", document: "", effectiveOn: "" };
  const errors: RowError[] = [];
  for (const { record, info } of records) {
    for (const [col, key] of [["tieu_de", "title"], ["van_ban", "document"], ["ngay_hieu_luc", "effectiveOn"]] as const) {
      const v = record[col]?.trim();
      if (!v) continue;
      if (header[key] && header[key] !== v) errors.push({ row: info.lines, message: `Cột "${col}" phải giống nhau trên mọi dòng (một tệp là một lần sắp xếp, một ngày hiệu lực).` });
      else header[key] = v;
    }
  }
  if (errors.length) throw new FileError(errors);
  const list = (s: string | undefined) => (s ?? "").split(/[;|]/).map((x) => x.trim()).filter(Boolean);
  const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
  const changes = records.map(({ record: r }) => {
    switch (r.loai) {
      case "create_unit": return { kind: r.loai, code: r.ma, name: r.ten, nameEn: opt(r.ten_en), level: r.cap, parent: r.cap_tren, formerly: opt(r.truoc_day) };
      case "merge_units": return { kind: r.loai, into: r.ma, name: opt(r.ten), nameEn: opt(r.ten_en), level: opt(r.cap), parent: opt(r.cap_tren), from: list(r.tu), formerly: opt(r.truoc_day) };
      case "split_unit": return {
        kind: r.loai, unit: r.ma,
        into: list(r.tach_thanh).map((x) => { const [c, ...n] = x.split(":"); return { code: c.trim(), name: opt(n.join(":")) }; }),
        points: Object.fromEntries(list(r.diem_phuc_vu).map((x) => x.split("=").map((y) => y.trim()))),
      };
      case "move_unit": return { kind: r.loai, unit: r.ma, parent: r.cap_tren };
      case "rename_unit": return { kind: r.loai, unit: r.ma, name: opt(r.ten), nameEn: opt(r.ten_en), code: opt(r.ma_moi) };
      case "dissolve_level": return { kind: r.loai, level: r.cap, parent: opt(r.cap_tren) };
      case "create_agency": return { kind: r.loai, code: r.ma, name: r.ten, nameEn: opt(r.ten_en), agencyKind: r.phan_loai, parent: opt(r.cap_tren), unit: opt(r.don_vi) };
      case "merge_agencies": return { kind: r.loai, into: r.ma, name: opt(r.ten), nameEn: opt(r.ten_en), agencyKind: opt(r.phan_loai), parent: opt(r.cap_tren), unit: opt(r.don_vi), from: list(r.tu) };
      case "rename_agency": return { kind: r.loai, agency: r.ma, name: opt(r.ten), nameEn: opt(r.ten_en), code: opt(r.ma_moi) };
      case "dissolve_agency": return { kind: r.loai, agency: r.ma, successor: opt(r.ke_thua) };
      case "open_point": return { kind: r.loai, code: r.ma, name: r.ten, nameEn: opt(r.ten_en), pointKind: r.phan_loai, unit: r.don_vi, agency: r.co_quan };
      case "close_point": return { kind: r.loai, point: r.ma, successor: opt(r.ke_thua) };
      case "move_point": return { kind: r.loai, point: r.ma, unit: opt(r.don_vi), agency: opt(r.co_quan) };
      default: return { kind: r.loai };
    }
  });
  return {
    raw: { title: header.title || undefined, document: header.document || null, effectiveOn: header.effectiveOn || undefined, changes },
    rows: records.map((x) => x.info.lines),
  };
}

// ---------------------------------------------------------------------------------------------
// What follows the successor (described in the dry run, written by apply).

interface FollowUp {
  what: "feedback" | "routing_rule" | "grant" | "target" | "plan_task" | "kiosk_device";
  text: string;
}

export interface ReorgPreview {
  ok: boolean;
  errors: RowError[];
  title: string;
  document: string | null;
  effectiveOn: string;
  lines: Array<{ row: number; text: string }>;
  followUps: FollowUp[];
  counts: { units: number; agencies: number; points: number; created: number; ended: number };
}

type Tx = Transaction<DB> | Db;

interface Work {
  plan: ReorgPlan;
  file: ReorgFile;
  rows: number[];
}

async function plan(db: Tx, parsed: ParsedFile): Promise<Work> {
  const history = await loadOrgHistory(db as Db);
  const [levels, taken, latest] = await Promise.all([
    db.selectFrom("unit_level").select(["code", "name", "rank"]).execute(),
    takenCodes(db as Db),
    db.selectFrom("reorg_event").select(["effective_on", "title"]).where("undone_at", "is", null).orderBy("effective_on", "desc").limit(1).executeTakeFirst(),
  ]);
  const result = planReorganisation(history, parsed.file, levels, taken, (i) => parsed.rows[i] ?? i + 1);
  if (latest && latest.effective_on > parsed.file.effectiveOn) {
    result.errors.unshift({ row: 0, message: `Ngày hiệu lực ${viDay(parsed.file.effectiveOn)} sớm hơn lần sắp xếp đã áp dụng "${latest.title}" (hiệu lực ${viDay(latest.effective_on)}). Hãy hoàn tác lần đó trước, hoặc sửa ngày.` });
  }
  return { plan: result, file: parsed.file, rows: parsed.rows };
}

const nameOf = (p: ReorgPlan, entity: OrgEntity, id: number | null) => {
  if (id === null) return "—";
  const list = p.versions.filter((v) => v.entity === entity && v.id === id);
  return list[list.length - 1]?.name ?? String(id);
};

/** References that follow each ended unit, agency or service point (read only: for the dry run and apply). */
async function followUps(db: Tx, w: Work): Promise<{ list: FollowUp[]; ops: Array<(trx: Transaction<DB>, log: ChangeLog) => Promise<void>> }> {
  const list: FollowUp[] = [];
  const ops: Array<(trx: Transaction<DB>, log: ChangeLog) => Promise<void>> = [];
  const { plan: p, file } = w;
  const year = Number(file.effectiveOn.slice(0, 4));
  const reason = `Chuyển theo sắp xếp tổ chức: ${file.title} (hiệu lực ${viDay(file.effectiveOn)}).`;
  const now = new Date().toISOString();
  for (const s of p.successions) {
    const from = nameOf(p, s.entity, s.id);
    const to = s.successor === null ? null : nameOf(p, s.entity, s.successor);
    if (s.entity === "agency") {
      const [items, rules, grants] = await Promise.all([
        db.selectFrom("feedback_item").select(["id", "tracking_code"]).where("agency_id", "=", s.id).where("status", "in", ["received", "assigned"]).execute(),
        db.selectFrom("routing_rule").selectAll().where("agency_id", "=", s.id).where("active", "=", 1).execute(),
        db.selectFrom("role_grant").select(["id", "user_id"]).where("agency_id", "=", s.id).where("active", "=", 1).execute(),
      ]);
      const code = p.versions.find((v) => v.entity === "agency" && v.id === s.id)?.code ?? "";
      const tasks = (await db.selectFrom("plan_task as t").innerJoin("plan as pl", "pl.id", "t.plan_id").select(["t.id", "t.code", "t.lead", "t.implementers", "pl.code as plan"])
        .where("pl.report_to", ">=", file.effectiveOn).execute())
        .filter((t) => [t.lead, t.implementers].some((j) => (JSON.parse(j) as Array<{ type: string; code?: string }>).some((a) => a.type === "agency" && a.code === code)));
      if (items.length) list.push({ what: "feedback", text: to ? `${items.length} phản ánh đang xử lý của ${from} chuyển cho ${to} (có ghi vào tiến trình): ${items.map((i) => i.tracking_code).join(", ")}.` : `${items.length} phản ánh đang xử lý của ${from} về bộ phận điều phối để phân công lại (có ghi vào tiến trình).` });
      if (rules.length) list.push({ what: "routing_rule", text: to ? `${rules.length} quy tắc phân loại của ${from} được thay bằng quy tắc giao cho ${to}.` : `${rules.length} quy tắc phân loại của ${from} ngừng áp dụng; phản ánh mới sẽ về bộ phận điều phối.` });
      if (grants.length) list.push({ what: "grant", text: to ? `${grants.length} quyền của tài khoản tại ${from} chuyển sang ${to}.` : `${grants.length} quyền của tài khoản tại ${from} chấm dứt.` });
      if (tasks.length) list.push({ what: "plan_task", text: to ? `${tasks.length} nhiệm vụ kế hoạch giao ${from} chuyển sang ${to} (văn bản kế hoạch giữ tên cũ): ${tasks.map((t) => `${t.plan} ${t.code}`).join(", ")}.` : `${tasks.length} nhiệm vụ kế hoạch giao ${from} chưa có cơ quan kế thừa: cần giao lại (${tasks.map((t) => `${t.plan} ${t.code}`).join(", ")}).` });
      ops.push(async (trx, log) => {
        const toId = s.successor === null ? null : log.real("agency", s.successor);
        for (const it of items) {
          await log.update(trx, "feedback_item", it.id, { agency_id: toId });
          const ev = await trx.insertInto("feedback_event").values({ item_id: it.id, at: now, kind: "transferred", actor_user_id: log.actor, from_agency_id: s.id, to_agency_id: toId, reason: toId ? reason : `${reason} Cơ quan cũ giải thể, chuyển về bộ phận điều phối.`, is_public: 1 }).returning("id").executeTakeFirstOrThrow();
          log.inserted("feedback_event", ev.id);
        }
        for (const r of rules) {
          await log.update(trx, "routing_rule", r.id, { active: 0, deactivated_at: now });
          if (toId !== null) {
            const nr = await trx.insertInto("routing_rule").values({ topic: r.topic, unit_id: r.unit_id, agency_id: toId, priority: r.priority, active: 1, created_at: now, created_by: log.actor, deactivated_at: null }).returning("id").executeTakeFirstOrThrow();
            log.inserted("routing_rule", nr.id);
          }
        }
        for (const g of grants) await log.update(trx, "role_grant", g.id, toId === null ? { active: 0 } : { agency_id: toId });
        if (toId !== null) {
          const newCode = log.codeOf("agency", toId);
          for (const t of tasks) {
            const swap = (j: string) => JSON.stringify((JSON.parse(j) as Array<{ type: string; code?: string }>).map((a) => (a.type === "agency" && a.code === code ? { ...a, code: newCode } : a)));
            await log.update(trx, "plan_task", t.id, { lead: swap(t.lead), implementers: swap(t.implementers) });
          }
        }
      });
    } else if (s.entity === "unit") {
      const [rules, grants, targets, items] = await Promise.all([
        db.selectFrom("routing_rule").selectAll().where("unit_id", "=", s.id).where("active", "=", 1).execute(),
        db.selectFrom("role_grant").select(["id"]).where("unit_id", "=", s.id).where("active", "=", 1).execute(),
        db.selectFrom("target").selectAll().where("unit_id", "=", s.id).where("year", ">=", year).execute(),
        db.selectFrom("feedback_item").select(["id"]).where("unit_id", "=", s.id).where("status", "in", ["received", "assigned"]).execute(),
      ]);
      if (rules.length) list.push({ what: "routing_rule", text: to ? `${rules.length} quy tắc phân loại theo địa bàn ${from} được thay bằng quy tắc cho ${to}.` : `${rules.length} quy tắc phân loại theo địa bàn ${from} ngừng áp dụng (đơn vị không có một đơn vị kế thừa).` });
      if (grants.length) list.push({ what: "grant", text: to ? `${grants.length} quyền của tài khoản tại ${from} chuyển sang ${to}.` : `${grants.length} quyền của tài khoản tại ${from} chấm dứt (không tự chuyển lên cấp trên).` });
      if (items.length && to) list.push({ what: "feedback", text: `${items.length} phản ánh đang xử lý về địa bàn ${from} được ghi địa bàn ${to}.` });
      if (targets.length) list.push({ what: "target", text: to ? `${targets.length} chỉ tiêu từ năm ${year} của ${from} được xét để áp cho ${to} (chỉ áp khi ${to} chưa có và các đơn vị tiền thân không đặt khác nhau).` : `${targets.length} chỉ tiêu từ năm ${year} của ${from} không còn đơn vị để áp: cần đặt lại.` });
      ops.push(async (trx, log) => {
        const toId = s.successor === null ? null : log.real("unit", s.successor);
        for (const r of rules) {
          await log.update(trx, "routing_rule", r.id, { active: 0, deactivated_at: now });
          if (toId !== null) {
            const nr = await trx.insertInto("routing_rule").values({ topic: r.topic, unit_id: toId, agency_id: r.agency_id, priority: r.priority, active: 1, created_at: now, created_by: log.actor, deactivated_at: null }).returning("id").executeTakeFirstOrThrow();
            log.inserted("routing_rule", nr.id);
          }
        }
        for (const g of grants) await log.update(trx, "role_grant", g.id, toId === null ? { active: 0 } : { unit_id: toId });
        if (toId === null) return;
        for (const it of items) await log.update(trx, "feedback_item", it.id, { unit_id: toId });
        for (const t of targets) {
          // A successor's target comes from its predecessors only when they agree (or only one had one).
          const siblings = p.successions.filter((x) => x.entity === "unit" && x.successor === s.successor).map((x) => x.id);
          const same = await trx.selectFrom("target").selectAll().where("unit_id", "in", siblings).where("year", "=", t.year).where("node_code", "=", t.node_code).execute();
          const agree = same.every((x) => x.kind === t.kind && x.value === t.value && x.baseline_source === t.baseline_source && x.baseline_value === t.baseline_value && x.point_target === t.point_target);
          const exists = await trx.selectFrom("target").select("id").where("unit_id", "=", toId).where("year", "=", t.year).where("node_code", "=", t.node_code).executeTakeFirst();
          if (!agree || exists) continue;
          const nt = await trx.insertInto("target").values({
            year: t.year, node_code: t.node_code, unit_id: toId, kind: t.kind, value: t.value, baseline_source: t.baseline_source,
            baseline_value: t.baseline_value, point_target: t.point_target, note: [t.note, `Theo chỉ tiêu của đơn vị tiền thân (${file.title}).`].filter(Boolean).join(" "),
          }).returning("id").executeTakeFirstOrThrow();
          log.inserted("target", nt.id);
        }
      });
    } else {
      const [devices, grants, items] = await Promise.all([
        db.selectFrom("kiosk_device").select(["id"]).where("service_point_id", "=", s.id).where("revoked_at", "is", null).execute(),
        db.selectFrom("role_grant").select(["id"]).where("service_point_id", "=", s.id).where("active", "=", 1).execute(),
        db.selectFrom("feedback_item").select(["id"]).where("service_point_id", "=", s.id).where("status", "in", ["received", "assigned"]).execute(),
      ]);
      if (devices.length) list.push({ what: "kiosk_device", text: to ? `${devices.length} kiosk của ${from} chuyển sang ${to}.` : `${devices.length} kiosk của ${from} bị thu hồi (ghép nối lại ở điểm mới).` });
      if (grants.length) list.push({ what: "grant", text: to ? `${grants.length} quyền tại ${from} chuyển sang ${to}.` : `${grants.length} quyền tại ${from} chấm dứt.` });
      if (items.length && to) list.push({ what: "feedback", text: `${items.length} phản ánh đang xử lý về ${from} được ghi cho ${to}.` });
      ops.push(async (trx, log) => {
        const toId = s.successor === null ? null : log.real("point", s.successor);
        for (const d of devices) await log.update(trx, "kiosk_device", d.id, toId === null ? { revoked_at: now, revoked_by: log.actor } : { service_point_id: toId });
        for (const g of grants) await log.update(trx, "role_grant", g.id, toId === null ? { active: 0 } : { service_point_id: toId });
        if (toId !== null) for (const it of items) await log.update(trx, "feedback_item", it.id, { service_point_id: toId });
      });
    }
  }
  return { list, ops };
}

/** Writes and remembers every change, so that undo can put each back. */
class ChangeLog {
  seq = 0;
  rows: Array<{ table: string; id: number; op: "insert" | "update"; column: string | null; old: unknown; value: unknown }> = [];
  ids = new Map<string, number>();
  codes = new Map<string, string>();
  constructor(public actor: number | null) {}
  real(entity: OrgEntity, id: number): number {
    return id < 0 ? this.ids.get(`${entity}:${id}`)! : id;
  }
  codeOf(entity: OrgEntity, id: number): string {
    return this.codes.get(`${entity}:${id}`) ?? "";
  }
  inserted(table: string, id: number) {
    this.rows.push({ table, id, op: "insert", column: null, old: null, value: null });
  }
  async update(trx: Transaction<DB>, table: string, id: number, values: Record<string, unknown>) {
    const before = await trx.selectFrom(table as "admin_unit").selectAll().where("id", "=", id).executeTakeFirstOrThrow() as Record<string, unknown>;
    const changed = Object.entries(values).filter(([k, v]) => before[k] !== v);
    if (changed.length === 0) return;
    await trx.updateTable(table as "admin_unit").set(Object.fromEntries(changed) as never).where("id", "=", id).execute();
    for (const [k, v] of changed) this.rows.push({ table, id, op: "update", column: k, old: before[k], value: v });
  }
}

const TABLE: Record<OrgEntity, "admin_unit" | "agency" | "service_point"> = { unit: "admin_unit", agency: "agency", point: "service_point" };

/** Dry run: the changes, the follow-ups and the errors (nothing is written). */
export async function previewReorganisation(db: Db, text: string, fileName?: string): Promise<ReorgPreview> {
  let parsed: ParsedFile;
  try {
    parsed = parseReorgFile(text, fileName);
  } catch (e) {
    if (e instanceof FileError) return { ok: false, errors: e.errors, title: "", document: null, effectiveOn: "", lines: [], followUps: [], counts: { units: 0, agencies: 0, points: 0, created: 0, ended: 0 } };
    throw e;
  }
  const w = await plan(db, parsed);
  const f = w.plan.errors.length ? { list: [] } : await followUps(db, w);
  return previewOf(w, f.list);
}

function previewOf(w: Work, list: FollowUp[]): ReorgPreview {
  const p = w.plan;
  const day = w.file.effectiveOn;
  const before = dayBefore(day);
  // Entities with a version that starts or ends with this change.
  const touched = (e: OrgEntity) => new Set(p.versions.filter((v) => v.entity === e && (v.from === day || v.to === before)).map((v) => v.id)).size;
  return {
    ok: p.errors.length === 0,
    errors: p.errors.map((e) => ({ row: e.row || null, message: e.message })),
    title: w.file.title,
    document: w.file.document ?? null,
    effectiveOn: day,
    lines: p.lines,
    followUps: list,
    counts: { units: touched("unit"), agencies: touched("agency"), points: touched("point"), created: p.created.length, ended: p.successions.length },
  };
}

/**
 * Use case: applies a reorganisation file in one transaction (or, with dryRun, only says what it
 * would do). A file with any error changes nothing and answers with every error and its row.
 */
export async function applyReorganisation(
  db: Db,
  input: { text: string; fileName?: string; actorUserId: number | null; dryRun?: boolean; isDemo?: boolean; ip?: string | null },
): Promise<ReorgPreview & { eventId: number | null }> {
  if (input.dryRun) return { ...(await previewReorganisation(db, input.text, input.fileName)), eventId: null };
  let parsed: ParsedFile;
  try {
    parsed = parseReorgFile(input.text, input.fileName);
  } catch (e) {
    if (e instanceof FileError) return { ...(await previewReorganisation(db, input.text, input.fileName)), eventId: null };
    throw e;
  }
  return db.transaction().execute((trx) => applyReorganisationIn(trx, parsed, { actorUserId: input.actorUserId, fileName: input.fileName ?? null, isDemo: input.isDemo, ip: input.ip, text: input.text }));
}

/** The apply use case inside a caller's transaction (the unit form's move uses it). */
export async function applyReorganisationIn(
  trx: Transaction<DB>,
  parsed: ParsedFile,
  input: { actorUserId: number | null; fileName: string | null; isDemo?: boolean; ip?: string | null; text?: string },
): Promise<ReorgPreview & { eventId: number | null }> {
  {
    const w = await plan(trx, parsed);
    if (w.plan.errors.length) return { ...previewOf(w, []), eventId: null };
    const f = await followUps(trx, w);
    const log = new ChangeLog(input.actorUserId);
    const now = new Date().toISOString();
    const ev = await trx.insertInto("reorg_event").values({
      effective_on: w.file.effectiveOn, title: w.file.title, document: w.file.document ?? null, file_name: input.fileName ?? null,
      file_sha256: createHash("sha256").update(input.text ?? JSON.stringify(parsed.file)).digest("hex"), payload: JSON.stringify(w.file), summary: "{}",
      applied_at: now, applied_by: input.actorUserId, undone_at: null, undone_by: null, is_demo: input.isDemo ? 1 : 0,
    }).returning("id").executeTakeFirstOrThrow();
    await writeOrg(trx, w.plan, log, ev.id, w.file.effectiveOn, input.isDemo ?? false);
    for (const op of f.ops) await op(trx, log);
    for (const [seq, r] of log.rows.entries()) {
      await trx.insertInto("reorg_change").values({
        event_id: ev.id, seq, table_name: r.table, row_id: r.id, op: r.op, column_name: r.column,
        old_value: r.op === "update" ? JSON.stringify(r.old ?? null) : null, new_value: r.op === "update" ? JSON.stringify(r.value ?? null) : null,
      }).execute();
    }
    const preview = previewOf(w, f.list);
    await trx.updateTable("reorg_event").set({ summary: JSON.stringify({ lines: preview.lines, followUps: preview.followUps, counts: preview.counts }) }).where("id", "=", ev.id).execute();
    await audit(trx, { userId: input.actorUserId, action: "org.reorganise", entity: "reorg_event", entityId: ev.id, after: { title: w.file.title, effectiveOn: w.file.effectiveOn, counts: preview.counts }, ip: input.ip ?? null });
    return { ...preview, eventId: ev.id };
  }
}

/** Writes the planned history: new entities, closed and new versions, base rows, lineage. */
async function writeOrg(trx: Transaction<DB>, p: ReorgPlan, log: ChangeLog, eventId: number, effectiveOn: string, isDemo: boolean) {
  const last = (entity: OrgEntity, id: number) => {
    const list = p.versions.filter((v) => v.entity === entity && v.id === id).sort((a, b) => (a.from ?? "").localeCompare(b.from ?? ""));
    return { first: list[0], last: list[list.length - 1] };
  };
  const rowValues = (entity: OrgEntity, v: PlannedVersion, first: PlannedVersion) => {
    const parent = v.parentId === null ? null : log.real(entity === "point" ? "unit" : entity, v.parentId);
    const unit = v.unitId === null ? null : log.real("unit", v.unitId);
    const agency = v.agencyId === null ? null : log.real("agency", v.agencyId);
    if (entity === "unit") return { code: v.code, name: v.name, name_en: v.nameEn, level: v.level ?? "", parent_id: parent, valid_from: first.from, valid_to: v.to };
    if (entity === "agency") return { code: v.code, name: v.name, name_en: v.nameEn, kind: v.kind ?? "", parent_id: parent, unit_id: unit, valid_from: first.from, valid_to: v.to };
    return { code: v.code, name: v.name, name_en: v.nameEn, kind: v.kind ?? "", unit_id: unit!, agency_id: agency!, valid_from: first.from, valid_to: v.to };
  };
  // New entities, in the order they were made (a new commune's parent before the commune).
  for (const c of p.created) {
    const { first, last: v } = last(c.entity, c.id);
    const values = { ...rowValues(c.entity, v, first), is_demo: isDemo ? 1 : 0 };
    const r = await trx.insertInto(TABLE[c.entity]).values(values as never).returning("id").executeTakeFirstOrThrow();
    log.ids.set(`${c.entity}:${c.id}`, r.id);
    log.inserted(TABLE[c.entity], r.id);
  }
  const touched = new Set<string>();
  for (const v of p.versions) {
    const id = log.real(v.entity, v.id);
    const refs = {
      parent_id: v.parentId === null ? null : log.real(v.entity === "point" ? "unit" : v.entity, v.parentId),
      unit_id: v.unitId === null ? null : log.real("unit", v.unitId),
      agency_id: v.agencyId === null ? null : log.real("agency", v.agencyId),
    };
    if (v.rowId === undefined) {
      const r = await trx.insertInto("org_version").values({
        entity: v.entity, entity_id: id, valid_from: v.from, valid_to: v.to, code: v.code, name: v.name, name_en: v.nameEn, level: v.level, kind: v.kind,
        ...refs, event_id: v.from === effectiveOn ? eventId : null,
      }).returning("id").executeTakeFirstOrThrow();
      log.inserted("org_version", r.id);
      touched.add(`${v.entity}:${v.id}`);
    } else {
      const before = await trx.selectFrom("org_version").select("valid_to").where("id", "=", v.rowId).executeTakeFirstOrThrow();
      if (before.valid_to !== v.to) {
        await log.update(trx, "org_version", v.rowId, { valid_to: v.to });
        touched.add(`${v.entity}:${v.id}`);
      }
    }
  }
  // Base rows hold each entity's latest version (most of the product reads them as "now").
  for (const k of touched) {
    const [entity, raw] = k.split(":") as [OrgEntity, string];
    const id = Number(raw);
    if (id < 0) continue;
    const { first, last: v } = last(entity, id);
    await log.update(trx, TABLE[entity], id, rowValues(entity, v, first));
  }
  // Each entity's latest code (plan tasks name agencies by code).
  for (const v of [...p.versions].sort((a, b) => (a.from ?? "").localeCompare(b.from ?? ""))) log.codes.set(`${v.entity}:${log.real(v.entity, v.id)}`, v.code);
  const known = new Set((await trx.selectFrom("org_lineage").select(["entity", "predecessor_id", "successor_id", "effective_on"]).execute()).map((e) => `${e.entity}:${e.predecessor_id}:${e.successor_id}:${e.effective_on}`));
  for (const e of p.edges) {
    const from = log.real(e.entity, e.from);
    const to = log.real(e.entity, e.to);
    if (known.has(`${e.entity}:${from}:${to}:${e.on}`)) continue;
    const r = await trx.insertInto("org_lineage").values({ entity: e.entity, predecessor_id: from, successor_id: to, kind: e.kind, effective_on: e.on, event_id: eventId }).returning("id").executeTakeFirstOrThrow();
    log.inserted("org_lineage", r.id);
  }
}

interface ReorgEventView {
  id: number;
  effectiveOn: string;
  title: string;
  document: string | null;
  fileName: string | null;
  appliedAt: string;
  appliedBy: string | null;
  undoneAt: string | null;
  isDemo: boolean;
  summary: { lines: Array<{ row: number; text: string }>; followUps: FollowUp[]; counts: ReorgPreview["counts"] } | null;
}

export async function listReorgEvents(db: Db): Promise<ReorgEventView[]> {
  const rows = await db.selectFrom("reorg_event as e").leftJoin("app_user as u", "u.id", "e.applied_by")
    .select(["e.id", "e.effective_on", "e.title", "e.document", "e.file_name", "e.applied_at", "e.undone_at", "e.is_demo", "e.summary", "u.display_name"])
    .orderBy("e.effective_on", "desc").orderBy("e.id", "desc").execute();
  return rows.map((r) => ({
    id: r.id, effectiveOn: r.effective_on, title: r.title, document: r.document, fileName: r.file_name, appliedAt: r.applied_at,
    appliedBy: r.display_name ?? null, undoneAt: r.undone_at, isDemo: r.is_demo === 1, summary: safeJson(r.summary),
  }));
}

const safeJson = (s: string) => {
  try { return JSON.parse(s); } catch { return null; }
};

/**
 * Use case: undoes the latest reorganisation while nothing depends on it: no response stored at a
 * service point it opened, no later reorganisation. Every logged change is put back, in one
 * transaction; the event stays, marked undone, with an audit row.
 */
export async function undoReorganisation(db: Db, eventId: number, actorUserId: number | null, ip: string | null = null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ev = await trx.selectFrom("reorg_event").selectAll().where("id", "=", eventId).executeTakeFirst();
    if (!ev) throw new InputError("not_found", "Không tìm thấy lần sắp xếp này.", {}, 404);
    if (ev.undone_at) throw new InputError("invalid_state", "Lần sắp xếp này đã được hoàn tác.", {}, 409);
    const later = await trx.selectFrom("reorg_event").select(["title"]).where("undone_at", "is", null).where("id", "!=", eventId)
      .where((eb) => eb.or([eb("effective_on", ">", ev.effective_on), eb.and([eb("effective_on", "=", ev.effective_on), eb("id", ">", eventId)])])).executeTakeFirst();
    if (later) throw new InputError("invalid_state", `Không hoàn tác được: lần sắp xếp "${later.title}" áp dụng sau và dựa trên lần này. Hãy hoàn tác lần đó trước.`, {}, 409);
    const changes = await trx.selectFrom("reorg_change").selectAll().where("event_id", "=", eventId).orderBy("seq", "desc").execute();
    const newPoints = changes.filter((c) => c.op === "insert" && c.table_name === "service_point").map((c) => c.row_id);
    if (newPoints.length) {
      const used = await trx.selectFrom("response").select("id").where("service_point_id", "in", newPoints).limit(1).executeTakeFirst();
      if (used) throw new InputError("invalid_state", "Không hoàn tác được: đã có phiếu khảo sát tại điểm phục vụ do lần sắp xếp này mở.", {}, 409);
    }
    const newAgencies = changes.filter((c) => c.op === "insert" && c.table_name === "agency").map((c) => c.row_id);
    if (newAgencies.length) {
      const used = await trx.selectFrom("feedback_event").select("id").where("at", ">", ev.applied_at).where("kind", "!=", "transferred")
        .where((eb) => eb.or([eb("to_agency_id", "in", newAgencies), eb("from_agency_id", "in", newAgencies)])).limit(1).executeTakeFirst();
      if (used) throw new InputError("invalid_state", "Không hoàn tác được: cơ quan mới đã xử lý phản ánh sau lần sắp xếp này.", {}, 409);
    }
    for (const c of changes) {
      const table = c.table_name as "admin_unit";
      if (c.op === "insert") await trx.deleteFrom(table).where("id", "=", c.row_id).execute();
      else await trx.updateTable(table).set({ [c.column_name!]: JSON.parse(c.old_value ?? "null") } as never).where("id", "=", c.row_id).execute();
    }
    await trx.updateTable("reorg_event").set({ undone_at: new Date().toISOString(), undone_by: actorUserId }).where("id", "=", eventId).execute();
    await audit(trx, { userId: actorUserId, action: "org.reorganise.undo", entity: "reorg_event", entityId: eventId, before: { title: ev.title, effectiveOn: ev.effective_on }, ip });
  });
}
