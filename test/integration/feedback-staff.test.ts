import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { addWorkingDays } from "../../app/domain/deadlines";
import { answerItem, assignItem, getItem, loadCalendar, rateItem, submitFeedback } from "../../app/services/feedback/feedback.server";
import { feedbackFigures, median } from "../../app/services/feedback/leader-figures.server";
import { maskRecipient } from "../../app/services/feedback/outbox-admin.server";
import { loadDemoAccounts, loadReferenceData } from "../../app/services/admin/seed.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The staff side of feedback over HTTP against the built server, with real session cookies:
 * agency scoping (list and by id), answer / transfer / note with optimistic concurrency, the
 * coordinator's queue and publication, desk entry, routing / holiday / deadline admin, the outbox,
 * and the leaders' figures on hand-computed data.
 */

let server: TestServer;
let db: Db;
const cookies = new Map<string, string>();
const base = { kind: "phan_anh", text: "Bộ phận một cửa hẹn trả kết quả chứng thực nhưng đến hẹn vẫn chưa có." };

const userId = async (username: string) => (await db.selectFrom("app_user").select("id").where("username", "=", username).executeTakeFirstOrThrow()).id;
const agencyId = async (code: string) => (await db.selectFrom("agency").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
const lastAudit = (action: string, entityId: string | number) =>
  db.selectFrom("audit_log").selectAll().where("action", "=", action).where("entity_id", "=", String(entityId)).orderBy("id", "desc").executeTakeFirst();

async function get(p: string, who?: string) {
  const init: RequestInit = who ? withSession(server.url, cookies.get(who)!) : { redirect: "manual" };
  const res = await fetch(`${server.url}${p}`, init);
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function post(p: string, who: string, fields: Record<string, string | number>) {
  const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${server.url}${p}`, withSession(server.url, cookies.get(who)!, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }));
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

/** Text of the page as a reader sees it (tags stripped, entities for quotes decoded). */
const visible = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, " ");

let stpItem: { id: number; trackingCode: string };
let bmtItem: { id: number; trackingCode: string };
let queueItem: { id: number; trackingCode: string };

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  db = createDb(server.dbPath);
  for (const u of ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt", "motcua.bmt"]) cookies.set(u, await loginCookie(server.url, u));
  stpItem = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA", contactName: "Nguyễn Văn Gửi", contactPhone: "0912345678", consentPublish: true }, { channel: "web" });
  bmtItem = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "BMT-TANLOI", contactPhone: "0987654321" }, { channel: "kiosk" });
  queueItem = await submitFeedback(db, { ...base, kind: "kien_nghi", topic: "khac", text: "Đề nghị bố trí thêm chỗ ngồi chờ tại bộ phận một cửa." }, { channel: "web" });
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe("the agency inbox: each agency sees only its own items", () => {
  it("lists items by agency grant (officers) and by unit subtree (leaders); admin sees all", async () => {
    const stp = await get("/hop-thu", "canbo.stp");
    expect(stp.status).toBe(200);
    expect(stp.text).toContain(stpItem.trackingCode);
    expect(stp.text).not.toContain(bmtItem.trackingCode);
    expect(stp.text).not.toContain(queueItem.trackingCode);
    const bmt = await get("/hop-thu", "canbo.bmt");
    expect(bmt.text).toContain(bmtItem.trackingCode);
    expect(bmt.text).not.toContain(stpItem.trackingCode);
    const leaderBmt = await get("/hop-thu", "lanhdao.bmt");
    expect(leaderBmt.text).toContain(bmtItem.trackingCode); // its unit is in Buôn Ma Thuột's subtree
    expect(leaderBmt.text).not.toContain(stpItem.trackingCode); // Ea Kar is not
    const admin = await get("/hop-thu", "admin");
    for (const i of [stpItem, bmtItem, queueItem]) expect(admin.text).toContain(i.trackingCode);
    expect((await get("/hop-thu", "motcua.bmt")).status).toBe(403);
    const anon = await get("/hop-thu");
    expect(anon.status).toBe(302);
    expect(anon.location).toMatch(/^\/dang-nhap\?next=/);
  });

  it("filters with a GET form and shows the due day in working days", async () => {
    const admin = await get(`/hop-thu?kind=kien_nghi`, "admin");
    expect(admin.text).toContain(queueItem.trackingCode);
    expect(admin.text).not.toContain(stpItem.trackingCode);
    const byChannel = await get(`/hop-thu?channel=kiosk`, "admin");
    expect(byChannel.text).toContain(bmtItem.trackingCode);
    expect(byChannel.text).not.toContain(stpItem.trackingCode);
    const byUnit = await get(`/hop-thu?unit=BMT`, "admin");
    expect(byUnit.text).toContain(bmtItem.trackingCode);
    expect(byUnit.text).not.toContain(stpItem.trackingCode);
    expect((await get(`/hop-thu?overdue=1`, "admin")).text).not.toContain(stpItem.trackingCode);
    expect(visible(admin.text)).toMatch(/Còn \d+ ngày làm việc/);
    const bad = await get(`/hop-thu?kind=khong-co`, "admin");
    expect(bad.status).toBe(200);
    expect(visible(bad.text)).toContain("Loại phản ánh không hợp lệ.");
  });

  it("puts overdue items first, in red", async () => {
    const old = await submitFeedback(db, { ...base, topic: "ho-tich", unit: "EKA" }, { channel: "paper", now: new Date("2024-06-03T02:00:00Z") });
    const page = await get("/hop-thu?status=open", "canbo.stp");
    const first = page.text.indexOf(old.trackingCode);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(page.text.indexOf(stpItem.trackingCode));
    expect(page.text).toMatch(new RegExp(`data-code="${old.trackingCode}" class="row-overdue"`));
    expect(visible(page.text)).toMatch(/Quá hạn \d+ ngày làm việc/);
    const overdueOnly = await get("/hop-thu?overdue=1", "canbo.stp");
    expect(overdueOnly.text).toContain(old.trackingCode);
    expect(overdueOnly.text).not.toContain(stpItem.trackingCode);
  });
});

describe("one item: scope by id, contact data, answer, transfer, notes, stale versions", () => {
  it("refuses an officer of another agency by id, on GET and on POST, and changes nothing", async () => {
    const before = await getItem(db, stpItem.id);
    expect((await get(`/hop-thu/${stpItem.id}`, "canbo.bmt")).status).toBe(403);
    const p = await post(`/hop-thu/${stpItem.id}`, "canbo.bmt", { intent: "answer", version: before.version, answer: "Trả lời từ cơ quan không có thẩm quyền." });
    expect(p.status).toBe(403);
    const n = await post(`/hop-thu/${stpItem.id}`, "canbo.bmt", { intent: "note", version: before.version, note: "Ghi chú lạ" });
    expect(n.status).toBe(403);
    const after = await getItem(db, stpItem.id);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe("assigned");
    expect(await db.selectFrom("feedback_event").select("id").where("item_id", "=", stpItem.id).where("kind", "=", "note").executeTakeFirst()).toBeUndefined();
    expect((await get(`/hop-thu/${stpItem.id}`, "lanhdao.bmt")).status).toBe(403);
    expect((await get(`/hop-thu/${stpItem.id}`, "motcua.bmt")).status).toBe(403);
    expect((await get(`/hop-thu/99999999`, "admin")).status).toBe(404);
    expect((await get(`/hop-thu/abc`, "admin")).status).toBe(404);
  });

  it("shows contact data only to staff who may answer the item", async () => {
    const officer = await get(`/hop-thu/${stpItem.id}`, "canbo.stp");
    expect(officer.status).toBe(200);
    expect(officer.text).toContain("0912345678");
    expect(officer.text).toContain("Nguyễn Văn Gửi");
    const leader = await get(`/hop-thu/${stpItem.id}`, "lanhdao.tinh");
    expect(leader.status).toBe(200);
    expect(leader.text).not.toContain("0912345678");
    expect(leader.text).not.toContain("Nguyễn Văn Gửi");
    expect(visible(leader.text)).toContain("chỉ hiển thị cho cán bộ được giao trả lời");
    expect(leader.text).not.toContain('name="answer"'); // a leader reads, does not answer
  });

  it("refuses a stale version with the conflict message, keeps the typed text, and changes nothing", async () => {
    const item = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA" }, { channel: "web" });
    const seen = await getItem(db, item.id);
    // Meanwhile the coordinator touches the item.
    await assignItem(db, item.id, "STP", "Xác nhận đúng thẩm quyền", seen.version, { userId: await userId("admin") });
    const typed = "Câu trả lời soạn trên phiên bản cũ của mục, cần được giữ lại.";
    const r = await post(`/hop-thu/${item.id}`, "canbo.stp", { intent: "answer", version: seen.version, answer: typed });
    expect(r.status).toBe(409);
    expect(visible(r.text)).toContain("Mục này vừa được người khác cập nhật");
    expect(r.text).toContain(typed);
    const after = await getItem(db, item.id);
    expect(after.status).toBe("assigned");
    expect(after.answer_text).toBeNull();
    expect(after.version).toBe(seen.version + 1);
    // The same for an internal note.
    const note = await post(`/hop-thu/${item.id}`, "canbo.stp", { intent: "note", version: seen.version, note: "Ghi chú trên bản cũ" });
    expect(note.status).toBe(409);
    expect(note.text).toContain("Ghi chú trên bản cũ");
    expect(await db.selectFrom("feedback_event").select("id").where("item_id", "=", item.id).where("kind", "=", "note").executeTakeFirst()).toBeUndefined();
  });

  it("adds an internal note, shown to staff in the timeline, audited", async () => {
    const v = (await getItem(db, stpItem.id)).version;
    const r = await post(`/hop-thu/${stpItem.id}`, "canbo.stp", { intent: "note", version: v, note: "Đã gọi điện cho bộ phận chứng thực huyện Ea Kar." });
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/hop-thu/${stpItem.id}?ok=noted`);
    const page = await get(r.location!, "canbo.stp");
    expect(page.text).toContain("Đã gọi điện cho bộ phận chứng thực huyện Ea Kar.");
    expect(visible(page.text)).toContain("Nội bộ");
    const ev = await db.selectFrom("feedback_event").selectAll().where("item_id", "=", stpItem.id).where("kind", "=", "note").executeTakeFirstOrThrow();
    expect(ev.is_public).toBe(0);
    expect(ev.actor_user_id).toBe(await userId("canbo.stp"));
    expect(await lastAudit("feedback.note", stpItem.id)).toBeDefined();
  });

  it("answers: the item is answered, audited, and the sender is told", async () => {
    const v = (await getItem(db, stpItem.id)).version;
    const short = await post(`/hop-thu/${stpItem.id}`, "canbo.stp", { intent: "answer", version: v, answer: "Ngắn" });
    expect(short.status).toBe(400);
    expect(visible(short.text)).toContain("Câu trả lời quá ngắn");
    const text = "Sở Tư pháp đã làm việc với UBND huyện Ea Kar; kết quả chứng thực đã được trả cho Ông/Bà ngày 20/06.";
    const r = await post(`/hop-thu/${stpItem.id}`, "canbo.stp", { intent: "answer", version: v, answer: text });
    expect(r.status).toBe(302);
    const item = await getItem(db, stpItem.id);
    expect(item.status).toBe("answered");
    expect(item.answer_text).toBe(text);
    expect(item.answered_by).toBe(await userId("canbo.stp"));
    expect((await lastAudit("feedback.answer", stpItem.id))?.user_id).toBe(await userId("canbo.stp"));
    expect(await db.selectFrom("outbox").select("id").where("dedupe_key", "=", `answer:sms:${stpItem.id}`).executeTakeFirst()).toBeDefined();
    const page = await get(`/hop-thu/${stpItem.id}`, "canbo.stp");
    expect(page.text).not.toContain('name="answer"'); // answered: no second answer
  });

  it("transfers only with a reason, to another agency or back to the coordinator", async () => {
    const item = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA", text: "Công trình xây dựng lấn chiếm vỉa hè trước bộ phận một cửa." }, { channel: "web" });
    const v = (await getItem(db, item.id)).version;
    const noReason = await post(`/hop-thu/${item.id}`, "canbo.stp", { intent: "transfer", version: v, to: "SXD", reason: "" });
    expect(noReason.status).toBe(400);
    expect(visible(noReason.text)).toContain("Hãy nhập lý do chuyển.");
    expect((await getItem(db, item.id)).agency_id).toBe(await agencyId("STP"));
    const same = await post(`/hop-thu/${item.id}`, "canbo.stp", { intent: "transfer", version: v, to: "STP", reason: "Chuyển cho chính mình" });
    expect(same.status).toBe(422);
    const r = await post(`/hop-thu/${item.id}`, "canbo.stp", { intent: "transfer", version: v, to: "SXD", reason: "Nội dung thuộc lĩnh vực xây dựng" });
    expect(r.status).toBe(302);
    const moved = await getItem(db, item.id);
    expect(moved.agency_id).toBe(await agencyId("SXD"));
    const ev = await db.selectFrom("feedback_event").selectAll().where("item_id", "=", item.id).where("kind", "=", "transferred").executeTakeFirstOrThrow();
    expect(ev.reason).toBe("Nội dung thuộc lĩnh vực xây dựng");
    expect(await lastAudit("feedback.transfer", item.id)).toBeDefined();
    // Now it is another agency's: the former owner can no longer open it.
    expect((await get(`/hop-thu/${item.id}`, "canbo.stp")).status).toBe(403);
    // Back to the coordinator (no target agency), by canbo.bmt with their own item.
    const b = await submitFeedback(db, { ...base, topic: "dat-dai", unit: "BMT" }, { channel: "web" });
    const bv = (await getItem(db, b.id)).version;
    const back = await post(`/hop-thu/${b.id}`, "canbo.bmt", { intent: "transfer", version: bv, to: "", reason: "Không thuộc thẩm quyền cấp huyện" });
    expect(back.status).toBe(302);
    const queued = await getItem(db, b.id);
    expect(queued.agency_id).toBeNull();
    expect(queued.status).toBe("received");
    expect(queued.step).toBe("forwarding");
  });
});

