import { db } from "../../platform/db.server";
import { checkJsonHead, errorResult, parseJsonText, type ApiResult } from "../../platform/http.server";
import { submitResponse } from "./responses.server";
import { requireKioskDevice } from "./devices.server";
import { hitRateLimit, publicLimit } from "../../platform/rate-limit.server";
import { InputError } from "../../platform/errors";
import { userCan, userFromHeaders } from "../../platform/session.server";

// The ingest of POST /api/v1/responses (routes/api.v1.responses.ts). It lives outside the route
// module because server.mjs calls it too (through entry.server): a route module's own exports
// other than loader, action and headers reach the browser's bundle, and this one uses the database.

/** What the ingest needs of an HTTP request (server.mjs builds it straight from Node's request). */
export interface IngestRequest {
  contentType: string;
  contentLength: number;
  text: string;
  deviceToken: string | null;
  clientIp: string;
  /** Authorization and Cookie headers: paper and phone (interviewer) answers are entered by staff. */
  authorization?: string | null;
  cookie?: string | null;
}

/**
 * Channels whose answers a member of staff enters (a paper form typed in, a phone interview): they
 * need a session or token with enter:feedback at the service point, so an anonymous client cannot
 * add answers dated in a past year and move that year's figures and the baselines built on them.
 */
const STAFF_ENTERED = new Set(["paper", "phone"]);
async function requireStaffEntry(req: IngestRequest, servicePoint: unknown): Promise<void> {
  const user = await userFromHeaders(req.authorization, req.cookie);
  if (!user) throw new InputError("unauthorized", "Phiếu giấy và phiếu phỏng vấn qua điện thoại do cán bộ nhập: cần đăng nhập hoặc token truy cập (Authorization: Bearer …).", {}, 401);
  const point = typeof servicePoint === "string" ? await db().selectFrom("service_point").select("id").where("code", "=", servicePoint).executeTakeFirst() : undefined;
  if (!point || !(await userCan(user, "enter:feedback", { servicePointId: point.id }))) {
    throw new InputError("forbidden", "Không có quyền enter:feedback để nhập phiếu tại điểm phục vụ này.", {}, 403);
  }
}

/**
 * POST /api/v1/responses → 201 { id }; 200 { id } for a replay of the same idempotency key.
 * Channel "kiosk" needs the x-device-token of a paired device of that point (403 otherwise) and is
 * watched per device (flags); other channels are rate-limited per client address (429).
 * server.mjs calls this directly (the hot write path, see docs/decisions/0010-group-commit.md),
 * and so does the route's action.
 */
export async function ingest(req: IngestRequest): Promise<ApiResult> {
  try {
    checkJsonHead(req.contentType, req.contentLength);
    const body = parseJsonText(req.text);
    const claim = (body ?? {}) as { channel?: unknown; servicePoint?: unknown };
    let device: Awaited<ReturnType<typeof requireKioskDevice>> | null = null;
    if (claim.channel === "kiosk") device = await requireKioskDevice(db(), req.deviceToken, claim.servicePoint);
    else if (STAFF_ENTERED.has(String(claim.channel))) await requireStaffEntry(req, claim.servicePoint);
    else await hitRateLimit(db(), "responses", req.clientIp, publicLimit("responses"));
    const r = await submitResponse(db(), body, new Date(), { deviceId: device?.deviceId ?? null, point: device?.point });
    return { status: r.replay ? 200 : 201, body: { id: r.id, replay: r.replay, ...(r.flags?.length ? { flagged: true } : {}), ...(r.trackingCode ? { trackingCode: r.trackingCode } : {}) } };
  } catch (e) {
    return errorResult(e);
  }
}
