import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { exportVersion } from "../services/surveys/designer.server";
import { InputError } from "../platform/errors";
import { requirePermission } from "../platform/session.server";

/** GET /quan-tri/bang-hoi/xuat/<version id> — the version as a questionnaire file (JSON download). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:questionnaires");
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy phiên bản bảng hỏi.", { status: 404 });
  try {
    const file = await exportVersion(db(), id);
    return new Response(`${JSON.stringify(file, null, 2)}\n`, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.code}-${id}.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (e) {
    if (e instanceof InputError && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}
