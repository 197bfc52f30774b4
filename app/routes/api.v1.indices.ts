import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { isPeriodCode, localYear, periodRange } from "../domain/periods";
import { InputError } from "../platform/errors";
import { db } from "../platform/db.server";
import { apiHandler } from "../platform/http.server";
import { parseChannel, parseTree, parseYear, resolveScope } from "../services/indices/indices.server";
import { indicesOfKind } from "../services/indices/index-kinds.server";
import { figureSources } from "../services/indices/sources.server";
import { requireApiPermission } from "../platform/session.server";
import { readableUnit } from "../services/org/scope.server";

/**
 * GET /api/v1/indices?year=&period=&unit=&channel=&index= (permission read:indices for that unit;
 * period Q1…Q4 or M01…M12, default the year; index an index root or questionnaire code, default
 * SIPAS; tree then|current, default then). The tree plus its report on the index's kind, and
 * `sources` (docs/api.md); `scope.tree` says which unit tree the figures use.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return apiHandler(async () => {
    const user = await requireApiPermission(request, "read:indices");
    const url = new URL(request.url);
    const year = parseYear(url.searchParams.get("year"), localYear(new Date()));
    const channel = parseChannel(url.searchParams.get("channel"));
    const period = url.searchParams.get("period") || "year";
    if (!isPeriodCode(period)) throw new InputError("invalid_input", "Kỳ không hợp lệ.", { period: "Kỳ phải là year, Q1–Q4 hoặc M01–M12." }, 400);
    const unit = await readableUnit(user, url.searchParams.get("unit"));
    const months = periodRange(year, period).months;
    const tree = parseTree(url.searchParams.get("tree"));
    const indices = await indicesOfKind(db(), { year, months, unit: unit.code, channel, index: url.searchParams.get("index") ?? "", tree });
    // Which channels and survey rounds the figures count (docs/api.md, "sources").
    const sources = await figureSources(db(), { pointIds: (await resolveScope(db(), unit.code, { months, tree })).pointIds, months, channel });
    return json({ ...indices, sources });
  });
}
