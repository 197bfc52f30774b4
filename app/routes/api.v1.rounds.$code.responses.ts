import { json, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { apiHandler, methodNotAllowed, readJson } from "../platform/http.server";
import { enterRoundForm, entryPoints, roundByCode } from "../services/rounds/rounds.server";
import { requireApiPermission } from "../platform/session.server";

export async function loader() {
  return methodNotAllowed("POST");
}

const text = z.string().max(4000).nullish().transform((v) => v ?? "");
/** The interview as the form has it (strings): the same checks as the form post of /dot-khao-sat/<code>/nhap. */
const body = z.object({
  servicePoint: text,
  idempotencyKey: text,
  comment: text,
  answers: z.record(z.string().max(64), z.string().max(4000)).refine((a) => Object.keys(a).length <= 200, "Phiếu có quá nhiều câu trả lời."),
}, { error: "Nội dung phải là { servicePoint, idempotencyKey, answers, comment }." });

/**
 * POST /api/v1/rounds/<code>/responses → 201 { id }; 200 { id, replay } for a replay of the same
 * idempotency key. The interviewer's session (enter:feedback at a point of the round's quota
 * units); sent by the tablet's offline outbox (app/components/kiosk/offline-queue.ts).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const user = await requireApiPermission(request, "enter:feedback");
    const detail = await roundByCode(db(), params.code ?? "");
    if (!detail) throw new InputError("not_found", "Không có đợt khảo sát này.", {}, 404);
    if ((await entryPoints(db(), user, detail)).length === 0) {
      throw new InputError("forbidden", "Anh/chị không được giao nhập phiếu cho đơn vị nào của đợt này.", {}, 403);
    }
    const parsed = body.safeParse(await readJson(request));
    if (!parsed.success) throw new InputError("invalid_input", parsed.error.issues[0]?.message ?? "Dữ liệu không hợp lệ.", {}, 400);
    const r = await enterRoundForm(db(), user, detail, { ...parsed.data, dossierCode: "", procedureField: "" });
    if (!r.ok) {
      const { _: message, ...fields } = r.errors;
      throw new InputError(r.status === 422 ? "invalid_input" : "refused", message ?? "Phiếu chưa hợp lệ, vui lòng kiểm tra các trường được nêu.", fields, r.status);
    }
    return json({ id: r.id, replay: r.replay }, { status: r.replay ? 200 : 201 });
  });
}
