import { json } from "@remix-run/node";
import type { z } from "zod";
import { zodFields, formFields } from "../schemas/admin";
import { InputError } from "./errors";
import type { Permission } from "../domain/permissions";
import { requirePermission, clientIp } from "./session.server";
// Form handling shared by every staff page: the posted form read and checked, one intent run, and
// a refusal answered with the message, the field errors and the values to show the form again.
/** Validates form fields with a schema; a failure is an InputError (400) with a message per field. */
export function parseForm<S extends z.ZodType>(schema: S, fields: unknown): z.infer<S> {
  const r = schema.safeParse(fields);
  if (r.success) return r.data;
  const byField = zodFields(r.error);
  const messages = Object.values(byField);
  const message = messages.length === 1 ? `Chưa lưu được: ${messages[0]}` : `Chưa lưu được: có ${messages.length} mục cần sửa (xem các ô được đánh dấu).`;
  throw new InputError("invalid_input", message, byField, 400);
}

export interface ActionFailure {
  ok: false;
  intent: string;
  target: string | null;
  message: string;
  fields: Record<string, string>;
  values: Record<string, string | string[]>;
}

const SECRET_FIELDS = new Set(["password"]);

/**
 * The start of an admin page's action: the permission checked, the posted form and its fields, the
 * intent named by the button, and the actor for the audit.
 */
export async function adminPost(request: Request, permission: Permission) {
  const user = await requirePermission(request, permission);
  const form = await request.formData();
  const fields = formFields(form);
  return { user, form, fields, intent: String(fields.intent ?? ""), actor: { userId: user.id, ip: clientIp(request) } };
}

/**
 * Runs one intent of an admin action: an InputError becomes a 4xx page with the message, the
 * field errors and the submitted values (never a password) so the form can be shown again.
 */
export async function runIntent(
  intent: string,
  fields: Record<string, string | string[]>,
  fn: () => Promise<Response>,
  target: string | null = null,
): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InputError) {
      const values = Object.fromEntries(Object.entries(fields).filter(([k]) => !SECRET_FIELDS.has(k)));
      const body: ActionFailure = { ok: false, intent, target, message: e.message, fields: e.fields, values };
      return json(body, { status: e.status });
    }
    throw e;
  }
}

export function unknownIntent(intent: string): Response {
  return json(
    { ok: false, intent, target: null, message: "Thao tác không hợp lệ. Hãy tải lại trang và thử lại.", fields: {}, values: {} } satisfies ActionFailure,
    { status: 400 },
  );
}
