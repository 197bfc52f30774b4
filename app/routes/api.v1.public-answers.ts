import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { publicAnswers, publicAnswersQuery } from "../services/feedback/feedback-public.server";
import { apiHandler, methodNotAllowed } from "../platform/http.server";
import { fieldErrors } from "../schemas/response";

/** GET /api/v1/public-answers?q=&page= → published answers, 20 a page, no personal data. */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const url = new URL(request.url);
    const parsed = publicAnswersQuery.safeParse({ q: url.searchParams.get("q"), page: url.searchParams.get("page") || null });
    if (!parsed.success) throw new InputError("invalid_query", "Tham số tìm kiếm không hợp lệ.", fieldErrors(parsed.error), 400);
    return json(await publicAnswers(db(), parsed.data));
  });
}

export async function action() {
  return methodNotAllowed("GET");
}
