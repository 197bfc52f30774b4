import { json } from "@remix-run/node";
import { questionnaireJsonSchema } from "../schemas/questionnaire-file";
import { apiHandler } from "../platform/http.server";

/** GET /api/v1/schemas/questionnaire.json — the published JSON Schema of a questionnaire file (derived from the zod schema). */
export async function loader() {
  return apiHandler(async () =>
    json(questionnaireJsonSchema(), { headers: { "Content-Type": "application/schema+json; charset=utf-8", "Cache-Control": "public, max-age=3600" } }),
  );
}
