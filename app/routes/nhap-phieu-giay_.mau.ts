import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { ImportSetupError } from "../services/surveys/import.server";
import { paperTemplate } from "../services/surveys/paper-templates.server";
import { importScope } from "../services/surveys/paper-upload.server";
import { requirePermission } from "../platform/session.server";

/** GET /nhap-phieu-giay/mau?bang-hoi=sipas&dang=xlsx|csv — the template for paper forms of a questionnaire version. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import:paper");
  const url = new URL(request.url);
  const format = url.searchParams.get("dang") === "csv" ? "csv" : "xlsx";
  const code = url.searchParams.get("bang-hoi") ?? "sipas";
  const scope = await importScope(db(), user);
  try {
    const t = await paperTemplate(db(), code.slice(0, 64), format, scope.points[0]?.code ?? null);
    return new Response(new Uint8Array(t.body), {
      headers: {
        "Content-Type": t.contentType,
        "Content-Disposition": `attachment; filename="${t.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof ImportSetupError) throw new Response("Không có mẫu phiếu giấy cho bảng hỏi này.", { status: 404 });
    throw e;
  }
}
