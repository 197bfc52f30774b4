import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { localYear } from "../domain/periods";
import { db } from "../services/db.server";
import { apiHandler } from "../services/http.server";
import { parseChannel, parseYear } from "../services/indices.server";
import { cachedIndices } from "../services/indices-cache.server";
import { requireApiPermission } from "../services/session.server";
import { readableUnit } from "../services/scope.server";

/** GET /api/v1/indices?year=&unit=&channel= (permission read:indices for that unit). */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiPermission(request, "read:indices");
    const url = new URL(request.url);
    const year = parseYear(url.searchParams.get("year"), localYear(new Date()));
    const channel = parseChannel(url.searchParams.get("channel"));
    const unit = await readableUnit(user, url.searchParams.get("unit"));
    return json(await cachedIndices(db(), { year, unit: unit.code, channel }));
  });
}
