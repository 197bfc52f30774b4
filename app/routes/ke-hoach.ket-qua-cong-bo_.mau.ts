import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../platform/session.server";
import { officialTemplate } from "../services/plans/official-import.server";

/** GET /ke-hoach/ket-qua-cong-bo/mau?dang=xlsx|csv — the template of the official results file, with Vietnamese headers. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:plans");
  const t = await officialTemplate(new URL(request.url).searchParams.get("dang") === "csv" ? "csv" : "xlsx");
  return new Response(new Uint8Array(t.body), {
    headers: { "Content-Type": t.contentType, "Content-Disposition": `attachment; filename="${t.fileName}"`, "Cache-Control": "no-store" },
  });
}
