import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../services/db.server";
import { localYear } from "../domain/periods";
import { apiHandler } from "../services/http.server";
import { computeIndices, parseChannel, parseYear } from "../services/indices.server";

/** GET /api/v1/indices?year=&unit=&channel= */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const url = new URL(request.url);
    const year = parseYear(url.searchParams.get("year"), localYear(new Date()));
    const channel = parseChannel(url.searchParams.get("channel"));
    const result = await computeIndices(db(), { year, unit: url.searchParams.get("unit"), channel });
    return json(result);
  });
}
