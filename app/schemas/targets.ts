import { z } from "zod";
import { TARGET_KINDS } from "../domain/targets";

/**
 * Forms of the targets page (/quan-tri/chi-tieu), the alert settings and the acknowledgement of an
 * alert. Percentages are typed as people write them (85 or 85,5); messages say what to fix.
 */

/** "85", "85,5", "85.5", " 85 % " → 85.5; "" → null; anything else → NaN (refused by the schema). */
function parseDecimal(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  const s = String(v).trim().replace(/\s|%/g, "").replace(",", ".");
  if (s === "") return null;
  return /^[-+]?\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
}

const decimal = (label: string) =>
  z.preprocess(parseDecimal, z.number({ error: `${label} phải là một số, ví dụ 85 hoặc 85,5.` }).nullable());

const KIND_MSG = "Vui lòng chọn loại chỉ tiêu: mức tuyệt đối, tăng điểm %, tăng tương đối hoặc cải thiện.";

export const targetForm = z
  .object({
    year: z.coerce.number({ error: "Năm phải là số." }).int("Năm phải là số nguyên.").min(2000, "Năm phải từ 2000 đến 2100.").max(2100, "Năm phải từ 2000 đến 2100."),
    node: z.string({ error: "Vui lòng chọn chỉ số." }).trim().min(1, "Vui lòng chọn chỉ số.").max(64, "Mã chỉ số quá dài."),
    unit: z.string({ error: "Vui lòng chọn phạm vi (đơn vị hành chính)." }).trim().toUpperCase().min(1, "Vui lòng chọn phạm vi (đơn vị hành chính).").max(40, "Mã đơn vị quá dài."),
    kind: z.enum(TARGET_KINDS as [string, ...string[]], { error: KIND_MSG }),
    value: decimal("Giá trị chỉ tiêu"),
    baselineSource: z.enum(["stated", "measured"], { error: "Vui lòng chọn nguồn mức cơ sở: nêu trong kế hoạch hoặc đo được năm trước." }),
    baselineValue: decimal("Mức cơ sở"),
    pointTarget: decimal("Chỉ tiêu điểm"),
    note: z.string().trim().max(1000, "Ghi chú quá dài (tối đa 1.000 ký tự).").optional().transform((v) => (v ? v : null)),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (f.kind === "absolute") {
      if (f.value === null) issue("value", "Vui lòng nhập mức chỉ tiêu, ví dụ 85 (%).");
      else if (!(f.value > 0 && f.value <= 100)) issue("value", "Mức chỉ tiêu phải lớn hơn 0 và không quá 100 (%).");
    } else if (f.kind === "delta_pp") {
      if (f.value === null) issue("value", "Vui lòng nhập số điểm phần trăm cần tăng, ví dụ 3.");
      else if (!(f.value > 0 && f.value <= 50)) issue("value", "Số điểm phần trăm cần tăng phải lớn hơn 0 và không quá 50.");
    } else if (f.kind === "delta_rel") {
      if (f.value === null) issue("value", "Vui lòng nhập mức tăng tương đối (%), ví dụ 3.");
      else if (!(f.value > 0 && f.value <= 100)) issue("value", "Mức tăng tương đối phải lớn hơn 0 và không quá 100 (%).");
    } else if (f.value !== null) {
      issue("value", "Chỉ tiêu “cải thiện so với năm trước” không có giá trị: hãy để trống ô này.");
    }
    if (f.baselineSource === "stated") {
      if (f.baselineValue === null && f.kind !== "absolute") issue("baselineValue", "Vui lòng nhập mức cơ sở nêu trong kế hoạch (ví dụ 81,57), hoặc chọn “đo được năm trước”.");
      else if (f.baselineValue !== null && !(f.baselineValue >= 0 && f.baselineValue <= 100)) issue("baselineValue", "Mức cơ sở phải từ 0 đến 100 (%).");
    } else if (f.baselineValue !== null) {
      issue("baselineValue", "Mức cơ sở đo được lấy từ số liệu năm trước: hãy để trống ô này hoặc chọn “nêu trong kế hoạch”.");
    }
    if (f.pointTarget !== null && !(f.pointTarget >= 0 && f.pointTarget <= 100)) issue("pointTarget", "Chỉ tiêu điểm phải từ 0 đến 100.");
  })
  .transform((f) => ({
    ...f,
    // Stored as fractions: 85 % → 0.85, +3 points → 0.03.
    value: f.value === null ? null : f.value / 100,
    baselineValue: f.baselineValue === null ? null : f.baselineValue / 100,
  }));
