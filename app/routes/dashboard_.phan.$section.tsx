import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { dashboardSection } from "../services/indices/dashboard-pages.server";

/**
 * GET /dashboard/phan/<section>?year=&channel=&unit=&tree= — one folded section of a unit's
 * dashboard overview as JSON (don-vi, diem, yeu-nhat, xu-huong, tieu-chi), loaded when the
 * reader opens it. Same permission as /dashboard; errors answer { ok: false, message } with 4xx.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const result = await dashboardSection(request, params.section);
  return json(result.body, { status: result.status, headers: { "Cache-Control": "private, no-store" } });
}
