import { json, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { redeemPairingCode } from "../services/surveys/devices.server";
import { apiHandler, methodNotAllowed, readJson } from "../platform/http.server";
import { hitRateLimit, parseLimit } from "../platform/rate-limit.server";
import { clientIp } from "../platform/session.server";

export async function loader() {
  return methodNotAllowed("POST");
}

/** POST /api/v1/devices/pair { code } → 201 { token, device, point }: a tablet redeems its one-time pairing code. */
export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    // Guessing codes is slow: 10 tries per 10 minutes per address.
    await hitRateLimit(db(), "pair", clientIp(request), parseLimit(process.env.PAIRING_RATE_LIMIT, { count: 10, windowSeconds: 600 }));
    const body = (await readJson(request)) as { code?: unknown };
    const r = await redeemPairingCode(db(), typeof body?.code === "string" ? body.code : "", clientIp(request));
    return json(r, { status: 201, headers: { "Cache-Control": "no-store" } });
  });
}
