import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db as sharedDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadDemoAccounts, loadReferenceData } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { login, type SessionUser } from "../../app/platform/auth.server";
import { readComments, COMMENTS_PAGE_SIZE } from "../../app/services/indices/comments.server";
import { commentFilter } from "../../app/schemas/comments";
import { freshPostgresDatabase } from "../helpers/server";

// The comments view reads only the commented responses (a partial index) and, newest first, rates
// only the days its page reaches: its pages must still be the full order, page after page.

let db: Db;
let user: SessionUser;
const expected: Array<{ id: number; day: string; min: number }> = [];

beforeAll(async () => {
  // The scope checks read the process's database (db()): this file's, made before anything opens it.
  process.env.DATABASE_URL = (await freshPostgresDatabase()) ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hailong-comments-")), "c.db");
  db = sharedDb();
  await migrateToLatest(db);
  await loadReferenceData(db);
  await loadDemoAccounts(db, "Order@2024-test");
  // 130 commented responses over five days (many on the same day, ratings 1–5), and some without words.
  for (let i = 0; i < 140; i++) {
    const day = `2024-05-${String(10 + (i % 5)).padStart(2, "0")}`;
    const min = 1 + ((i * 7) % 5);
    const answers = { "kiosk.access": min, "kiosk.procedures": 5, "kiosk.servants": Math.max(min, 3), "kiosk.results": 5, "kiosk.feedback": null };
    const r = await submitResponse(db, {
      ...(i % 14 === 13 ? {} : { comment: `Ý kiến số ${i}` }),
      questionnaire: "sipas-kiosk", servicePoint: i % 2 ? "MC-BMT" : "MC-EKA", channel: "kiosk", answers,
      idempotencyKey: `comments-order-${i}`, submittedAt: `${day}T0${i % 9}:00:00+07:00`,
    });
    if (i % 14 !== 13) expected.push({ id: r.id, day, min });
  }
  user = (await login(db, { login: "lanhdao.tinh", password: "Order@2024-test", ip: "127.0.0.1" })).user;
});
afterAll(async () => db?.destroy());

describe("the comments view's pages", () => {
  it("newest first: day, then lowest rating, then the newest response, across every page", async () => {
    const order = [...expected].sort((a, b) => b.day.localeCompare(a.day) || a.min - b.min || b.id - a.id).map((r) => r.id);
    const seen: number[] = [];
    for (let page = 1; page <= Math.ceil(order.length / COMMENTS_PAGE_SIZE); page++) {
      const p = await readComments(db, user, commentFilter.parse({ page: String(page) }));
      expect(p.total).toBe(order.length);
      seen.push(...p.rows.map((r) => r.responseId));
    }
    expect(seen).toEqual(order);
  });

  it("lowest rating first, and within a month", async () => {
    const order = [...expected].sort((a, b) => a.min - b.min || b.day.localeCompare(a.day) || b.id - a.id).map((r) => r.id);
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) seen.push(...(await readComments(db, user, commentFilter.parse({ page: String(page), sort: "thap" }))).rows.map((r) => r.responseId));
    expect(seen).toEqual(order);
    const may = await readComments(db, user, commentFilter.parse({ year: "2024", month: "5" }));
    expect(may.total).toBe(order.length);
    expect((await readComments(db, user, commentFilter.parse({ year: "2024", month: "6" }))).total).toBe(0);
  });
});
