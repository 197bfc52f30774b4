import type { Db } from "../../platform/db.server";
import type { SessionUser } from "../../platform/auth.server";
import { itemForStaff } from "./staff-scope.server";

/**
 * issue 17: the photos and the free-text place of a feedback item, for the staff who may see the item
 * (itemForStaff applies the same access rule as the item page: the handling agency, the coordinator,
 * and for complaints and denunciations only the body handling them).
 */
export async function itemEvidence(db: Db, user: SessionUser, itemId: number) {
  const item = await itemForStaff(db, user, itemId);
  const photos = await db.selectFrom("feedback_photo").select(["id", "content_type", "size", "location_shared", "published_at"])
    .where("item_id", "=", item.id).orderBy("id").execute();
  return {
    place: item.place_text ?? null,
    photos: photos.map((p) => ({ id: p.id, size: p.size, locationShared: p.location_shared === 1, published: !!p.published_at })),
  };
}

/** One photo's bytes for a staff member allowed to see its item, or a 404. */
export async function photoForStaff(db: Db, user: SessionUser, itemId: number, photoId: number) {
  const item = await itemForStaff(db, user, itemId);
  const p = await db.selectFrom("feedback_photo").select(["bytes", "content_type"]).where("id", "=", photoId).where("item_id", "=", item.id).executeTakeFirst();
  if (!p) throw new Response("Không tìm thấy ảnh.", { status: 404 });
  return { bytes: p.bytes, contentType: p.content_type };
}
