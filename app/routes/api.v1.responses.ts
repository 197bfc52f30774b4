import { json, type ActionFunctionArgs } from "@remix-run/node";
import { methodNotAllowed } from "../platform/http.server";
import { DEVICE_HEADER } from "../services/surveys/devices.server";
import { ingest } from "../services/surveys/ingest.server";

export async function loader() {
  return methodNotAllowed("POST");
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed("POST");
  const contentLength = Number(request.headers.get("content-length") ?? 0);
  const r = await ingest({
    contentType: request.headers.get("content-type") ?? "",
    contentLength,
    // A declared oversize body is refused by ingest before anything is read.
    text: contentLength > 64 * 1024 ? "" : await request.text(),
    deviceToken: request.headers.get(DEVICE_HEADER),
    clientIp: request.headers.get("x-hailong-client-ip") ?? "unknown",
    authorization: request.headers.get("authorization"),
    cookie: request.headers.get("cookie"),
  });
  return json(r.body, { status: r.status, headers: r.headers });
}
