import { json } from "@remix-run/node";
import { ZodError } from "zod";
import { errorBody, InputError } from "./errors";
import { retryHeaders } from "./rate-limit.server";

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size limit; bad JSON is an InputError in Vietnamese. */
export async function readJson(request: Request, max = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    throw new InputError("unsupported_media_type", "Nội dung phải là JSON (Content-Type: application/json).", {}, 415);
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > max) throw new InputError("too_large", `Nội dung quá lớn (tối đa ${max / 1024} KB).`, {}, 413);
  const text = await request.text();
  if (Buffer.byteLength(text) > max) throw new InputError("too_large", `Nội dung quá lớn (tối đa ${max / 1024} KB).`, {}, 413);
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError("invalid_json", "Nội dung không phải JSON hợp lệ.", {}, 400);
  }
}

/** Runs an API handler: InputError → its 4xx JSON; anything else → a 500 JSON without details. */
export async function apiHandler(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Response) return e;
    if (e instanceof InputError) return json(errorBody(e), { status: e.status, headers: retryHeaders(e) });
    if (e instanceof ZodError) return json({ error: { code: "invalid_input", message: "Dữ liệu không hợp lệ.", fields: {} } }, { status: 400 });
    if ((e as { code?: string })?.code === "SQLITE_BUSY") {
      // Another writer (e.g. a large paper import) holds the database: the client retries with the same key.
      return json({ error: { code: "busy", message: "Hệ thống đang bận, vui lòng thử lại sau ít giây.", fields: {} } }, { status: 503, headers: { "Retry-After": "2" } });
    }
    console.error(e);
    return json({ error: { code: "server_error", message: "Lỗi máy chủ, vui lòng thử lại sau.", fields: {} } }, { status: 500 });
  }
}

export function methodNotAllowed(allowed: string): Response {
  return json({ error: { code: "method_not_allowed", message: `Phương thức không được hỗ trợ; dùng ${allowed}.`, fields: {} } }, { status: 405, headers: { Allow: allowed } });
}
