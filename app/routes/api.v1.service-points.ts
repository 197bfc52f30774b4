import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { apiHandler } from "../platform/http.server";
import { parseAtDay, servicePointsAt } from "../services/org/org-history.server";

/**
 * GET /api/v1/service-points?at=YYYY-MM-DD: the points in service on that day (default today),
 * each with its unit on that day, validity and successor (docs/api.md).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const at = parseAtDay(new URL(request.url).searchParams.get("at"));
    return json({ at, servicePoints: await servicePointsAt(db(), at) });
  });
}
