import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { localDay } from "../domain/periods";
import { db } from "../platform/db.server";
import { apiHandler } from "../platform/http.server";
import { planApi } from "../services/plans/plans-api.server";
import { requireApiPermission } from "../platform/session.server";

/** GET /api/v1/plans/<code> (permission read:plans): header, tasks, times, report status per period (docs/api.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    await requireApiPermission(request, "read:plans");
    return json(await planApi(db(), String(params.code ?? "").slice(0, 60), localDay(new Date())));
  });
}
