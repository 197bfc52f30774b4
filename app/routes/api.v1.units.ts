import { json } from "@remix-run/node";
import { db } from "../services/db.server";
import { apiHandler } from "../services/http.server";
import { listUnits } from "../services/reference.server";

export async function loader() {
  return apiHandler(async () => {
    const units = await listUnits(db());
    const codeOf = new Map(units.map((u) => [u.id, u.code]));
    return json({
      units: units.map((u) => ({ code: u.code, name: u.name, nameEn: u.name_en, level: u.level, parent: u.parent_id ? codeOf.get(u.parent_id) : null })),
    });
  });
}
