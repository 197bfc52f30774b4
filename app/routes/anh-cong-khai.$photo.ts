import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../platform/db.server";
import { publicPhoto } from "../services/feedback/feedback-photos.server";

/**
 * GET /anh-cong-khai/<photo>: a feedback photo the coordinator published (issue 17), for anyone; a JPEG
 * without its EXIF/XMP (no location). Any other photo — unpublished, or of an item whose sender did not
 * agree to publication — is the same 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = /^\d{1,12}$/.test(params.photo ?? "") ? Number(params.photo) : NaN;
  const p = Number.isSafeInteger(id) ? await publicPhoto(db(), id) : null;
  if (!p) throw new Response("Không tìm thấy ảnh.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(p.bytes), {
    headers: {
      "Content-Type": p.contentType,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
