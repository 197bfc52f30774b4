import { z } from "zod";
import { cleanText } from "../domain/text";
import { PERMISSIONS, ROLES } from "../domain/permissions";

/**
 * Forms of the admin pages (/quan-tri/*). Every form posts urlencoded fields; several actions in one
 * route are told apart by `intent`. Messages are Vietnamese and say what to fix.
 */

export const UNIT_LEVELS = ["province", "district", "commune"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
export const UNIT_LEVEL_LABEL: Record<UnitLevel, string> = { province: "Tỉnh", district: "Cấp huyện", commune: "Cấp xã (xã, phường, đặc khu)" };
/**
 * The levels a unit's parent may have (a province has none). Since 1 July 2025 communes sit
 * directly under the province; before, under a district: both trees are valid (docs/decisions/0012).
 */
export const PARENT_LEVELS: Record<UnitLevel, UnitLevel[]> = { province: [], district: ["province"], commune: ["province", "district"] };

export const AGENCY_KINDS = ["people_committee", "department", "office", "centre", "inspectorate", "other"] as const;
export const AGENCY_KIND_LABEL: Record<(typeof AGENCY_KINDS)[number], string> = {
  people_committee: "Ủy ban nhân dân",
  department: "Sở, ban, ngành",
  office: "Văn phòng",
  centre: "Trung tâm",
  inspectorate: "Thanh tra",
  other: "Khác",
};

export const POINT_KINDS = ["centre", "district_desk", "commune_desk"] as const;
export const POINT_KIND_LABEL: Record<(typeof POINT_KINDS)[number], string> = {
  centre: "Trung tâm Phục vụ HCC",
  district_desk: "Một cửa cấp huyện",
  commune_desk: "Một cửa cấp xã",
};

export const ROLE_LABEL: Record<(typeof ROLES)[number], string> = {
  admin: "Quản trị / điều phối",
  leader: "Lãnh đạo",
  agency_officer: "Cán bộ cơ quan",
  desk_officer: "Công chức Một cửa",
};
export const ROLE_SCOPE_HINT: Record<(typeof ROLES)[number], string> = {
  admin: "Toàn tỉnh: không chọn phạm vi.",
  leader: "Chọn một đơn vị hành chính (xem đơn vị đó và các đơn vị trực thuộc).",
  agency_officer: "Chọn một hoặc nhiều cơ quan (mỗi cơ quan một quyền).",
  desk_officer: "Chọn một điểm phục vụ.",
};

export const PERMISSION_LABEL: Record<(typeof PERMISSIONS)[number], string> = {
  "read:indices": "Xem chỉ số",
  "export:data": "Xuất dữ liệu",
  "manage:targets": "Quản lý chỉ tiêu",
  "read:feedback": "Xem phản ánh",
  "enter:feedback": "Nhập phản ánh",
  "answer:feedback": "Trả lời phản ánh",
  "transfer:feedback": "Chuyển phản ánh",
  "assign:feedback": "Giao xử lý phản ánh",
  "publish:feedback": "Công khai phản ánh",
  "manage:routing": "Quản lý luồng chuyển",
  "manage:org": "Quản lý tổ chức",
  "manage:users": "Quản lý người dùng",
  "manage:questionnaires": "Quản lý phiếu khảo sát",
  "manage:devices": "Quản lý thiết bị",
  "read:audit": "Xem nhật ký",
  "read:plans": "Xem kế hoạch",
  "report:plans": "Báo cáo kế hoạch",
  "manage:plans": "Quản lý kế hoạch",
  "import:paper": "Nhập phiếu khảo sát giấy",
};

// ---------------------------------------------------------------- building blocks

const text = (label: string, max: number) =>
  z
    .string({ error: `Vui lòng nhập ${label}.` })
    .trim()
    .min(1, `Vui lòng nhập ${label}.`)
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} quá dài (tối đa ${max} ký tự).`)
    .optional()
    .transform((v) => (v ? v : null));

/** A code such as BMT, UBND-BMT or MC-BMT-TANLOI: upper-case letters without marks, digits, dashes. */
const codeField = z
  .string({ error: "Vui lòng nhập mã." })
  .trim()
  .toUpperCase()
  .min(1, "Vui lòng nhập mã.")
  .max(40, "Mã quá dài (tối đa 40 ký tự).")
  .regex(/^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/, "Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (ví dụ: MC-BMT-TANLOI).");

/** A reference to another row by code; empty means none. */
const refCode = z
  .string()
  .trim()
  .toUpperCase()
  .max(40, "Mã quá dài.")
  .optional()
  .transform((v) => (v ? v : null));

const requiredRef = (what: string) =>
  z.string({ error: `Vui lòng chọn ${what}.` }).trim().toUpperCase().min(1, `Vui lòng chọn ${what}.`).max(40, "Mã quá dài.");

const enumField = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { error: message });

const idField = z.coerce.number({ error: "Mã số không hợp lệ." }).int("Mã số không hợp lệ.").positive("Mã số không hợp lệ.");

// ---------------------------------------------------------------- organisation

export const unitCreate = z.object({
  code: codeField,
  name: text("tên đơn vị", 200),
  nameEn: optionalText("tên tiếng Anh", 200),
  level: enumField(UNIT_LEVELS, "Vui lòng chọn cấp hành chính."),
  parent: refCode,
});
export const unitEdit = z.object({
  code: codeField,
  name: text("tên đơn vị", 200),
  nameEn: optionalText("tên tiếng Anh", 200),
  parent: refCode,
});
/** A row of a list, by code (deactivate / reactivate). */
export const rowCode = z.object({ code: codeField });

export const agencyCreate = z.object({
  code: codeField,
  name: text("tên cơ quan", 200),
  nameEn: optionalText("tên tiếng Anh", 200),
  kind: enumField(AGENCY_KINDS, "Vui lòng chọn loại cơ quan."),
  parent: refCode,
  unit: requiredRef("đơn vị hành chính mà cơ quan phục vụ"),
});
export const agencyEdit = agencyCreate;

export const pointCreate = z.object({
  code: codeField,
  name: text("tên điểm phục vụ", 200),
  nameEn: optionalText("tên tiếng Anh", 200),
  kind: enumField(POINT_KINDS, "Vui lòng chọn loại điểm phục vụ."),
  unit: requiredRef("đơn vị hành chính"),
  agency: requiredRef("cơ quan quản lý"),
});
export const pointEdit = pointCreate;

// ---------------------------------------------------------------- users and grants

const username = z
  .string({ error: "Vui lòng nhập tên đăng nhập." })
  .trim()
  .toLowerCase()
  .min(1, "Vui lòng nhập tên đăng nhập.")
  .regex(/^[a-z0-9][a-z0-9._-]{2,49}$/, "Tên đăng nhập gồm 3–50 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.");

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(200, "Email quá dài (tối đa 200 ký tự).")
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), "Email không đúng định dạng (ví dụ: ten@daklak.gov.vn).");

const password = (label: string) => z.string({ error: `Vui lòng nhập ${label}.` }).min(1, `Vui lòng nhập ${label}.`);

/** A role and its scope, by code: unit for a leader, agencies for an agency officer, a point for a desk officer. */
const grantFields = {
  role: enumField(ROLES, "Vui lòng chọn vai trò."),
  unit: refCode,
  agencies: z.array(z.string().trim().toUpperCase().max(40)).default([]).transform((a) => [...new Set(a.filter(Boolean))]),
  servicePoint: refCode,
};
export const grantAdd = z.object(grantFields);
export type GrantInput = z.infer<typeof grantAdd>;

export const userCreate = z.object({
  username,
  displayName: text("họ và tên", 120),
  email,
  password: password("mật khẩu ban đầu"),
  ...grantFields,
});
export type UserCreateInput = z.infer<typeof userCreate>;

export const userEdit = z.object({ displayName: text("họ và tên", 120), email });
export const passwordReset = z.object({ password: password("mật khẩu mới") });
export const grantDeactivate = z.object({ grantId: idField });

// ---------------------------------------------------------------- API tokens

export const tokenCreate = z.object({
  userId: z.coerce.number({ error: "Vui lòng chọn chủ token." }).int("Vui lòng chọn chủ token.").positive("Vui lòng chọn chủ token."),
  name: text("tên token (mục đích sử dụng)", 100),
  permissions: z
    .array(enumField(PERMISSIONS, "Có quyền không hợp lệ."))
    .min(1, "Chọn ít nhất một quyền cho token.")
    .transform((a) => [...new Set(a)]),
  days: z.coerce
    .number({ error: "Số ngày hiệu lực phải là số." })
    .int("Số ngày hiệu lực phải là số nguyên.")
    .min(1, "Số ngày hiệu lực ít nhất là 1.")
    .max(365, "Số ngày hiệu lực tối đa là 365."),
});
export const tokenRevoke = z.object({ tokenId: idField });

// ---------------------------------------------------------------- audit log filter (GET)

const day = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v), "Ngày phải có dạng năm-tháng-ngày (YYYY-MM-DD).");

export const auditFilter = z
  .object({
    user: z.string().trim().optional().transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null)),
    entity: z.string().trim().max(60).optional().transform((v) => (v ? v : null)),
    action: z.string().trim().max(60).optional().transform((v) => (v ? v : null)),
    from: day,
    to: day,
    page: z.string().optional().transform((v) => Math.max(1, Math.min(100_000, Number.parseInt(v ?? "1", 10) || 1))),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", path: ["to"] });
export type AuditFilter = z.infer<typeof auditFilter>;

// ---------------------------------------------------------------- helpers

/** Fields of a form; the names in `multi` (checkbox groups) become arrays. */
export function formFields(form: FormData, multi: string[] = []): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, raw] of form.entries()) {
    if (typeof raw !== "string") continue;
    // URL-encoded forms are cleaned by the request pipeline; the text fields of an upload form
    // (multipart) are cleaned here, the same way (app/domain/text.ts).
    const v = cleanText(raw);
    if (multi.includes(k)) out[k] = [...((out[k] as string[] | undefined) ?? []), v];
    else if (!(k in out)) out[k] = v;
  }
  for (const k of multi) if (!(k in out)) out[k] = [];
  return out;
}

/** The first message per field (path joined with dots; "_" for the form as a whole). */
export function zodFields(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_");
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}
