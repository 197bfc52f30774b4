import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadDemoAccounts, loadReferenceData } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { InputError } from "../../app/platform/errors";
import { citizenLanguages, citizenSettings, citizenSettingsForm, DEFAULT_CITIZEN_SETTINGS, saveCitizenSettings } from "../../app/services/admin/citizen-settings.server";
import { registerLocales } from "../../app/i18n/locales";

// Issue 17: a kiosk rating of 1 or 2 with reasons and a reply request becomes a routed feedback item
// with the phone number, in the response's transaction; the plain path creates nothing.

let db: Db;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-followup-"));
  db = createDb(path.join(dir, "f.db"));
  await migrateToLatest(db);
  await loadReferenceData(db);
  await loadDemoAccounts(db);
});
afterAll(async () => db?.destroy());

let n = 0;
const body = (answers: Record<string, number | null>, extra: Record<string, unknown> = {}) => ({
  questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", answers,
  idempotencyKey: `followup-test-${++n}-${Date.now()}`, submittedAt: new Date(Date.now() - n * 60_000).toISOString(), ...extra,
});
const items = async () => db.selectFrom("feedback_item").selectAll().where("channel", "=", "kiosk").orderBy("id").execute();
const good = { "kiosk.access": 4, "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": 5, "kiosk.feedback": null };

describe("kiosk follow-up after a low rating", () => {
  it("the seed gives the kiosk questions their reasons and 'Không áp dụng' on the feedback question", async () => {
    const qs = await db.selectFrom("question as q").innerJoin("questionnaire_version as v", "v.id", "q.version_id").innerJoin("questionnaire as qn", "qn.id", "v.questionnaire_id")
      .select(["q.code", "q.spec"]).where("qn.code", "=", "sipas-kiosk").execute();
    expect(qs).toHaveLength(5);
    for (const q of qs) expect(JSON.parse(q.spec ?? "{}").reasons.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(qs.find((q) => q.code === "kiosk.feedback")!.spec!).notApplicable).toBe(true);
  });

  it("a plain rating (or a low one with nothing to say) creates no feedback item", async () => {
    const before = (await items()).length;
    await submitResponse(db, body(good));
    await submitResponse(db, body({ ...good, "kiosk.access": 1 }, { followUp: { reasons: [], wantsReply: false, phone: null } }));
    expect((await items()).length).toBe(before);
  });

  it("reasons of the question's data and a reply request become one routed item with the phone, stored once on a replay", async () => {
    const b = body({ ...good, "kiosk.procedures": 2 }, {
      comment: "Phải bổ sung giấy tờ ba lần",
      followUp: { reasons: ["Phải đi lại nhiều lần", "Lý do bịa đặt không có trong dữ liệu"], wantsReply: true, phone: "0912 345 678" },
    });
    const r = await submitResponse(db, b);
    expect(r.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const again = await submitResponse(db, b);
    expect(again.replay).toBe(true);
    const item = await db.selectFrom("feedback_item").selectAll().where("tracking_code", "=", r.trackingCode!).executeTakeFirstOrThrow();
    expect(item.response_id).toBe(r.id);
    expect(item.contact_phone).toBe("0912345678");
    expect(item.agency_id).not.toBeNull();
    expect(item.text).toContain("Phải đi lại nhiều lần");
    expect(item.text).not.toContain("bịa đặt");
    expect(item.text).toContain("Phải bổ sung giấy tờ ba lần");
    expect((await db.selectFrom("feedback_item").select("id").where("response_id", "=", r.id).execute()).length).toBe(1);
  });

  it("a reply request without a valid phone is refused in Vietnamese, storing nothing", async () => {
    const before = await db.selectFrom("response").select(db.fn.countAll<number>().as("c")).executeTakeFirstOrThrow();
    for (const followUp of [{ reasons: [], wantsReply: true, phone: null }, { reasons: [], wantsReply: true, phone: "12ab" }]) {
      const e = await submitResponse(db, body({ ...good, "kiosk.access": 1 }, { followUp })).catch((x) => x);
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).status).toBe(422);
      expect(Object.values((e as InputError).fields).join(" ")).toMatch(/điện thoại/);
    }
    const after = await db.selectFrom("response").select(db.fn.countAll<number>().as("c")).executeTakeFirstOrThrow();
    expect(Number(after.c)).toBe(Number(before.c));
  });
});

describe("citizen settings", () => {
  it("defaults to the published hotline and hides draft languages until turned on", async () => {
    const s = await citizenSettings(db);
    expect(s.hotline).toBe("080.50179");
    expect(s).toEqual(DEFAULT_CITIZEN_SETTINGS);
    const all = [
      { code: "vi", name: "Tiếng Việt", short: "VI", draft: false },
      { code: "rad", name: "Klei Êđê", short: "ÊĐÊ", draft: true },
    ];
    expect(citizenLanguages(s, all).map((l) => l.code)).toEqual(["vi"]);
    expect(citizenLanguages({ draftLanguages: ["rad"] }, all).map((l) => l.code)).toEqual(["vi", "rad"]);
  });

  it("an admin sets the hotline, office hours and the draft languages shown; audited; bad input refused in Vietnamese", async () => {
    registerLocales([{ code: "rad", name: "Klei Êđê", draft: true }]);
    const bad = citizenSettingsForm.safeParse({ hotline: "gọi em đi", officeHours: "", draftLanguages: [] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message).join(" ")).toMatch(/đường dây nóng|giờ làm việc/);
    const input = citizenSettingsForm.parse({ hotline: "0262.3 852 852", officeHours: "Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ", draftLanguages: ["rad", "zz"] });
    await saveCitizenSettings(db, input, { userId: (await db.selectFrom("app_user").select("id").executeTakeFirst())?.id ?? 1, ip: null });
    const s = await citizenSettings(db);
    expect(s.hotline).toBe("0262.3 852 852");
    expect(s.draftLanguages).toEqual(["rad"]); // an unknown language is not kept
    const log = await db.selectFrom("audit_log").select(["action"]).where("action", "=", "settings.citizen").execute();
    expect(log).toHaveLength(1);
  });
});
