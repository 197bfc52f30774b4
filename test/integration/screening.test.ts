import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { up as screeningUp } from "../../db/migrations/0024_screening";
import { loadReferenceData } from "../../app/services/admin/seed.server";
import { startServer, type TestServer } from "../helpers/server";

// Issue 17: the feedback-handling criteria follow "Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?".
// Which criteria: the questions' data (spec.screen). A "no" stores them as "không áp dụng", not counted.

const specsOf = async (db: Db, questionnaire: string) =>
  Object.fromEntries((await db.selectFrom("question as q").innerJoin("questionnaire_version as v", "v.id", "q.version_id").innerJoin("questionnaire as qn", "qn.id", "v.questionnaire_id")
    .select(["q.code", "q.spec"]).where("qn.code", "=", questionnaire).execute()).map((q) => [q.code, JSON.parse(q.spec ?? "{}") as Record<string, any>]));

describe("the screening question in the data", () => {
  let db: Db;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-screen-"));
    db = createDb(path.join(dir, "s.db"));
    await migrateToLatest(db);
    await loadReferenceData(db);
  });
  afterAll(async () => db?.destroy());

  it("the seed puts it on the feedback criteria of the online and the kiosk questionnaires, and on no other", async () => {
    for (const qn of ["sipas", "sipas-kiosk"]) {
      const specs = await specsOf(db, qn);
      const gated = Object.entries(specs).filter(([, s]) => s.screen).map(([c]) => c);
      expect(gated.length).toBeGreaterThan(0);
      for (const c of gated) {
        expect(c).toMatch(/feedback/);
        expect(specs[c].screen).toMatchObject({ key: "feedback-sent", text: "Ông/Bà đã từng gửi phản ánh, kiến nghị chưa?" });
      }
    }
    expect(Object.keys(await specsOf(db, "sipas")).filter((c) => c.startsWith("feedback."))).toHaveLength(4);
    // The kiosk question keeps its reasons and "Không áp dụng" next to the screen.
    expect((await specsOf(db, "sipas-kiosk"))["kiosk.feedback"]).toMatchObject({ notApplicable: true, screen: { key: "feedback-sent" } });
  });

  it("migration 0022 gives an existing database the same, merged into the spec it has, and leaves a set screen alone", async () => {
    await db.updateTable("question").set({ spec: JSON.stringify({ notApplicable: true, reasons: [{ label: "Trả lời chậm" }] }) }).where("code", "=", "kiosk.feedback").execute();
    await db.updateTable("question").set({ spec: null }).where("code", "=", "feedback.2").execute();
    await db.updateTable("question").set({ spec: JSON.stringify({ screen: { key: "mine", text: "Của tôi?" } }) }).where("code", "=", "feedback.3").execute();
    await screeningUp(db);
    const kiosk = (await specsOf(db, "sipas-kiosk"))["kiosk.feedback"];
    expect(kiosk).toMatchObject({ notApplicable: true, reasons: [{ label: "Trả lời chậm" }], screen: { key: "feedback-sent" } });
    const online = await specsOf(db, "sipas");
    expect(online["feedback.2"].screen.key).toBe("feedback-sent");
    expect(online["feedback.3"].screen.key).toBe("mine");
    expect(online["access.1"].screen).toBeUndefined();
  });
});

describe("the online survey with a 'no' to the screening question (real HTTP, no JavaScript)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server?.stop());

  const CODES = ["access.1", "access.2", "access.3", "access.4", "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
    "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6", "results.1", "results.2", "results.3"];
  const post = async (fields: Record<string, string>) => {
    const body = new URLSearchParams({ servicePoint: "MC-BMT", lang: "vi", idempotencyKey: `screen-${Math.random().toString(36).slice(2)}-key`, ...fields });
    return fetch(`${server.url}/s/sipas?point=MC-BMT`, { method: "POST", body, redirect: "manual", headers: { "x-forwarded-for": `10.9.${Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 200)}` } });
  };
  const answered = Object.fromEntries(CODES.map((c) => [`answers.${c}`, "4"]));

  it("stores the feedback criteria as 'không áp dụng' even when ratings were sent, and they count in no rate", async () => {
    const r = await post({ ...answered, "screen.feedback-sent": "0", "answers.feedback.1": "1", "answers.feedback.2": "2", step: "4", intent: "send" });
    expect(r.status).toBe(303);
    const db = createDb(server.dbPath);
    try {
      const rows = await db.selectFrom("answer as a").innerJoin("question as q", "q.id", "a.question_id").innerJoin("response as r", "r.id", "a.response_id")
        .select(["q.code", "a.value"]).where("r.channel", "=", "online").execute();
      const by = Object.fromEntries(rows.map((x) => [x.code, x.value]));
      for (const c of ["feedback.1", "feedback.2", "feedback.3", "feedback.4"]) expect(by[c] ?? null).toBeNull();
      expect(by["access.1"]).toBe(4);
      const roll = await db.selectFrom("rollup_question_day").select(["question_code", "value", "count"]).where("question_code", "like", "feedback.%").execute();
      // Rolled up under 0 (not applicable) only: no satisfied or dissatisfied count.
      for (const x of roll as Array<{ value: number }>) expect(x.value).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it("with the screening question unanswered and its criteria empty, the page asks for it (not for each criterion)", async () => {
    const r = await post({ ...answered, step: "4", intent: "send" });
    expect(r.status).toBe(422);
    const html = await r.text();
    expect(html).toContain("Vui lòng chọn “Có” hoặc “Chưa”.");
    expect(html).toContain('href="#screen-feedback-sent"');
    expect(html).not.toContain('href="#q-feedback-1"');
  });
});
