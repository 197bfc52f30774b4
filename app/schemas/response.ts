import { z } from "zod";
import { CHANNELS } from "../domain/channels";


const ANSWER_MSG = "Mỗi câu trả lời phải là số nguyên từ 1 đến 5, hoặc null nếu không áp dụng.";
const likertValue = z.number({ error: ANSWER_MSG }).int(ANSWER_MSG).min(1, ANSWER_MSG).max(5, ANSWER_MSG).nullable();
// designer: other question types send other integers or text; each is checked against its question's type.
const TYPED_MSG = "Mỗi câu trả lời phải là số nguyên (1–5 với câu mức hài lòng), một đoạn văn bản tối đa 2.000 ký tự, hoặc null.";
const answerValue = z.union([likertValue, z.number({ error: TYPED_MSG }).int(TYPED_MSG).min(0, TYPED_MSG), z.string({ error: TYPED_MSG }).max(2000, TYPED_MSG)], { error: TYPED_MSG });

/** Body of POST /api/v1/responses. Messages say, in Vietnamese, what to fix. */
export const responseInput = z.object({
  questionnaire: z.string({ error: "Thiếu mã bảng hỏi (questionnaire)." }).trim().min(1, "Thiếu mã bảng hỏi (questionnaire).").max(64, "Mã bảng hỏi quá dài."),
  servicePoint: z.string({ error: "Thiếu mã điểm phục vụ (servicePoint)." }).trim().min(1, "Thiếu mã điểm phục vụ (servicePoint).").max(64, "Mã điểm phục vụ quá dài."),
  channel: z.enum(CHANNELS, { error: "Kênh (channel) phải là một trong: kiosk, online, paper, phone." }),
  answers: z
    .record(z.string().max(64, "Mã câu hỏi quá dài."), answerValue, { error: "answers phải là một đối tượng { mã câu hỏi: 1–5 hoặc null }." })
    .refine((a) => Object.keys(a).length > 0, "Phiếu chưa có câu trả lời nào.")
    .refine((a) => Object.keys(a).length <= 200, "Phiếu có quá nhiều câu trả lời."),
  idempotencyKey: z
    .string({ error: "Thiếu khóa chống gửi trùng (idempotencyKey)." })
    .trim()
    .min(8, "Khóa chống gửi trùng (idempotencyKey) phải dài từ 8 đến 128 ký tự.")
    .max(128, "Khóa chống gửi trùng (idempotencyKey) phải dài từ 8 đến 128 ký tự.")
    .regex(/^[A-Za-z0-9._:-]+$/, "Khóa chống gửi trùng chỉ gồm chữ không dấu, số và . _ : -"),
  dossierCode: z.string().trim().min(1).max(64, "Mã hồ sơ quá dài (tối đa 64 ký tự).").regex(/^[\p{L}\p{N}._/-]+$/u, "Mã hồ sơ chỉ gồm chữ, số và . _ / -").nullish(),
  procedureField: z.string().trim().max(64, "Mã lĩnh vực quá dài.").nullish(),
  submittedAt: z.iso.datetime({ offset: true, error: "Thời điểm gửi (submittedAt) phải theo ISO-8601, ví dụ 2024-06-17T09:30:00+07:00." }).nullish(),
  comment: z.string().max(2000, "Ý kiến tối đa 2.000 ký tự.").nullish(),
  /**
   * Kiosk, after a rating of 1 or 2 (issue 17): the reasons tapped (labels of the question's
   * spec.reasons) and, optionally, a request for a reply with a phone number. Becomes a routed
   * feedback item in the same transaction as the response.
   */
  followUp: z.object({
    reasons: z.array(z.string().trim().min(1).max(200, "Lý do quá dài.")).max(20, "Quá nhiều lý do.").default([]),
    wantsReply: z.boolean().default(false),
    phone: z.string().trim().max(20).nullish()
      .transform((v) => (v ? v.replace(/[\s.-]/g, "") : null))
      .refine((v) => v === null || /^(\+84|0)\d{9,10}$/.test(v), "Số điện thoại không hợp lệ (ví dụ 0912345678)."),
  }).refine((f) => !f.wantsReply || !!f.phone, { message: "Vui lòng nhập số điện thoại để được trả lời.", path: ["phone"] }).nullish(),
});

/** Turns zod issues into { "path": "message" } and a summary message. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    if (!out[key]) out[key] = issue.message;
  }
  return out;
}
