import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData, loadDemoAccounts } from "../../app/services/admin/seed.server";
import { answerItem, assignItem, getItem, publishItem, rateItem, runDeadlines, submitFeedback, trackItem, transferItem, listPublished } from "../../app/services/feedback/feedback.server";
import { processOutbox, type Sender } from "../../app/platform/notify.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { InputError } from "../../app/platform/errors";

let db: Db;
let admin: number;
let officer: number;
const agency = async (code: string) => (await db.selectFrom("agency").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
const events = async (id: number) => (await db.selectFrom("feedback_event").select(["kind", "is_public", "to_agency_id", "reason"]).where("item_id", "=", id).orderBy("id").execute());

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-fb-"));
  db = createDb(path.join(dir, "fb.db"));
  await migrateToLatest(db);
  await loadReferenceData(db);
  await loadDemoAccounts(db);
  admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
  officer = (await db.selectFrom("app_user").select("id").where("username", "=", "canbo.stp").executeTakeFirstOrThrow()).id;
});
afterAll(async () => db?.destroy());

const base = { kind: "phan_anh", text: "Bộ phận một cửa hẹn trả kết quả chứng thực nhưng đến hẹn vẫn chưa có." };

describe("feedback intake and routing", () => {
  it("routes by topic and unit, with a handling deadline in working days and an unguessable code", async () => {
    const now = new Date("2024-02-07T03:00:00Z"); // Wednesday before Tết 2024
    const r = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA" }, { channel: "web", now });
    expect(r.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const item = await getItem(db, r.id);
    expect(item.agency_id).toBe(await agency("STP"));
    expect(item.status).toBe("assigned");
    // 10 working days after 07/02/2024, skipping Tết (08–14/02) and weekends:
    // 15, 16, 19, 20, 21, 22, 23, 26, 27, 28 → 28/02/2024
    expect(item.due_day).toBe("2024-02-28");
    const bmt = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "BMT-TANLOI" }, { channel: "web", now });
    expect((await getItem(db, bmt.id)).agency_id).toBe(await agency("UBND-BMT"));
  });

  it("sends formal complaints to the inspectorate and unroutable items to the coordinator's queue", async () => {
    const c = await submitFeedback(db, { ...base, kind: "khieu_nai", topic: "dat-dai", unit: "EKA" }, { channel: "web" });
    const ci = await getItem(db, c.id);
    expect(ci.agency_id).toBe(await agency("TTRA"));
    expect(ci.is_formal).toBe(1);
    const q = await submitFeedback(db, { ...base, topic: "khac", unit: "EKA" }, { channel: "web" });
    const qi = await getItem(db, q.id);
    expect(qi.agency_id).toBeNull();
    expect(qi.status).toBe("received");
    expect(qi.step).toBe("forwarding");
    expect((await events(q.id)).map((e) => e.kind)).toEqual(["received", "queued"]);
  });

  it("stores a replay once and refuses bad input without storing", async () => {
    const before = Number((await db.selectFrom("feedback_item").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
    const a = await submitFeedback(db, { ...base, idempotencyKey: "fb-replay-0001" }, { channel: "api" });
    const b = await submitFeedback(db, { ...base, idempotencyKey: "fb-replay-0001" }, { channel: "api" });
    expect(b).toEqual({ ...a, replay: true });
    for (const bad of [{}, { ...base, kind: "khac" }, { ...base, text: "ngắn" }, { ...base, text: "x".repeat(5001) }, { ...base, contactPhone: "12345" }, { ...base, contactEmail: "khong-phai-email" }, { ...base, servicePoint: "KHONG-CO" }, { ...base, text: "có ký tự \u0000 nhị phân trong nội dung" }]) {
      const e = await submitFeedback(db, bad, { channel: "web" }).catch((x) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).status).toBe(422);
    }
    const after = Number((await db.selectFrom("feedback_item").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
    expect(after).toBe(before + 1);
  });

  it("turns a kiosk comment with a low rating into feedback for the desk's agency, in the same transaction", async () => {
    const r = await submitResponse(db, {
      questionnaire: "sipas-kiosk", servicePoint: "MC-EKA", channel: "kiosk", idempotencyKey: "kiosk-low-0001",
      answers: { "kiosk.access": 2, "kiosk.servants": 5 }, comment: "Phải chờ lâu",
    });
    const item = await db.selectFrom("feedback_item").selectAll().where("response_id", "=", r.id).executeTakeFirstOrThrow();
    expect(item.channel).toBe("kiosk");
    expect(item.agency_id).toBe(await agency("UBND-EKA"));
    expect(item.text).toBe("Phải chờ lâu");
    // A happy kiosk comment stays a comment.
    const ok = await submitResponse(db, { questionnaire: "sipas-kiosk", servicePoint: "MC-EKA", channel: "kiosk", idempotencyKey: "kiosk-ok-0001", answers: { "kiosk.access": 5 }, comment: "Rất tốt" });
    expect(await db.selectFrom("feedback_item").select("id").where("response_id", "=", ok.id).executeTakeFirst()).toBeUndefined();
  });
});

describe("handling, publication and the sender's rating", () => {
  it("transfers with a reason, answers, publishes without personal data, and takes one rating", async () => {
    const r = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA", contactName: "Nguyễn Văn A", contactPhone: "0912345678", consentPublish: true }, { channel: "web" });
    let item = await getItem(db, r.id);
    await expect(transferItem(db, r.id, "SXD", "", item.version, { userId: officer })).rejects.toThrow(/lý do/);
    await transferItem(db, r.id, "SXD", "Nội dung thuộc lĩnh vực xây dựng", item.version, { userId: officer });
    item = await getItem(db, r.id);
    expect(item.agency_id).toBe(await agency("SXD"));
    // A stale version is refused, not merged.
    await expect(answerItem(db, r.id, "Câu trả lời dựa trên phiên bản cũ.", item.version - 1, { userId: officer })).rejects.toMatchObject({ code: "conflict", status: 409 });
    await answerItem(db, r.id, "Sở Xây dựng đã kiểm tra và trả kết quả cho Ông/Bà ngày 20/06.", item.version, { userId: officer });
    item = await getItem(db, r.id);
    await rateItem(db, r.trackingCode, 4);
    await expect(rateItem(db, r.trackingCode, 5)).rejects.toMatchObject({ code: "already_rated" });
    await publishItem(db, r.id, "Chậm trả kết quả chứng thực tại huyện Ea Kar đã được xử lý.", item.version, { userId: admin });
    const pub = await listPublished(db, { q: "Ea Kar" });
    expect(pub.total).toBe(1);
    const json = JSON.stringify(pub);
    expect(json).not.toContain("Nguyễn Văn A");
    expect(json).not.toContain("0912345678");
    const track = await trackItem(db, r.trackingCode.toLowerCase().replace("-", ""));
    expect(track!.status).toBe("published");
    expect(track!.events.map((e) => e.kind)).toEqual(["received", "routed", "transferred", "answered", "rated", "published"]);
    expect(JSON.stringify(track)).not.toContain("0912345678");
    // The outbox holds the acknowledgement and the answer for the sender's phone.
    const sms = await db.selectFrom("outbox").select(["channel", "recipient", "body"]).where("recipient", "=", "0912345678").execute();
    expect(sms.map((m) => m.body)).toEqual([expect.stringContaining(r.trackingCode), expect.stringContaining("đã được trả lời")]);
  });

  it("refuses to publish without the sender's consent", async () => {
    const r = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "EKA" }, { channel: "web" });
    let item = await getItem(db, r.id);
    await answerItem(db, r.id, "Đã xử lý xong theo đúng quy định hiện hành.", item.version, { userId: officer });
    item = await getItem(db, r.id);
    await expect(publishItem(db, r.id, "Tóm tắt nội dung để công khai.", item.version, { userId: admin })).rejects.toMatchObject({ code: "no_consent" });
  });

  it("assigns from the coordinator's queue", async () => {
    const q = await submitFeedback(db, { ...base, topic: "khac" }, { channel: "hotline", actorUserId: admin });
    const item = await getItem(db, q.id);
    await assignItem(db, q.id, "SCT", "Thuộc lĩnh vực công thương", item.version, { userId: admin });
    expect((await getItem(db, q.id)).agency_id).toBe(await agency("SCT"));
  });
});

