import type { Db } from "../../platform/db.server";
import { audit, type Actor, type SessionUser } from "../../platform/auth.server";
import { InputError } from "../../platform/errors";
import { stripJpegMetadata } from "../../domain/photos";
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

/**
 * Use case (coordinator, publish:feedback on the item): publish or withdraw one photo of an item on the
 * public pages (issue 17). Publishing needs the sender's consent to publish the item; a PNG or WebP
 * whose sender kept the location is refused (only a JPEG's location can be removed when it is shown).
 * Audited; the history is the audit log, the row keeps who published it and when.
 */
export async function setPhotoPublished(db: Db, itemId: number, photoId: number, publish: boolean, actor: Actor, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom("feedback_item").select(["id", "consent_publish"]).where("id", "=", itemId).executeTakeFirst();
    const p = await trx.selectFrom("feedback_photo").select(["id", "content_type", "location_shared", "published_at"]).where("id", "=", photoId).where("item_id", "=", itemId).executeTakeFirst();
    if (!item || !p) throw new InputError("not_found", "Không tìm thấy ảnh của phản ánh này.", { photo: "Không tìm thấy ảnh." }, 404);
    if (publish && !item.consent_publish) throw new InputError("no_consent", "Người gửi không đồng ý công khai phản ánh này, nên không công khai được ảnh.", { photo: "Người gửi không đồng ý công khai." }, 409);
    if (publish && p.location_shared === 1 && p.content_type !== "image/jpeg") {
      throw new InputError("has_location", "Ảnh này còn giữ vị trí theo ý người gửi và không xóa được khi công khai: không công khai ảnh này.", { photo: "Ảnh còn giữ vị trí." }, 409);
    }
    if (!!p.published_at === publish) return; // already so: nothing to change, nothing to log
    const after = publish ? { published_at: now.toISOString(), published_by: actor.userId } : { published_at: null, published_by: null };
    await trx.updateTable("feedback_photo").set(after).where("id", "=", p.id).execute();
    await audit(trx, {
      userId: actor.userId, action: publish ? "feedback.photo.publish" : "feedback.photo.unpublish", entity: "feedback_photo", entityId: p.id,
      before: { item: itemId, published_at: p.published_at }, after: { item: itemId, published_at: after.published_at }, ip: actor.ip,
    });
  });
}

/** The published photos of an item, as ids for the public pages (never the bytes' location: see publicPhoto). */
export async function publishedPhotoIds(db: Db, itemId: number): Promise<number[]> {
  const rows = await db.selectFrom("feedback_photo").select("id").where("item_id", "=", itemId).where("published_at", "is not", null).orderBy("id").execute();
  return rows.map((r) => r.id);
}

/**
 * A published photo for anyone, or null: only a photo the coordinator published, of an item whose sender
 * agreed to publication. A JPEG is served without its APP1/COM segments (EXIF, XMP: no location), even
 * when the sender let the staff keep the location.
 */
export async function publicPhoto(db: Db, photoId: number) {
  const p = await db.selectFrom("feedback_photo as p").innerJoin("feedback_item as f", "f.id", "p.item_id")
    .select(["p.bytes", "p.content_type", "p.location_shared"])
    .where("p.id", "=", photoId).where("p.published_at", "is not", null).where("f.consent_publish", "=", 1).executeTakeFirst();
  if (!p) return null;
  const bytes = new Uint8Array(p.bytes);
  if (p.content_type === "image/jpeg") return { bytes: stripJpegMetadata(bytes), contentType: p.content_type };
  if (p.location_shared === 1) return null;
  return { bytes, contentType: p.content_type };
}
