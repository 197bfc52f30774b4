import { json, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "../services/db.server";
import { apiHandler, methodNotAllowed, readJson } from "../services/http.server";
import { submitResponse } from "../services/responses.server";
import { DEVICE_HEADER, requireKioskDevice } from "../services/devices.server";
import { hitRateLimit, publicLimit } from "../services/rate-limit.server";
import { clientIp } from "../services/session.server";

export async function loader() {
  return methodNotAllowed("POST");
}

/**
 * POST /api/v1/responses → 201 { id }; 200 { id } for a replay of the same idempotency key.
 * Channel "kiosk" needs the x-device-token of a paired device of that point (403 otherwise) and is
 * watched per device (flags); other channels are rate-limited per client address (429).
 */
export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const body = await readJson(request);
    const claim = (body ?? {}) as { channel?: unknown; servicePoint?: unknown };
    let deviceId: number | null = null;
    if (claim.channel === "kiosk") deviceId = await requireKioskDevice(db(), request.headers.get(DEVICE_HEADER), claim.servicePoint);
    else await hitRateLimit(db(), "responses", clientIp(request), publicLimit("responses"));
    const r = await submitResponse(db(), body, new Date(), { deviceId });
    return json({ id: r.id, replay: r.replay, ...(r.flags?.length ? { flagged: true } : {}) }, { status: r.replay ? 200 : 201 });
  });
}
