import type { LoaderFunctionArgs } from "@remix-run/node";
import { localDay } from "../domain/periods";
import { db } from "../platform/db.server";
import { asPage, consolidatedDocx, consolidatedReport, parseRound } from "../services/plans/plan-consolidated.server";
import { requirePermission } from "../platform/session.server";

/** The consolidated report as an editable Word file (A4, administrative form). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read:plans");
  const url = new URL(request.url);
  const year = url.searchParams.get("nam");
  const r = await asPage(() => consolidatedReport(db(), params.code ?? "", year && /^\d{4}$/.test(year) ? Number(year) : null, parseRound(url.searchParams.get("ky")), localDay(new Date())));
  const buf = await consolidatedDocx(r);
  return new Response(new Uint8Array(buf), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="bao-cao-${r.plan.code}-${r.round}-${r.year}.docx"`,
    },
  });
}
