import type { LoaderFunctionArgs } from "@remix-run/node";
import { viDay } from "../domain/days";
import { csvLine } from "../platform/csv.server";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { clientIp, requirePermission } from "../platform/session.server";
import { commentFilter } from "../schemas/comments";
import { zodFields } from "../schemas/admin";
import { readComments } from "../services/indices/comments.server";
import { auditCommentsExport } from "../services/indices/exports.server";

const HEADERS = ["Ngày", "Đơn vị", "Điểm phục vụ", "Kênh", "Mức đánh giá thấp nhất", "Mức đánh giá trung bình", "Câu hỏi", "Ý kiến (đã che thông tin cá nhân)", "Mã phản ánh"];

/**
 * GET /y-kien.csv?… — the filtered comments of /y-kien as CSV (UTF-8 with BOM, Vietnamese headers,
 * dd/mm/yyyy dates): one line per text, masked as on the page; at most 20,000 responses, newest first.
 * Every download is audited (export.comments), as the other exports are.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const url = new URL(request.url);
  const parsed = commentFilter.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return new Response(`Bộ lọc chưa hợp lệ: ${Object.values(zodFields(parsed.error)).join(" ")}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  let data;
  try {
    data = await readComments(db(), user, parsed.data, { all: true });
  } catch (e) {
    if (e instanceof InputError) return new Response(e.message, { status: e.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
  let out = `\uFEFF${csvLine(HEADERS)}`;
  for (const r of data.rows) {
    for (const t of r.texts) {
      out += csvLine([viDay(r.day), r.unitName, r.pointName, r.channel, r.minRating, r.avgRating, t.question ?? "Ý kiến chung", t.text, r.feedback?.code ?? null]);
    }
  }
  const { channel, year, month, rating } = parsed.data;
  await auditCommentsExport(db(), user, data.scope, { channel, year, month, rating }, data.rows.length, clientIp(request));
  const name = `y-kien-${data.scope.pointCode ?? data.scope.unitCode}.csv`.replace(/[^A-Za-z0-9._-]/g, "-");
  return new Response(out, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