describe("the coordinator", () => {
  it("only the coordinator opens /dieu-phoi", async () => {
    expect((await get("/dieu-phoi", "canbo.stp")).status).toBe(403);
    expect((await get("/dieu-phoi", "lanhdao.tinh")).status).toBe(403);
    const p = await post("/dieu-phoi", "canbo.stp", { intent: "assign", id: queueItem.id, version: 1, agency: "SCT", reason: "Thử giao trái phép" });
    expect(p.status).toBe(403);
    expect((await getItem(db, queueItem.id)).agency_id).toBeNull();
  });

  it("assigns from the queue with a reason", async () => {
    const page = await get("/dieu-phoi", "admin");
    expect(page.status).toBe(200);
    expect(page.text).toContain(queueItem.trackingCode);
    const v = (await getItem(db, queueItem.id)).version;
    const noReason = await post("/dieu-phoi", "admin", { intent: "assign", id: queueItem.id, version: v, agency: "TTPVHCC", reason: "" });
    expect(noReason.status).toBe(400);
    expect(visible(noReason.text)).toContain("Hãy nhập lý do giao.");
    const r = await post("/dieu-phoi", "admin", { intent: "assign", id: queueItem.id, version: v, agency: "TTPVHCC", reason: "Thuộc cơ sở vật chất của Trung tâm" });
    expect(r.status).toBe(302);
    const item = await getItem(db, queueItem.id);
    expect(item.agency_id).toBe(await agencyId("TTPVHCC"));
    expect(item.status).toBe("assigned");
    expect((await lastAudit("feedback.assign", queueItem.id))?.user_id).toBe(await userId("admin"));
    expect((await get("/dieu-phoi", "admin")).text).not.toContain(`data-code="${queueItem.trackingCode}"`);
    // A stale assignment is refused.
    const stale = await post("/dieu-phoi", "admin", { intent: "assign", id: queueItem.id, version: v, agency: "SCT", reason: "Giao lại trên bản cũ" });
    expect(stale.status).toBe(409);
    expect(visible(stale.text)).toContain("Mục này vừa được người khác cập nhật");
  });

  it("publishes an answered item only when the sender consented", async () => {
    const page = await get("/dieu-phoi", "admin");
    expect(page.text).toContain(stpItem.trackingCode);
    // A non-consenting answered item says so, without a summary field.
    const nc = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA" }, { channel: "web" });
    await answerItem(db, nc.id, "Đã xử lý theo đúng quy định hiện hành.", (await getItem(db, nc.id)).version, { userId: await userId("canbo.stp") });
    const withNc = visible((await get("/dieu-phoi", "admin")).text);
    expect(withNc).toContain("không đồng ý công khai");
    const refused = await post("/dieu-phoi", "admin", { intent: "publish", id: nc.id, version: (await getItem(db, nc.id)).version, summary: "Tóm tắt không được phép công khai." });
    expect(refused.status).toBe(409);
    expect((await getItem(db, nc.id)).status).toBe("answered");

    const v = (await getItem(db, stpItem.id)).version;
    const r = await post("/dieu-phoi", "admin", { intent: "publish", id: stpItem.id, version: v, summary: "Chậm trả kết quả chứng thực tại huyện Ea Kar đã được khắc phục." });
    expect(r.status).toBe(302);
    const item = await getItem(db, stpItem.id);
    expect(item.status).toBe("published");
    expect(item.public_summary).toBe("Chậm trả kết quả chứng thực tại huyện Ea Kar đã được khắc phục.");
    expect(await lastAudit("feedback.publish", stpItem.id)).toBeDefined();
  });

  it("lists overdue items per agency", async () => {
    const page = visible((await get("/dieu-phoi", "admin")).text);
    expect(page).toContain("Quá hạn theo cơ quan");
    expect(page).toMatch(/Sở Tư pháp \d+/);
  });
});

