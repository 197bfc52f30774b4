import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { currentVersion, updateQuestion } from "../../app/services/surveys/questionnaires.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { loadReferenceData } from "../../app/services/admin/seed.server";
import { InputError } from "../../app/platform/errors";

let db: Db;
beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-q-"));
  db = createDb(path.join(dir, "q.db"));
  await migrateToLatest(db);
  await loadReferenceData(db);
});
afterAll(async () => db?.destroy());

describe("questionnaires are versioned data", () => {
  it("holds the 22 SIPAS criteria and the five kiosk questions, in Vietnamese and English", async () => {
    const full = (await currentVersion(db, "sipas"))!;
    expect(full.questions.map((q) => q.code)).toEqual([
      "access.1", "access.2", "access.3", "access.4",
      "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
      "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6",
      "results.1", "results.2", "results.3",
      "feedback.1", "feedback.2", "feedback.3", "feedback.4",
    ]);
    for (const q of full.questions) {
      expect(q.node_code).toBe(q.code.split(".")[0]);
      expect(q.text.length).toBeGreaterThan(10);
      expect(q.text_en?.length).toBeGreaterThan(10);
    }
    const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
    expect(kiosk.questions.map((q) => q.node_code)).toEqual(["access", "procedures", "servants", "results", "feedback"]);
    expect(kiosk.channels).toEqual(["kiosk"]);
  });

  it("lets a version without responses be edited, and freezes it once answered", async () => {
    const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
    await updateQuestion(db, kiosk.id, "kiosk.access", { text: "Ông/Bà hài lòng thế nào với nơi tiếp đón?" });
    expect((await currentVersion(db, "sipas-kiosk"))!.questions[0].text).toBe("Ông/Bà hài lòng thế nào với nơi tiếp đón?");

    await submitResponse(db, {
      questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", answers: { "kiosk.access": 5 }, idempotencyKey: "freeze-test-1",
    });
    const err = await updateQuestion(db, kiosk.id, "kiosk.access", { text: "Đổi sau khi đã có phiếu" }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).status).toBe(409);
    expect((err as InputError).message).toMatch(/không thể sửa/);
    expect((await currentVersion(db, "sipas-kiosk"))!.questions[0].text).toBe("Ông/Bà hài lòng thế nào với nơi tiếp đón?");
  });
});
