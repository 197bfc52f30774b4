import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { photoForStaff } from "../services/feedback/feedback-photos.server";
import { requirePermission } from "../platform/session.server";

/** GET /hop-thu/<item>/anh/<photo>: a photo sent with a feedback item, for the staff who may see the item. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:feedback");
  const num = (v: string | undefined) => (/^\d{1,12}$/.test(v ?? "") ? Number(v) : NaN);
  const itemId = num(params.id);
  const photoId = num(params.photo);
  if (!Number.isSafeInteger(itemId) || !Number.isSafeInteger(photoId)) throw new Response("Không tìm thấy ảnh.", { status: 404 });
  const p = await photoForStaff(db(), user, itemId, photoId);
  return new Response(new Uint8Array(p.bytes), {
    headers: {
      "Content-Type": p.contentType,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
