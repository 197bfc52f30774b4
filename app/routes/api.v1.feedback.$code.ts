import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { hitRateLimit, publicLimit } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";
import { publicTracking } from "../services/feedback/feedback-public.server";
import { apiHandler, methodNotAllowed } from "../platform/http.server";

/** GET /api/v1/feedback/<code> → the public tracking view (no personal data); 404 when unknown. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    await hitRateLimit(db(), "lookup", clientIp(request), publicLimit("lookup"));
    const view = await publicTracking(db(), params.code ?? "");
    if (!view) {
      // The same answer for a code of the wrong shape and for one that does not exist.
      return json({ error: { code: "not_found", message: "Không tìm thấy mã tra cứu.", fields: {} } }, { status: 404, headers: { "Cache-Control": "no-store" } });
    }
    return json(view, { headers: { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
