import { z } from "zod";
import type { Db } from "../../platform/db.server";
import { periodRange, type PeriodCode } from "../../domain/periods";
import { audit } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { computeChildUnits, computeIndices } from "./indices.server";
import type { Figure } from "../../domain/figure";

/**
 * Published results: the plans ask that survey results be made public. An admin publishes a
 * year's or a quarter's figures; a snapshot (province, its sub-indices, the district-level units,
 * each with n and 95 % interval) is stored in `setting` under `published_result:<period>`, so the
 * public page shows exactly what was published, is cheap to serve, and never shows a period that
 * was not published. Withdrawing deletes the row. Figures only: no response, no personal data.
 */
const PREFIX = "published_result:";

export interface PublishedFigure extends Figure {
  code: string;
  name: string;
}

interface PublishedResult {
  key: string;
  year: number;
  quarter: number | null;
  label: string;
  publishedAt: string;
  from: string;
  to: string;
  channels: string[];
  servicePoints: number;
  province: PublishedFigure & { subIndices: PublishedFigure[] };
  units: PublishedFigure[];
}

const ROMAN = ["I", "II", "III", "IV"];
const periodKey = (year: number, quarter: number | null) => (quarter ? `${year}-Q${quarter}` : String(year));
const periodTitle = (year: number, quarter: number | null) => (quarter ? `Quý ${ROMAN[quarter - 1]}/${year}` : `Năm ${year}`);

export const publishForm = z.object({
  year: z.coerce.number({ error: "Năm phải là số, ví dụ 2024." }).int("Năm phải là số nguyên.").min(2000, "Năm phải từ 2000 đến 2100.").max(2100, "Năm phải từ 2000 đến 2100."),
  quarter: z.string().optional().transform((v) => (v ? Number(v) : null)).refine((v) => v === null || [1, 2, 3, 4].includes(v), "Quý phải để trống (cả năm) hoặc là 1, 2, 3, 4."),
});
export const withdrawForm = z.object({ period: z.string().regex(/^\d{4}(-Q[1-4])?$/, "Kỳ không hợp lệ.") });

const figure = (x: { code: string; name: string; value: number | null; n: number; ciLow: number | null; ciHigh: number | null }): PublishedFigure =>
  ({ code: x.code, name: x.name, value: x.value, n: x.n, ciLow: x.ciLow, ciHigh: x.ciHigh });

/** Use case: publish (or republish with today's figures) a year or a quarter; audited. */
export async function publishResult(db: Db, input: z.infer<typeof publishForm>, actor: { userId: number | null; ip?: string | null }): Promise<PublishedResult> {
  const period: PeriodCode = input.quarter ? (`Q${input.quarter}` as PeriodCode) : "year";
  const range = periodRange(input.year, period);
  const [indices, units] = await Promise.all([
    computeIndices(db, { year: input.year, months: range.months }),
    computeChildUnits(db, { year: input.year, months: range.months }),
  ]);
  const root = indices.nodes[0];
  if (root.n === 0) throw new InputError("invalid_input", `Chưa có phiếu khảo sát nào trong ${periodTitle(input.year, input.quarter).toLowerCase()}: không có gì để công bố.`, { year: "Chọn kỳ đã có dữ liệu." }, 400);
  const key = periodKey(input.year, input.quarter);
  const snapshot: PublishedResult = {
    key, year: input.year, quarter: input.quarter, label: periodTitle(input.year, input.quarter), publishedAt: new Date().toISOString(),
    from: range.days.from, to: range.days.to, channels: indices.scope.channels, servicePoints: indices.scope.servicePoints,
    province: { ...figure({ ...root, name: indices.scope.name }), subIndices: root.children.filter((c) => c.kind === "node").map(figure) },
    units: [...units].sort((a, b) => a.name.localeCompare(b.name, "vi")).map(figure),
  };
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("setting").select("value").where("key", "=", PREFIX + key).executeTakeFirst();
    await trx.insertInto("setting").values({ key: PREFIX + key, value: JSON.stringify(snapshot) })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(snapshot) })).execute();
    await audit(trx, {
      userId: actor.userId, action: before ? "result.republish" : "result.publish", entity: "published_result", entityId: key,
      before: before ? { publishedAt: (JSON.parse(before.value) as PublishedResult).publishedAt } : undefined,
      after: { publishedAt: snapshot.publishedAt, value: root.value, n: root.n }, ip: actor.ip ?? null,
    });
  });
  return snapshot;
}

/** Use case: withdraw a published period; audited. */
export async function withdrawResult(db: Db, key: string, actor: { userId: number | null; ip?: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("setting").select("value").where("key", "=", PREFIX + key).executeTakeFirst();
    if (!row) throw new InputError("not_found", `Kỳ ${key} chưa được công bố.`, {}, 404);
    await trx.deleteFrom("setting").where("key", "=", PREFIX + key).execute();
    await audit(trx, { userId: actor.userId, action: "result.withdraw", entity: "published_result", entityId: key, before: { publishedAt: (JSON.parse(row.value) as PublishedResult).publishedAt }, ip: actor.ip ?? null });
  });
}

/** The published periods, newest first (years before their quarters). */
export async function listPublished(db: Db): Promise<PublishedResult[]> {
  const rows = await db.selectFrom("setting").select(["key", "value"]).where("key", "like", `${PREFIX}%`).execute();
  return rows.map((r) => JSON.parse(r.value) as PublishedResult)
    .sort((a, b) => b.year - a.year || (a.quarter ?? 0) - (b.quarter ?? 0));
}
