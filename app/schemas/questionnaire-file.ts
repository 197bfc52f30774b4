import { z } from "zod";
import { INDEX_KINDS } from "../domain/index-kinds";
import { QUESTION_TYPES } from "../domain/question-types";
import { CHANNELS } from "../domain/channels";

/**
 * A questionnaire as a JSON file (export/import in the designer, sector templates in
 * db/seed/templates/). Written once here; the published JSON Schema is derived from it with
 * z.toJSONSchema (GET /api/v1/schemas/questionnaire.json). Messages say, in Vietnamese, what to fix.
 */
export const QUESTIONNAIRE_FORMAT = "hailong.questionnaire/1";

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const code = (what: string) =>
  z.string({ error: `Thiếu ${what}.` }).trim().min(1, `Thiếu ${what}.`).max(64, `${what} tối đa 64 ký tự.`)
    .regex(CODE_RE, `${what} chỉ gồm chữ không dấu, số và . _ - (bắt đầu bằng chữ hoặc số).`);
const text = (what: string, max = 500) => z.string({ error: `Thiếu ${what}.` }).trim().min(1, `Thiếu ${what}.`).max(max, `${what} tối đa ${max} ký tự.`);
const textEn = (what: string, max = 500) => z.string({ error: `${what} phải là chuỗi ký tự.` }).trim().max(max, `${what} tối đa ${max} ký tự.`).nullish();
const score = z.number({ error: "Điểm phải là một số từ 0 đến 1 (hoặc null nếu không tính điểm)." })
  .min(0, "Điểm phải từ 0 đến 1.").max(1, "Điểm phải từ 0 đến 1.").nullable();


const indexNodeFile = z.object({
  code: code("mã nút chỉ số"),
  parent: code("mã nút cha").nullable().describe("Mã nút cha; null cho gốc (chính là chỉ số)."),
  name: text("tên nút chỉ số (tiếng Việt)", 300),
  nameEn: textEn("tên nút chỉ số (tiếng Anh)", 300),
  weight: z.number({ error: "Trọng số phải là một số dương." }).positive("Trọng số phải là một số dương.").max(1000, "Trọng số tối đa 1000.").nullish(),
});

const optionFile = z.object({
  label: text("nhãn phương án (tiếng Việt)", 200),
  labelEn: textEn("nhãn phương án (tiếng Anh)", 200),
  score: score.describe("Điểm của phương án trong [0, 1]; null = không tính điểm."),
});

export const questionFile = z.object({
  code: code("mã câu hỏi"),
  node: code("mã nút chỉ số của câu hỏi"),
  type: z.enum(QUESTION_TYPES, { error: `Loại câu hỏi phải là một trong: ${QUESTION_TYPES.join(", ")}.` }),
  text: text("nội dung câu hỏi (tiếng Việt)", 500),
  textEn: textEn("nội dung câu hỏi (tiếng Anh)", 500),
  options: z.array(optionFile, { error: "options phải là một danh sách phương án." }).max(20, "Tối đa 20 phương án.").optional(),
  yesScore: score.optional(),
  noScore: score.optional(),
  min: z.number({ error: "min phải là số nguyên." }).int("min phải là số nguyên.").min(0, "min không được âm.").optional(),
  max: z.number({ error: "max phải là số nguyên." }).int("max phải là số nguyên.").max(2_000_000_000, "max tối đa 2.000.000.000.").optional(),
  unit: textEn("đơn vị", 30),
  unitEn: textEn("đơn vị (tiếng Anh)", 30),
  scoring: z.enum(["none", "zero_best", "lower_better", "higher_better"], { error: "scoring phải là none, zero_best, lower_better hoặc higher_better." }).optional(),
  scoreAt: z.number({ error: "scoreAt phải là số dương." }).positive("scoreAt phải là số dương.").nullish(),
  maxLength: z.number({ error: "maxLength phải là số nguyên." }).int("maxLength phải là số nguyên.").min(1, "maxLength tối thiểu 1.").max(2000, "maxLength tối đa 2000.").optional(),
});

