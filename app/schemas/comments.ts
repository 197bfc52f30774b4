import { z } from "zod";
import { CHANNELS } from "../domain/channels";

/**
 * The filter of the citizens' comments page (/y-kien): URL parameters, every one optional.
 * rating = the response's LOWEST rating (1–5) across its 1–5 questions (of the criterion, when one is chosen).
 */
const code = z.string().trim().max(60).regex(/^[A-Za-z0-9._-]+$/, "Mã không hợp lệ.");
const optional = <T extends z.ZodTypeAny>(s: T) => z.preprocess((v) => (v === "" || v === undefined ? undefined : v), s.optional());

export const commentFilter = z
  .object({
    unit: optional(code).transform((v) => v ?? null),
    point: optional(code).transform((v) => v ?? null),
    criterion: optional(code).transform((v) => v ?? null),
    channel: optional(z.enum(CHANNELS, { message: "Kênh không hợp lệ." })).transform((v) => v ?? null),
    year: optional(z.coerce.number({ message: "Năm phải là số." }).int("Năm phải là số nguyên.").min(2000, "Năm phải từ 2000.").max(2100, "Năm không hợp lệ."))
      .transform((v) => v ?? null),
    month: optional(z.coerce.number({ message: "Tháng phải là số." }).int("Tháng phải là số nguyên.").min(1, "Tháng từ 1 đến 12.").max(12, "Tháng từ 1 đến 12."))
      .transform((v) => v ?? null),
    rating: optional(z.coerce.number({ message: "Mức đánh giá phải là số." }).int("Mức đánh giá từ 1 đến 5.").min(1, "Mức đánh giá từ 1 đến 5.").max(5, "Mức đánh giá từ 1 đến 5."))
      .transform((v) => v ?? null),
    sort: optional(z.enum(["moi", "thap"], { message: "Cách sắp xếp không hợp lệ." })).transform((v) => v ?? "moi"),
    page: optional(z.coerce.number({ message: "Trang phải là số." }).int("Trang phải là số nguyên.").min(1, "Trang từ 1.").max(100_000, "Trang quá lớn."))
      .transform((v) => v ?? 1),
  })
  .refine((f) => f.month === null || f.year !== null, { message: "Chọn năm khi lọc theo tháng.", path: ["month"] });

export type CommentFilter = z.infer<typeof commentFilter>;
