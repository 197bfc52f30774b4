import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { evidenceResponse } from "../services/plans/plan-evidence.server";
import { requirePermission } from "../platform/session.server";

/** GET /ke-hoach/minh-chung/:id — one evidence file of a plan report, as an attachment. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:plans");
  return evidenceResponse(db(), user, Number(params.id));
}