describe("desk entry", () => {
  it("records the channel and the officer, and shows the tracking code", async () => {
    const page = await get("/tiep-nhan", "motcua.bmt");
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="MC-BMT"');
    expect(page.text).not.toContain('value="TTPVHCC-DLK"');
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(page.text)![1];
    const fields = {
      intent: "enter", idempotencyKey: key, channel: "hotline", servicePoint: "MC-BMT", kind: "phan_anh", topic: "ho-tich", unit: "",
      text: "Người dân gọi đường dây nóng: chờ đăng ký khai sinh quá lâu tại bộ phận một cửa.", contactName: "Trần Thị Gọi", contactPhone: "0901 234 567", contactEmail: "",
    };
    const r = await post("/tiep-nhan", "motcua.bmt", fields);
    expect(r.status).toBe(200);
    const code = /data-testid="tracking-code">([^<]+)</.exec(r.text)![1];
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const item = await db.selectFrom("feedback_item").selectAll().where("tracking_code", "=", code).executeTakeFirstOrThrow();
    expect(item.channel).toBe("hotline");
    expect(item.created_by).toBe(await userId("motcua.bmt"));
    expect(item.contact_phone).toBe("0901234567");
    expect(item.agency_id).toBe(await agencyId("UBND-BMT")); // hộ tịch in Buôn Ma Thuột
    const audit = await lastAudit("feedback.enter", item.id);
    expect(audit?.user_id).toBe(await userId("motcua.bmt"));
    expect(JSON.parse(audit!.after_json!)).toMatchObject({ trackingCode: code, channel: "hotline", servicePoint: "MC-BMT" });
    // A double submit stores once.
    const again = await post("/tiep-nhan", "motcua.bmt", fields);
    expect(again.text).toContain(code);
    expect(Number((await db.selectFrom("feedback_item").select((eb) => eb.fn.countAll<number>().as("c")).where("idempotency_key", "=", key).executeTakeFirstOrThrow()).c)).toBe(1);
  });

  it("refuses another desk's service point, a public channel and bad input, storing nothing", async () => {
    const count = async () => Number((await db.selectFrom("feedback_item").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
    const before = await count();
    const other = await post("/tiep-nhan", "motcua.bmt", { intent: "enter", channel: "paper", servicePoint: "TTPVHCC-DLK", kind: "gop_y", text: "Góp ý về thái độ phục vụ tại trung tâm tỉnh." });
    expect(other.status).toBe(403);
    expect(visible(other.text)).toContain("Bạn chỉ nhập được phản ánh cho điểm phục vụ của mình.");
    const web = await post("/tiep-nhan", "motcua.bmt", { intent: "enter", channel: "web", servicePoint: "MC-BMT", kind: "gop_y", text: "Góp ý về thái độ phục vụ tại quầy." });
    expect(web.status).toBe(422);
    expect(visible(web.text)).toContain("Hãy chọn kênh tiếp nhận");
    const bad = await post("/tiep-nhan", "motcua.bmt", { intent: "enter", channel: "paper", servicePoint: "MC-BMT", kind: "", text: "ngắn", contactPhone: "123", contactName: "Lê Văn Nhập" });
    expect(bad.status).toBe(422);
    const t = visible(bad.text);
    expect(t).toContain("Hãy chọn loại");
    expect(t).toContain("Nội dung quá ngắn");
    expect(t).toContain("Số điện thoại không hợp lệ");
    expect(bad.text).toContain('value="Lê Văn Nhập"'); // what was typed is kept
    expect(await count()).toBe(before);
    expect((await get("/tiep-nhan", "canbo.stp")).status).toBe(403);
    expect((await post("/tiep-nhan", "canbo.stp", { intent: "enter", channel: "paper", servicePoint: "MC-BMT", kind: "gop_y", text: "Góp ý từ người không có quyền nhập." })).status).toBe(403);
    expect(await count()).toBe(before);
  });
});

describe("routing rules", () => {
  it("adds a rule, tests routing with it, deactivates it (kept as history), all audited", async () => {
    expect((await get("/quan-tri/phan-loai", "canbo.stp")).status).toBe(403);
    const before = visible((await get("/quan-tri/phan-loai?thu=1&topic=xay-dung&unit=EKA", "admin")).text);
    expect(before).toContain("Sở Xây dựng (SXD)");

    const empty = await post("/quan-tri/phan-loai", "admin", { intent: "create", topic: "", unit: "", agency: "UBND-EKA", priority: "100" });
    expect(empty.status).toBe(400);
    expect(visible(empty.text)).toContain("Hãy chọn lĩnh vực, đơn vị hành chính hoặc cả hai");

    const r = await post("/quan-tri/phan-loai", "admin", { intent: "create", topic: "xay-dung", unit: "EKA", agency: "UBND-EKA", priority: "50" });
    expect(r.status).toBe(302);
    const id = Number(/ref=(\d+)/.exec(r.location!)![1]);
    const rule = await db.selectFrom("routing_rule").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(rule).toMatchObject({ topic: "xay-dung", agency_id: await agencyId("UBND-EKA"), priority: 50, active: 1, created_by: await userId("admin") });
    expect((await lastAudit("routing_rule.create", id))?.user_id).toBe(await userId("admin"));

    const tested = visible((await get("/quan-tri/phan-loai?thu=1&topic=xay-dung&unit=EKA-EAKNOP", "admin")).text);
    expect(tested).toContain("(UBND-EKA)");
    expect(tested).toContain(`Theo quy tắc số ${id}`);
    const complaint = visible((await get("/quan-tri/phan-loai?thu=1&topic=xay-dung&unit=EKA&kind=khieu_nai", "admin")).text);
    expect(complaint).toContain("(TTRA)");
    // The rule is used by intake at once.
    const routed = await submitFeedback(db, { ...base, topic: "xay-dung", unit: "EKA" }, { channel: "web" });
    expect((await getItem(db, routed.id)).agency_id).toBe(await agencyId("UBND-EKA"));

    const off = await post("/quan-tri/phan-loai", "admin", { intent: "deactivate", id });
    expect(off.status).toBe(302);
    const after = await db.selectFrom("routing_rule").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(after.active).toBe(0);
    expect(after.deactivated_at).not.toBeNull();
    const audit = await lastAudit("routing_rule.deactivate", id);
    expect(JSON.parse(audit!.before_json!).active).toBe(1);
    expect(JSON.parse(audit!.after_json!).active).toBe(0);
    expect(visible((await get("/quan-tri/phan-loai?thu=1&topic=xay-dung&unit=EKA", "admin")).text)).toContain("Sở Xây dựng (SXD)");
    const page = await get("/quan-tri/phan-loai", "admin");
    expect(page.text).toContain(`data-rule="${id}"`); // still listed, in the history
    expect((await post("/quan-tri/phan-loai", "admin", { intent: "deactivate", id })).status).toBe(409);
    expect((await post("/quan-tri/phan-loai", "canbo.stp", { intent: "deactivate", id: 1 })).status).toBe(403);
  });
});

describe("holiday calendar and deadline rules", () => {
  const dueOf = async (q: string) => /data-due="(\d{4}-\d{2}-\d{2})"/.exec((await get(`/quan-tri/ngay-nghi?${q}`, "admin")).text)?.[1];

  it("a holiday added or removed changes the computed due date", async () => {
    expect((await get("/quan-tri/ngay-nghi", "canbo.stp")).status).toBe(403);
    // Monday 2031-03-03 + 10 working days = Monday 2031-03-17 (no holidays then).
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-17");
    const r = await post("/quan-tri/ngay-nghi", "admin", { intent: "add", day: "2031-03-05", kind: "holiday", name: "Nghỉ thử" });
    expect(r.status).toBe(302);
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-18");
    expect(await lastAudit("holiday.add", "2031-03-05")).toBeDefined();
    // Intake uses the same calendar.
    const item = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA" }, { channel: "web", now: new Date("2031-03-03T02:00:00Z") });
    expect((await getItem(db, item.id)).due_day).toBe("2031-03-18");
    // A worked Saturday counts again.
    const sat = await post("/quan-tri/ngay-nghi", "admin", { intent: "add", day: "2031-03-08", kind: "working_weekend", name: "Làm bù" });
    expect(sat.status).toBe(302);
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-17");
    const notWeekend = await post("/quan-tri/ngay-nghi", "admin", { intent: "add", day: "2031-03-10", kind: "working_weekend" });
    expect(notWeekend.status).toBe(400);
    expect(visible(notWeekend.text)).toContain("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.");
    const dup = await post("/quan-tri/ngay-nghi", "admin", { intent: "add", day: "2031-03-05", kind: "holiday" });
    expect(dup.status).toBe(409);
    for (const day of ["2031-03-05", "2031-03-08"]) expect((await post("/quan-tri/ngay-nghi", "admin", { intent: "remove", day })).status).toBe(302);
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-17");
    expect(await lastAudit("holiday.remove", "2031-03-05")).toBeDefined();
    const list = await get("/quan-tri/ngay-nghi?year=2024", "admin");
    expect(list.text).toContain('data-day="2024-02-12"'); // Tết 2024 from the seed
  });

  it("edits the working days per kind × step, in one audited change", async () => {
    const grid: Record<string, string> = { intent: "deadlines", d_all_forwarding: "5", d_all_handling: "10", d_khieu_nai_handling: "30", d_to_cao_handling: "30" };
    const bad = await post("/quan-tri/ngay-nghi", "admin", { ...grid, d_phan_anh_handling: "0" });
    expect(bad.status).toBe(400);
    expect(visible(bad.text)).toContain("Số ngày làm việc là số nguyên từ 1 đến 90.");
    const r = await post("/quan-tri/ngay-nghi", "admin", { ...grid, d_phan_anh_handling: "7" });
    expect(r.status).toBe(302);
    // 2031-03-03 + 7 working days = 2031-03-12; góp ý now inherits the general 10.
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-12");
    expect(await dueOf("from=2031-03-03&kind=gop_y&step=handling")).toBe("2031-03-17");
    const rows = await db.selectFrom("deadline_rule").selectAll().where("kind", "=", "phan_anh").execute();
    expect(rows.map((x) => [x.step, x.working_days])).toEqual([["handling", 7]]);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "deadline_rule.update").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)["phan_anh:handling"]).toBe(7);
    expect(JSON.parse(audit.before_json!)["phan_anh:handling"]).toBe(10);
    // Restore the defaults for the other tests.
    await post("/quan-tri/ngay-nghi", "admin", { ...grid, d_gop_y_handling: "10", d_phan_anh_handling: "10", d_kien_nghi_handling: "10" });
    expect(await dueOf("from=2031-03-03&kind=phan_anh&step=handling")).toBe("2031-03-17");
  });
});