export type TargetInput = z.infer<typeof targetForm>;

export const targetId = z.object({ id: z.coerce.number({ error: "Mã chỉ tiêu không hợp lệ." }).int("Mã chỉ tiêu không hợp lệ.").positive("Mã chỉ tiêu không hợp lệ.") });

const pct = (label: string, min: number, max: number) =>
  z.preprocess(
    parseDecimal,
    z.number({ error: `Vui lòng nhập ${label} (số, ví dụ 70).` }).min(min, `${label[0].toUpperCase()}${label.slice(1)} phải từ ${min} đến ${max}.`).max(max, `${label[0].toUpperCase()}${label.slice(1)} phải từ ${min} đến ${max}.`),
  );

export const alertSettingsForm = z.object({
  minSatisfaction: pct("ngưỡng hài lòng tối thiểu (%)", 1, 100),
  targetMargin: pct("mức thấp hơn chỉ tiêu (điểm %)", 0, 50),
  minResponses: z.coerce.number({ error: "Số phiếu tối thiểu phải là số nguyên." }).int("Số phiếu tối thiểu phải là số nguyên.").min(1, "Số phiếu tối thiểu phải từ 1 đến 10.000.").max(10_000, "Số phiếu tối thiểu phải từ 1 đến 10.000."),
  silenceLookbackDays: z.coerce.number({ error: "Số ngày phải là số nguyên." }).int("Số ngày phải là số nguyên.").min(1, "Số ngày xem lại phải từ 1 đến 90.").max(90, "Số ngày xem lại phải từ 1 đến 90."),
});

/**
 * The PAR points rule: linear, or bands written one per line as "min% → share%", e.g.
 * "90 → 100", "80 → 80" (a rate of at least 90 % earns all the points; at least 80 %, 80 % of them).
 */
export const pointsRuleForm = z
  .object({
    rule: z.enum(["linear", "bands"], { error: "Vui lòng chọn cách quy đổi: tuyến tính hoặc theo ngưỡng." }),
    bands: z.string().max(2000, "Danh sách ngưỡng quá dài.").optional().default(""),
  })
  .transform((f, ctx) => {
    if (f.rule === "linear") return { kind: "linear" as const };
    const lines = f.bands.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const bands: Array<{ min: number; share: number }> = [];
    for (const [i, line] of lines.entries()) {
      const m = /^(\d+(?:[.,]\d+)?)\s*%?\s*(?:→|->|=>|:|;|\s)\s*(\d+(?:[.,]\d+)?)\s*%?$/.exec(line);
      const min = m ? Number(m[1].replace(",", ".")) : Number.NaN;
      const share = m ? Number(m[2].replace(",", ".")) : Number.NaN;
      if (!(min >= 0 && min <= 100 && share >= 0 && share <= 100)) {
        ctx.addIssue({ code: "custom", path: ["bands"], message: `Dòng ${i + 1} (“${line.slice(0, 40)}”) chưa đúng: viết “tỷ lệ tối thiểu → phần trăm số điểm”, ví dụ “90 → 100”, hai số từ 0 đến 100.` });
        return z.NEVER;
      }
      bands.push({ min: min / 100, share: share / 100 });
    }
    if (bands.length === 0) {
      ctx.addIssue({ code: "custom", path: ["bands"], message: "Vui lòng nhập ít nhất một ngưỡng, ví dụ “90 → 100”." });
      return z.NEVER;
    }
    return { kind: "bands" as const, bands: bands.sort((a, b) => b.min - a.min) };
  });

export const acknowledgeForm = z.object({
  id: z.coerce.number({ error: "Mã cảnh báo không hợp lệ." }).int("Mã cảnh báo không hợp lệ.").positive("Mã cảnh báo không hợp lệ."),
  comment: z.string({ error: "Vui lòng ghi nhận xét." }).trim().min(3, "Vui lòng ghi nhận xét (ít nhất 3 ký tự): đã làm gì hoặc sẽ làm gì.").max(1000, "Nhận xét quá dài (tối đa 1.000 ký tự)."),
});
