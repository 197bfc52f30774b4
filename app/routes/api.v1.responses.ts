import { json, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "../services/db.server";
import { apiHandler, methodNotAllowed, readJson } from "../services/http.server";
import { submitResponse } from "../services/responses.server";

export async function loader() {
  return methodNotAllowed("POST");
}

/** POST /api/v1/responses → 201 { id }; 200 { id } for a replay of the same idempotency key. */
export async function action({ request }: ActionFunctionArgs) {
  return apiHandler(async () => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const body = await readJson(request);
    const r = await submitResponse(db(), body);
    return json({ id: r.id, replay: r.replay }, { status: r.replay ? 200 : 201 });
  });
}
