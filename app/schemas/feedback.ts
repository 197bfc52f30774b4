import { z } from "zod";
import { FEEDBACK_KINDS } from "../domain/routing";


const noControl = (s: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s);

/** What a citizen (web form, API) or a desk officer sends. Messages in Vietnamese. */
export const feedbackInput = z.object({
  kind: z.enum(FEEDBACK_KINDS, { error: "Hãy chọn loại: góp ý, phản ánh, kiến nghị, khiếu nại hoặc tố cáo." }),
  topic: z.string().trim().max(64, "Mã lĩnh vực quá dài.").optional().nullable().transform((v) => v || null),
  unit: z.string().trim().max(64).optional().nullable().transform((v) => v || null),
  servicePoint: z.string().trim().max(64).optional().nullable().transform((v) => v || null),
  text: z
    .string({ error: "Hãy nhập nội dung." })
    .trim()
    .min(10, "Nội dung quá ngắn: hãy mô tả rõ hơn (ít nhất 10 ký tự).")
    .max(5000, "Nội dung quá dài (tối đa 5.000 ký tự).")
    .refine(noControl, "Nội dung có ký tự không hợp lệ."),
  contactName: z.string().trim().max(120, "Họ tên quá dài.").optional().nullable().transform((v) => v || null),
  contactPhone: z
    .string()
    .trim()
    .optional()
    .nullable()
    .transform((v) => (v ? v.replace(/[\s.-]/g, "") : null))
    .refine((v) => v === null || /^(\+84|0)\d{9,10}$/.test(v), "Số điện thoại không hợp lệ (ví dụ 0912345678)."),
  contactEmail: z.string().trim().max(200).optional().nullable().transform((v) => v || null)
    .refine((v) => v === null || z.email().safeParse(v).success, "Email không hợp lệ."),
  consentPublish: z.union([z.boolean(), z.literal("on"), z.literal("1"), z.literal("true"), z.literal("")]).optional()
    .transform((v) => v === true || v === "on" || v === "1" || v === "true"),
  /** issue 17: where the problem is, in the sender's words (optional). */
  place: z.string().trim().max(300, "Địa điểm tối đa 300 ký tự.").optional().nullable().transform((v) => v || null),
  // No ":" in a sender's key: "kiosk:<key>" is the namespace of the comments a kiosk turns into feedback.
  idempotencyKey: z.string().trim().min(8).max(128).regex(/^[A-Za-z0-9._-]+$/, "Khóa chống gửi trùng không hợp lệ.").optional().nullable(),
});

export const trackingCodeSchema = z.string().trim().toUpperCase().regex(/^[2-9A-HJ-NP-Z]{4}-?[2-9A-HJ-NP-Z]{4}$/, "Mã tra cứu gồm 8 ký tự, ví dụ 7KQM-42XD.");