export const questionnaireFile = z
  .object({
    format: z.literal(QUESTIONNAIRE_FORMAT, { error: `format phải là "${QUESTIONNAIRE_FORMAT}".` }),
    code: code("mã bảng hỏi"),
    slug: z.string({ error: "Thiếu đường dẫn (slug)." }).trim().min(1, "Thiếu đường dẫn (slug).").max(64, "Đường dẫn tối đa 64 ký tự.")
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Đường dẫn (slug) chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ: y-te-benh-vien."),
    name: text("tên bảng hỏi (tiếng Việt)", 300),
    nameEn: textEn("tên bảng hỏi (tiếng Anh)", 300),
    intro: textEn("lời giới thiệu (tiếng Việt)", 2000),
    introEn: textEn("lời giới thiệu (tiếng Anh)", 2000),
    channels: z.array(z.enum(CHANNELS, { error: "Kênh phải là kiosk, online, paper hoặc phone." }), { error: "channels phải là danh sách kênh." })
      .min(1, "Chọn ít nhất một kênh hiển thị bảng hỏi."),
    index: z.object({
      code: code("mã chỉ số"),
      kind: z.enum(INDEX_KINDS, { error: `Loại chỉ số phải là một trong: ${INDEX_KINDS.join(", ")}.` }),
      nodes: z.array(indexNodeFile, { error: "index.nodes phải là danh sách nút chỉ số." }).min(1, "Cây chỉ số cần ít nhất nút gốc.").max(500, "Tối đa 500 nút chỉ số."),
    }),
    questions: z.array(questionFile, { error: "questions phải là danh sách câu hỏi." }).min(1, "Bảng hỏi cần ít nhất một câu hỏi.").max(200, "Tối đa 200 câu hỏi."),
  })
  .superRefine((f, ctx) => {
    const nodes = new Set<string>();
    f.index.nodes.forEach((n, i) => {
      if (nodes.has(n.code)) ctx.addIssue({ code: "custom", path: ["index", "nodes", i, "code"], message: `Mã nút "${n.code}" bị trùng.` });
      nodes.add(n.code);
    });
    const roots = f.index.nodes.filter((n) => n.parent === null);
    if (roots.length !== 1 || roots[0].code !== f.index.code) {
      ctx.addIssue({ code: "custom", path: ["index", "nodes"], message: `Cây chỉ số cần đúng một nút gốc (parent: null) có mã "${f.index.code}".` });
    }
    f.index.nodes.forEach((n, i) => {
      if (n.parent !== null && !nodes.has(n.parent)) ctx.addIssue({ code: "custom", path: ["index", "nodes", i, "parent"], message: `Nút cha "${n.parent}" không có trong cây chỉ số.` });
    });
    const codes = new Set<string>();
    f.questions.forEach((q, i) => {
      if (codes.has(q.code)) ctx.addIssue({ code: "custom", path: ["questions", i, "code"], message: `Mã câu hỏi "${q.code}" bị trùng.` });
      codes.add(q.code);
      if (!nodes.has(q.node)) ctx.addIssue({ code: "custom", path: ["questions", i, "node"], message: `Nút chỉ số "${q.node}" không có trong cây chỉ số.` });
      if (q.type === "choice" && (q.options?.length ?? 0) < 2) {
        ctx.addIssue({ code: "custom", path: ["questions", i, "options"], message: "Câu hỏi chọn một phương án cần ít nhất 2 phương án." });
      }
      if (q.type === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max) {
        ctx.addIssue({ code: "custom", path: ["questions", i, "max"], message: "max phải lớn hơn hoặc bằng min." });
      }
    });
  });

export type QuestionnaireFile = z.infer<typeof questionnaireFile>;
export type QuestionFile = z.infer<typeof questionFile>;

/** The published JSON Schema (draft 2020-12) of a questionnaire file. */
export function questionnaireJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(questionnaireFile, { io: "input", unrepresentable: "any" }),
    $id: "/api/v1/schemas/questionnaire.json",
    title: "Hài Lòng questionnaire file",
    description: "Một bảng hỏi (câu hỏi, loại, phương án có điểm, bản dịch vi/en, ánh xạ vào cây chỉ số, kênh hiển thị).",
  };
}

/** zod issues → "questions.2.options: message" lines (Vietnamese, naming the path). */
export function fileErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "(tệp)";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}
