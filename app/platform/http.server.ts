import { json } from "@remix-run/node";
import { ZodError } from "zod";
import { errorBody, InputError } from "./errors";
import { retryHeaders } from "./rate-limit.server";
import { cleanJsonValue } from "../domain/text";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from "../domain/evidence";
import { isBusy } from "./db.server";

/**
 * Largest request bodies the server reads, by kind; server.mjs checks the declared length before
 * reading and stops reading when a body without one grows past it (413). Form fields are small;
 * uploads (evidence, CSV imports) are bounded by the largest one, the plan evidence.
 */
export const BODY_LIMITS = {
  form: 256 * 1024,
  json: 1024 * 1024,
  multipart: EVIDENCE_MAX_FILES * EVIDENCE_MAX_BYTES + 1024 * 1024,
} as const;

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body with a size limit; bad JSON is an InputError in Vietnamese. */
export async function readJson(request: Request, max = MAX_JSON_BYTES): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  checkJsonHead(type, Number(request.headers.get("content-length") ?? 0), max);
  return parseJsonText(await request.text(), max);
}

/** Content type and declared length of a JSON body, checked before it is read. */
export function checkJsonHead(contentType: string, declaredLength: number, max = MAX_JSON_BYTES): void {
  if (!contentType.includes("application/json")) {
    throw new InputError("unsupported_media_type", "Nội dung phải là JSON (Content-Type: application/json).", {}, 415);
  }
  if (declaredLength > max) throw new InputError("too_large", `Nội dung quá lớn (tối đa ${max / 1024} KB).`, {}, 413);
}

/** A JSON body's text, size-checked and parsed. */
export function parseJsonText(text: string, max = MAX_JSON_BYTES): unknown {
  if (Buffer.byteLength(text) > max) throw new InputError("too_large", `Nội dung quá lớn (tối đa ${max / 1024} KB).`, {}, 413);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InputError("invalid_json", "Nội dung không phải JSON hợp lệ.", {}, 400);
  }
  // Unicode NFC, no NUL, no bidi overrides (app/domain/text.ts); plain ASCII needs no pass.
  return /[^\x20-\x7E\t\n\r]|\\u/.test(text) ? cleanJsonValue(value) : value;
}

/** An API answer as plain data (the hot ingest path writes it without building a Response). */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The API answer for an error: InputError → its 4xx; anything else → a 500 without details. */
export function errorResult(e: unknown): ApiResult {
  if (e instanceof InputError) return { status: e.status, body: errorBody(e), headers: retryHeaders(e) };
  if (e instanceof ZodError) return { status: 400, body: { error: { code: "invalid_input", message: "Dữ liệu không hợp lệ.", fields: {} } } };
  if (isBusy(e)) {
    // Another writer (e.g. a large paper import) holds the database: the client retries with the same key.
    return { status: 503, body: { error: { code: "busy", message: "Hệ thống đang bận, vui lòng thử lại sau ít giây.", fields: {} } }, headers: { "Retry-After": "2" } };
  }
  console.error(e);
  return { status: 500, body: { error: { code: "server_error", message: "Lỗi máy chủ, vui lòng thử lại sau.", fields: {} } } };
}

/** Runs an API handler: InputError → its 4xx JSON; anything else → a 500 JSON without details. */
export async function apiHandler(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Response) return e;
    const r = errorResult(e);
    return json(r.body, { status: r.status, headers: r.headers });
  }
}

export function methodNotAllowed(allowed: string): Response {
  return json({ error: { code: "method_not_allowed", message: `Phương thức không được hỗ trợ; dùng ${allowed}.`, fields: {} } }, { status: 405, headers: { Allow: allowed } });
}

/**
 * A refusal of bad input (InputError) that escapes a route's loader or action, as the HTTP answer
 * it stands for: its 4xx with the Vietnamese message (and Retry-After for a 429), rendered by the
 * route's error boundary, never a 500. server.mjs wraps every route module's loader and action
 * with this once; anything else stays an error.
 */
export function refusalResponse(e: unknown): Response | null {
  if (!(e instanceof InputError)) return null;
  return new Response(e.message, { status: e.status, statusText: e.code, headers: { "Content-Type": "text/plain; charset=utf-8", ...retryHeaders(e) } });
}
