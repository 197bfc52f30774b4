import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { DEVICE_HEADER, deviceByToken } from "../services/surveys/devices.server";
import { apiHandler } from "../platform/http.server";
import { InputError } from "../platform/errors";

/** GET /api/v1/devices/me with x-device-token → { device, point }; 403 when the token is unknown or revoked. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const d = await deviceByToken(db(), request.headers.get(DEVICE_HEADER));
    if (!d) throw new InputError("device_not_trusted", "Thiết bị kiosk chưa được ghép nối hoặc đã bị thu hồi.", {}, 403);
    return json({ device: { id: d.id, name: d.name }, point: { code: d.point_code, name: d.point_name } }, { headers: { "Cache-Control": "no-store" } });
  });
}
