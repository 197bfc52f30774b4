import { json } from "@remix-run/node";
import { db } from "../services/db.server";
import { apiHandler } from "../services/http.server";
import { listServicePoints } from "../services/reference.server";

export async function loader() {
  return apiHandler(async () => {
    const points = await listServicePoints(db());
    return json({
      servicePoints: points.map((p) => ({ code: p.code, name: p.name, nameEn: p.name_en, kind: p.kind, unit: p.unit_code, agency: p.agency_code })),
    });
  });
}
