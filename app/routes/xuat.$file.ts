import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { localYear } from "../domain/periods";
import { db } from "../platform/db.server";
import {
  auditExport, CONTENT_TYPE, csvStream, EXPORT_DATASETS, EXPORT_FORMATS, exportFileName, exportScope, indicesBody,
  parseExportQuery, responsesBody, xlsxStream, type ExportDataset, type ExportFormat,
} from "../services/indices/exports.server";
import { apiHandler } from "../platform/http.server";
import { clientIp, requireApiPermission } from "../platform/session.server";

/**
 * GET /xuat/chi-so.csv|.xlsx and /xuat/phieu.csv|.xlsx ?unit=|agency=|point=&year=&period=&channel=
 * Indices of a scope, or its anonymised raw responses, streamed as they are produced.
 * 401 without a session or token, 403 without export:data in that scope; every export is audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const m = /^([a-z-]+)\.([a-z]+)$/.exec(params.file ?? "");
    const dataset = m?.[1] as ExportDataset | undefined;
    const format = m?.[2] as ExportFormat | undefined;
    if (!dataset || !format || !EXPORT_DATASETS.includes(dataset) || !EXPORT_FORMATS.includes(format)) {
      return json({ error: { code: "not_found", message: "Không có tệp xuất này. Dùng /xuat/chi-so.csv, /xuat/chi-so.xlsx, /xuat/phieu.csv hoặc /xuat/phieu.xlsx.", fields: {} } }, { status: 404 });
    }
    const user = await requireApiPermission(request, "export:data");
    const url = new URL(request.url);
    const q = parseExportQuery(url.searchParams, localYear(new Date()));
    const conn = db();
    const scope = await exportScope(conn, user, q);
    const body = dataset === "chi-so" ? await indicesBody(conn, scope, q) : await responsesBody(conn, scope, q);
    await auditExport(conn, user, dataset, format, scope, q, clientIp(request));
    const stream = format === "csv" ? csvStream(body, request.signal) : xlsxStream(body, request.signal);
    return new Response(stream, {
      headers: {
        "Content-Type": CONTENT_TYPE[format],
        "Content-Disposition": `attachment; filename="${exportFileName(dataset, scope, q, format)}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  });
}