describe("deadlines and the outbox", () => {
  it("reminds before the due day and escalates to the parent agency once overdue", async () => {
    const now = new Date("2024-06-03T02:00:00Z"); // Monday
    const r = await submitFeedback(db, { ...base, topic: "chung-thuc", unit: "BMT" }, { channel: "web", now });
    const item = await getItem(db, r.id);
    expect(item.due_day).toBe("2024-06-17"); // 10 working days
    await runDeadlines(db, new Date("2024-06-13T02:00:00Z"));
    expect(await db.selectFrom("outbox").select("id").where("dedupe_key", "=", `remind:${r.id}:2024-06-17`).executeTakeFirst()).toBeDefined();
    await runDeadlines(db, new Date("2024-06-18T02:00:00Z"));
    const after = await getItem(db, r.id);
    expect(after.escalation_level).toBe(1);
    const esc = (await events(r.id)).find((e) => e.kind === "escalated")!;
    expect(esc.to_agency_id).toBe(await agency("UBND-DLK")); // UBND-BMT's parent
    expect(esc.is_public).toBe(0);
  });

  it("keeps a message that fails to send and sends it on a later try", async () => {
    await db.updateTable("outbox").set({ status: "sent" }).where("status", "=", "pending").execute();
    const r = await submitFeedback(db, { ...base, contactEmail: "nguoidan@example.vn" }, { channel: "web" });
    let calls = 0;
    const flaky: Sender = { async send() { calls += 1; if (calls === 1) throw new Error("gateway down"); } };
    const t0 = new Date();
    const first = await processOutbox(db, flaky, t0);
    expect(first).toEqual({ sent: 0, failed: 1 });
    const row = await db.selectFrom("outbox").selectAll().where("dedupe_key", "=", `ack:email:${r.id}`).executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe("gateway down");
    expect(await processOutbox(db, flaky, t0)).toEqual({ sent: 0, failed: 0 }); // not due yet
    const later = await processOutbox(db, flaky, new Date(t0.getTime() + 61_000));
    expect(later).toEqual({ sent: 1, failed: 0 });
    expect((await db.selectFrom("outbox").select("status").where("id", "=", row.id).executeTakeFirstOrThrow()).status).toBe("sent");
  });
});
