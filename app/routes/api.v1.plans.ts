import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { apiHandler } from "../platform/http.server";
import { planListApi } from "../services/plans/plans-api.server";
import { requireApiPermission } from "../platform/session.server";

/** GET /api/v1/plans (permission read:plans): every plan's header (docs/api.md). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    await requireApiPermission(request, "read:plans");
    return json({ plans: await planListApi(db()) });
  });
}
