import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { answerItem, getItem, publishItem, submitFeedback } from "../../app/services/feedback/feedback.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";
import { jpegWithGps } from "../fixtures/jpeg-gps";

// Issue 17: a feedback photo reaches the public pages only when the coordinator publishes it on the
// staff item page; the handling agency may not; every change is audited; a public photo never carries
// a location, even when the sender let the staff keep it.

let server: TestServer;
let db: Db;
let itemId = 0;
let photoId = 0;
let tracking = "";
const text = (b: Uint8Array) => Buffer.from(b).toString("latin1");

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
  const admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
  const r = await submitFeedback(db, {
    kind: "phan_anh", text: "Ổ gà lớn trước cổng Bộ phận một cửa, xe máy dễ ngã.", topic: "chung-thuc", unit: "EKA", consentPublish: true,
  }, { channel: "web", photos: [{ bytes: Buffer.from(jpegWithGps()), contentType: "image/jpeg", locationShared: true }] });
  itemId = r.id;
  tracking = r.trackingCode;
  photoId = (await db.selectFrom("feedback_photo").select("id").where("item_id", "=", itemId).executeTakeFirstOrThrow()).id;
  let item = await getItem(db, itemId);
  await answerItem(db, itemId, "Đơn vị đã vá ổ gà ngày 20/06.", item.version, { userId: admin });
  item = await getItem(db, itemId);
  await publishItem(db, itemId, "Ổ gà trước cổng một cửa Ea Kar đã được vá.", item.version, { userId: admin });
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const post = async (who: string, publish: "1" | "0") => {
  const cookie = await loginCookie(server.url, who);
  return fetch(`${server.url}/hop-thu/${itemId}`, withSession(server.url, cookie, {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "photo", photo: String(photoId), publish }).toString(),
  }));
};
const publicPage = async () => (await fetch(`${server.url}/cong-khai?q=${encodeURIComponent("Ea Kar")}`)).text();
const trackingPage = async () => (await fetch(`${server.url}/tra-cuu/${tracking}`)).text();

describe("publishing a feedback photo", () => {
  it("before: the photo is on no public page and its public address is a 404", async () => {
    expect((await fetch(`${server.url}/anh-cong-khai/${photoId}`)).status).toBe(404);
    const html = await publicPage();
    expect(html).toContain("Ổ gà trước cổng một cửa Ea Kar đã được vá.");
    expect(html).not.toContain("/anh-cong-khai/");
    expect(await trackingPage()).not.toContain("/anh-cong-khai/");
  });

  it("the handling agency sees the photo but may not publish it (403), nothing changes", async () => {
    const r = await post("canbo.stp", "1");
    expect(r.status).toBe(403);
    expect((await db.selectFrom("feedback_photo").select("published_at").where("id", "=", photoId).executeTakeFirstOrThrow()).published_at).toBeNull();
    // A leader of another area cannot even open the item.
    expect((await post("lanhdao.bmt", "1")).status).toBe(403);
  });

  it("the coordinator publishes it: audited, shown on the public and tracking pages, served without its location", async () => {
    const r = await post("admin", "1");
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toContain("ok=photo-on");
    const row = await db.selectFrom("feedback_photo").select(["published_at", "published_by"]).where("id", "=", photoId).executeTakeFirstOrThrow();
    expect(row.published_at).not.toBeNull();
    expect(row.published_by).not.toBeNull();
    const log = await db.selectFrom("audit_log").select(["action", "entity_id"]).where("action", "like", "feedback.photo.%").execute();
    expect(log).toEqual([{ action: "feedback.photo.publish", entity_id: String(photoId) }]);
    expect(await publicPage()).toContain(`/anh-cong-khai/${photoId}`);
    expect(await trackingPage()).toContain(`/anh-cong-khai/${photoId}`);
    const img = await fetch(`${server.url}/anh-cong-khai/${photoId}`);
    expect(img.status).toBe(200);
    expect(img.headers.get("content-type")).toBe("image/jpeg");
    const bytes = new Uint8Array(await img.arrayBuffer());
    expect(text(jpegWithGps())).toContain("GPS");
    expect(text(bytes)).not.toContain("GPS");
    expect(text(bytes)).not.toContain("Exif");
    // The staff copy still has the location the sender chose to share.
    const stored = await db.selectFrom("feedback_photo").select("bytes").where("id", "=", photoId).executeTakeFirstOrThrow();
    expect(text(new Uint8Array(stored.bytes))).toContain("GPS");
  });

  it("withdrawn: gone from the public pages again, audited", async () => {
    const r = await post("admin", "0");
    expect(r.status).toBe(302);
    expect((await fetch(`${server.url}/anh-cong-khai/${photoId}`)).status).toBe(404);
    expect(await publicPage()).not.toContain("/anh-cong-khai/");
    const log = await db.selectFrom("audit_log").select("action").where("action", "like", "feedback.photo.%").orderBy("id").execute();
    expect(log.map((l) => l.action)).toEqual(["feedback.photo.publish", "feedback.photo.unpublish"]);
  });

  it("a malformed post is answered in Vietnamese, never a 5xx", async () => {
    const cookie = await loginCookie(server.url, "admin");
    const r = await fetch(`${server.url}/hop-thu/${itemId}`, withSession(server.url, cookie, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "intent=photo&photo=abc&publish=2",
    }));
    expect(r.status).toBeLessThan(500);
    expect(r.status).not.toBe(302);
  });
});
