import { json, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { submitCitizenFeedback } from "../services/feedback/feedback-public.server";
import { apiHandler, methodNotAllowed, readJson } from "../platform/http.server";
import { hitRateLimit, publicLimit } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";

export async function loader() {
  return methodNotAllowed("POST");
}

/**
 * POST /api/v1/feedback (JSON, the fields of the public form) → 201 { trackingCode, trackUrl };
 * 200 for a replay of the same idempotencyKey; 4xx { error: { code, message, fields } } storing nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    await hitRateLimit(db(), "feedback", clientIp(request), publicLimit("feedback"));
    const body = await readJson(request);
    const r = await submitCitizenFeedback(db(), body, "api");
    const trackUrl = new URL(`/tra-cuu/${r.trackingCode}`, request.url).toString();
    return json({ trackingCode: r.trackingCode, trackUrl, replay: r.replay }, { status: r.replay ? 200 : 201, headers: { "Cache-Control": "no-store" } });
  });
}