describe("the outbox", () => {
  it("masks recipients and sends a failed message again on request", async () => {
    expect(maskRecipient("sms", "0912345678")).toBe("09******78");
    const now = new Date().toISOString();
    const m = await db.insertInto("outbox").values({
      channel: "sms", recipient: "0977123456", subject: null, body: "Hài Lòng: thử gửi lại.", dedupe_key: "test:retry:1", status: "failed",
      attempts: 8, next_attempt_at: now, last_error: "Cổng SMS không phản hồi", created_at: now, sent_at: null,
    }).returning("id").executeTakeFirstOrThrow();
    expect((await get("/quan-tri/thu-gui", "canbo.stp")).status).toBe(403);
    const page = await get("/quan-tri/thu-gui?status=failed", "admin");
    expect(page.status).toBe(200);
    expect(page.text).toContain("09******56");
    expect(page.text).not.toContain("0977123456");
    expect(page.text).toContain("Cổng SMS không phản hồi");
    expect(page.text).not.toContain("0912345678");
    const r = await post("/quan-tri/thu-gui", "admin", { intent: "retry", id: m.id });
    expect(r.status).toBe(302);
    expect(r.location).toContain("ok=sent");
    const after = await db.selectFrom("outbox").selectAll().where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(after.status).toBe("sent");
    expect(after.attempts).toBe(1);
    expect(after.last_error).toBeNull();
    const audit = await lastAudit("outbox.retry", m.id);
    expect(JSON.parse(audit!.before_json!).status).toBe("failed");
    expect((await post("/quan-tri/thu-gui", "admin", { intent: "retry", id: m.id })).status).toBe(409);
  });
});

