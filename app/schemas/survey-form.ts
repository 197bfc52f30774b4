import { z } from "zod";
import type { AnswerValue } from "../domain/index-tree";
import type { QuestionSpec } from "../domain/question-types";
import type { Lang } from "../i18n/format";

/**
 * The online survey as a plain HTML form (it must work without JavaScript). Field names:
 * servicePoint, dossierCode, procedureField, comment, idempotencyKey, and one radio group per
 * criterion named `answers.<code>` with the value "1"…"5" or "na" (không áp dụng).
 * Error keys are the same paths as the JSON API's (e.g. "answers.access.1", "servicePoint").
 */
export const NOT_APPLICABLE = "na";
export const ANSWER_CHOICES = ["1", "2", "3", "4", "5", NOT_APPLICABLE] as const;
type AnswerChoice = (typeof ANSWER_CHOICES)[number];

const MESSAGES = {
  vi: {
    required: "Vui lòng chọn một mức đánh giá, hoặc “Không áp dụng”.",
    point: "Vui lòng chọn nơi Ông/Bà đã nộp hồ sơ.",
    pointLong: "Mã nơi giải quyết hồ sơ quá dài.",
    dossierLong: "Mã hồ sơ quá dài (tối đa 64 ký tự).",
    dossierChars: "Mã hồ sơ chỉ gồm chữ, số và các dấu . _ / - (không có khoảng trắng).",
    field: "Lĩnh vực thủ tục không hợp lệ, vui lòng chọn lại.",
    comment: "Góp ý tối đa 2.000 ký tự, vui lòng rút gọn.",
    key: "Phiếu đã hết hạn, vui lòng tải lại trang và gửi lại.",
  },
  en: {
    required: "Please choose a rating, or “Not applicable”.",
    point: "Please choose where you filed your dossier.",
    pointLong: "The service point code is too long.",
    dossierLong: "The dossier code is too long (at most 64 characters).",
    dossierChars: "The dossier code may contain only letters, digits and . _ / - (no spaces).",
    field: "Invalid procedure field, please choose again.",
    comment: "Comments are limited to 2,000 characters, please shorten yours.",
    key: "This form has expired, please reload the page and send it again.",
  },
} as const;

export function surveyMessages(lang: Lang) {
  return MESSAGES[lang === "en" ? "en" : "vi"];
}

/** Empty strings from the form are "not given". */
const optionalText = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/** designer: the form field of one question of another type than the 1–5 scale. */
function typedAnswer(t: { type: string; spec: QuestionSpec }, lang: Lang): z.ZodType {
  const en = lang === "en";
  const fmt = (n: number) => n.toLocaleString(en ? "en-GB" : "vi-VN");
  switch (t.type) {
    case "yes_no":
      return z.enum(["1", "0"], { error: en ? "Please choose Yes or No." : "Vui lòng chọn Có hoặc Không." });
    case "choice": {
      const n = t.spec.options?.length ?? 0;
      const values = Array.from({ length: n }, (_, i) => String(i + 1)) as [string, ...string[]];
      return z.enum(values, { error: en ? "Please choose one of the options." : "Vui lòng chọn một phương án." });
    }
    case "number": {
      const min = t.spec.min ?? 0;
      const max = t.spec.max ?? 2_000_000_000;
      const msg = en ? `Please enter a whole number from ${fmt(min)} to ${fmt(max)} (digits only).` : `Vui lòng nhập số nguyên từ ${fmt(min)} đến ${fmt(max)} (chỉ gồm chữ số).`;
      return z.preprocess(
        (v) => (typeof v === "string" ? (v.replace(/[\s.,]/g, "") === "" ? undefined : v.replace(/[\s.,]/g, "")) : v),
        z.string().regex(/^\d+$/, msg).transform(Number).pipe(z.number().int(msg).min(min, msg).max(max, msg)).optional(),
      );
    }
    case "text": {
      const max = t.spec.maxLength ?? 2000;
      return optionalText(z.string().max(max, en ? `At most ${fmt(max)} characters, please shorten your answer.` : `Câu trả lời tối đa ${fmt(max)} ký tự, vui lòng rút gọn.`));
    }
    default:
      return z.enum(ANSWER_CHOICES, { error: surveyMessages(lang).required });
  }
}

/** The zod schema of the survey form for a questionnaire version's criteria (designer: and their types). */
export function surveyFormSchema(codes: string[], lang: Lang = "vi", types: Record<string, { type: string; spec: QuestionSpec }> = {}) {
  const m = surveyMessages(lang);
  const answer = z.enum(ANSWER_CHOICES, { error: m.required });
  const answers = z.object(Object.fromEntries(codes.map((c) => [c, types[c] && types[c].type !== "likert5" ? typedAnswer(types[c], lang) : answer])) as Record<string, typeof answer>);
  return z.object({
    servicePoint: z.string({ error: m.point }).trim().min(1, m.point).max(64, m.pointLong),
    dossierCode: optionalText(z.string().trim().max(64, m.dossierLong).regex(/^[\p{L}\p{N}._/-]+$/u, m.dossierChars)),
    procedureField: optionalText(z.string().trim().max(64, m.field)),
    comment: optionalText(z.string().max(2000, m.comment)),
    idempotencyKey: z.string({ error: m.key }).trim().min(8, m.key).max(128, m.key).regex(/^[A-Za-z0-9._:-]+$/, m.key),
    answers,
  });
}

/** What the citizen typed or chose, as strings, to show the form again after an error. */
export interface SurveyFormValues {
  servicePoint: string;
  dossierCode: string;
  procedureField: string;
  comment: string;
  idempotencyKey: string;
  answers: Record<string, string>;
  /** Screening answers by screen key: "1" yes, "0" no (issue 17). */
  screens?: Record<string, string>;
}

/** Reads the posted form into plain values (only known criteria; unknown fields are ignored). */
export function readSurveyForm(form: FormData, codes: string[]): SurveyFormValues {
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const answers: Record<string, string> = {};
  for (const c of codes) {
    const v = text(`answers.${c}`);
    if (v) answers[c] = v;
  }
  return {
    servicePoint: text("servicePoint"),
    dossierCode: text("dossierCode"),
    procedureField: text("procedureField"),
    comment: text("comment"),
    idempotencyKey: text("idempotencyKey"),
    answers,
    screens: {},
  };
}

/** "na" → null (không áp dụng), "1"…"5" → 1…5; designer: numbers stay numbers, free text stays text, skipped optional answers are left out. */
export function answerValues(
  answers: Record<string, AnswerChoice | string | number | undefined>,
  types: Record<string, { type: string }> = {},
): Record<string, AnswerValue | number | string> {
  const out: Record<string, AnswerValue | number | string> = {};
  for (const [k, v] of Object.entries(answers)) {
    if (v === undefined) continue;
    if (types[k]?.type === "text") out[k] = String(v);
    else out[k] = v === NOT_APPLICABLE ? null : (Number(v) as AnswerValue);
  }
  return out;
}

/** zod issues → { "answers.access.1": message }; the first message per field wins. */
export function surveyFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}
