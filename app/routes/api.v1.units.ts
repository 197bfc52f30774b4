import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { apiHandler } from "../platform/http.server";
import { parseAtDay, unitsAt } from "../services/org/org-history.server";

/**
 * GET /api/v1/units?at=YYYY-MM-DD: the tree in force on that day (default today), each unit with
 * its validity and its predecessors and successors (docs/api.md).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const at = parseAtDay(new URL(request.url).searchParams.get("at"));
    return json({ at, units: await unitsAt(db(), at) });
  });
}