describe("feedbackFigures (hand-computed)", () => {
  let fdb: Db;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-figures-"));
    fdb = createDb(path.join(dir, "figures.db"));
    await migrateToLatest(fdb);
    await loadReferenceData(fdb);
    await loadDemoAccounts(fdb);
  });
  afterAll(async () => fdb?.destroy());

  it("counts, on-time rate, median working days, backlog, overdue and ratings per agency", async () => {
    const officer = (await fdb.selectFrom("app_user").select("id").where("username", "=", "canbo.stp").executeTakeFirstOrThrow()).id;
    const at = (iso: string) => new Date(iso);
    const submit = async (topic: string, unit: string, received: string) => {
      const r = await submitFeedback(fdb, { ...base, topic, unit }, { channel: "web", now: at(received) });
      return r;
    };
    const answer = async (r: { id: number }, when: string) => answerItem(fdb, r.id, "Đã trả lời đầy đủ cho người gửi.", (await getItem(fdb, r.id)).version, { userId: officer }, at(when));
    // Sở Tư pháp (chứng thực, Ea Kar). Received Monday 03/06/2024 09:00 → due 17/06 (10 working days).
    const s1 = await submit("chung-thuc", "EKA", "2024-06-03T02:00:00Z");
    await answer(s1, "2024-06-07T03:00:00Z"); // Fri 07/06: 4 working days, on time
    const s2 = await submit("chung-thuc", "EKA", "2024-06-03T02:00:00Z");
    await answer(s2, "2024-06-20T03:00:00Z"); // Thu 20/06: 13 working days, late
    const s3 = await submit("chung-thuc", "EKA", "2024-04-15T02:00:00Z"); // due 03/05 (18/04, 29–30/04, 01/05 are holidays)
    expect((await getItem(fdb, s3.id)).due_day).toBe("2024-05-03");
    await answer(s3, "2024-04-26T03:00:00Z"); // 16, 17, 19, 22–26/04: 8 working days, on time
    const s5 = await submit("chung-thuc", "EKA", "2024-06-03T02:00:00Z");
    await answer(s5, "2024-06-17T16:30:00Z"); // 23:30 on 17/06 in Vietnam = the due day: on time, 10 working days
    await submit("chung-thuc", "EKA", "2024-06-03T02:00:00Z"); // s4: open, due 17/06 → overdue on 01/07
    await submit("chung-thuc", "EKA", "2023-12-01T02:00:00Z"); // another year: not counted
    // UBND TP Buôn Ma Thuột (chứng thực, Buôn Ma Thuột).
    const b1 = await submit("chung-thuc", "BMT", "2024-06-03T02:00:00Z");
    await answer(b1, "2024-06-10T03:00:00Z"); // Mon 10/06: 5 working days, on time
    await submit("chung-thuc", "BMT", "2024-06-24T02:00:00Z"); // b2: open, due 08/07 → not overdue on 01/07
    // The coordinator's queue: forwarding 5 working days → due 10/06, overdue on 01/07.
    await submit("khac", "EKA", "2024-06-03T02:00:00Z");
    // Sender ratings: 5, 2, 4 → 3 ratings, 2 satisfied.
    for (const [r, v] of [[s1, 5], [s2, 2], [b1, 4]] as const) await rateItem(fdb, r.trackingCode, v);

    const f = await feedbackFigures(fdb, { year: 2024, unitId: null, now: at("2024-07-01T03:00:00Z") });
    expect(f.agencies.map((a) => a.agencyCode)).toEqual(["STP", "UBND-BMT", null]); // weakest first, nothing answered last
    const [stp, bmt, queue] = f.agencies;
    expect(stp).toMatchObject({ received: 5, answered: 4, answeredOnTime: 3, onTimeRate: 0.75, medianWorkingDays: 9, backlog: 1, overdue: 1 }); // median of 4, 8, 10, 13
    expect(bmt).toMatchObject({ received: 2, answered: 1, answeredOnTime: 1, onTimeRate: 1, medianWorkingDays: 5, backlog: 1, overdue: 0 });
    expect(queue).toMatchObject({ received: 1, answered: 0, onTimeRate: null, medianWorkingDays: null, backlog: 1, overdue: 1 });
    expect(f.totals).toMatchObject({ received: 8, answered: 5, answeredOnTime: 4, onTimeRate: 0.8, medianWorkingDays: 8, backlog: 3, overdue: 2 }); // median of 4, 5, 8, 10, 13
    expect(f.ratings).toEqual({ channel: "phản hồi sau xử lý", count: 3, satisfied: 2, satisfiedShare: 2 / 3 });

    const bmtUnit = (await fdb.selectFrom("admin_unit").select("id").where("code", "=", "BMT").executeTakeFirstOrThrow()).id;
    const scoped = await feedbackFigures(fdb, { year: 2024, unitId: bmtUnit, now: at("2024-07-01T03:00:00Z") });
    expect(scoped.agencies.map((a) => a.agencyCode)).toEqual(["UBND-BMT"]);
    expect(scoped.ratings.count).toBe(1);
    // The calendar the figures use is the one intake uses.
    expect(addWorkingDays("2024-04-15", 10, await loadCalendar(fdb))).toBe("2024-05-03");
    expect(median([4, 13, 8])).toBe(8);
    expect(median([])).toBeNull();
  });
});
