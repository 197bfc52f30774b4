import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { groupCommit } from "../../app/services/surveys/group-commit.server";
import { RollupBatch } from "../../app/services/surveys/response-store.server";
import { isPostgres } from "../../app/platform/db.server";
import { freshPostgresDatabase } from "../helpers/server";

// Group commit (docs/decisions/0010-group-commit.md): writes that arrive together share one
// transaction; a failing write fails alone; each is acknowledged only after its commit.
describe("group commit of submissions", () => {
  let db: Db;
  let url: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-group-"));
  beforeAll(async () => {
    // A fresh PostgreSQL database under npm run test:postgres, a SQLite file otherwise.
    url = (await freshPostgresDatabase()) ?? path.join(dir, "g.db");
    db = createDb(url);
    await migrateToLatest(db);
    await loadReferenceData(db);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const body = (k: number, key = `group-test-${k}`) => ({
    questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk",
    answers: { "kiosk.access": 1 + (k % 5), "kiosk.procedures": 5, "kiosk.servants": 4, "kiosk.results": 4, "kiosk.feedback": 3 }, idempotencyKey: key,
  });
  const count = async (like: string) =>
    Number((await db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("c")).where("idempotency_key", "like", like).executeTakeFirstOrThrow()).c);

  it("stores concurrent submissions each once, with their rollups", async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, k) => submitResponse(db, body(k))));
    expect(new Set(results.map((r) => r.id)).size).toBe(40);
    expect(results.every((r) => !r.replay)).toBe(true);
    expect(await count("group-test-%")).toBe(40);
    // Rollups hold every one of them: 40 answers to kiosk.access for the day.
    const q = await db.selectFrom("rollup_question_month").select((eb) => eb.fn.sum<number>("count").as("n"))
      .where("question_code", "=", "kiosk.access").where("channel", "=", "kiosk").executeTakeFirstOrThrow();
    expect(Number(q.n)).toBe(40);
    // The yearly rollups hold the same sums as the monthly ones.
    for (const [month, year] of [["rollup_question_month", "rollup_question_year"], ["rollup_node_month", "rollup_node_year"]] as const) {
      const col = month === "rollup_question_month" ? "count" : "n";
      const m = await db.selectFrom(month).select((eb) => eb.fn.sum<number>(col).as("s")).executeTakeFirstOrThrow();
      const y = await db.selectFrom(year).select((eb) => eb.fn.sum<number>(col).as("s")).executeTakeFirstOrThrow();
      expect(Number(y.s)).toBe(Number(m.s));
      expect(Number(y.s)).toBeGreaterThan(0);
    }
  });

  it("writes that arrive together share one transaction", async () => {
    const seen = new Set<unknown>();
    const n = await Promise.all(Array.from({ length: 20 }, (_, k) => groupCommit(db, async (trx) => {
      seen.add(trx);
      await trx.insertInto("setting").values({ key: `shared-${k}`, value: "1" }).execute();
      return k;
    })));
    expect(n).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(seen.size).toBe(1);
    expect((await db.selectFrom("setting").select("key").where("key", "like", "shared-%").execute()).length).toBe(20);
  });

  it("a failing write in a group fails alone; the others of the group are stored", async () => {
    const ok = (k: number) => groupCommit(db, async (trx) => {
      await trx.insertInto("setting").values({ key: `group-${k}`, value: String(k) }).execute();
      return k;
    });
    const bad = groupCommit(db, async (trx) => {
      await trx.insertInto("setting").values({ key: "group-bad", value: "x" }).execute();
      throw new Error("boom");
    });
    const settled = await Promise.allSettled([ok(1), ok(2), bad, ok(3)]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    const keys = (await db.selectFrom("setting").select("key").where("key", "like", "group-%").execute()).map((r) => r.key).sort();
    expect(keys).toEqual(["group-1", "group-2", "group-3"]);
  });

  it("a group's responses are stored by one insert, and flagged only against the responses stored before them, as one by one", async () => {
    const point = await db.selectFrom("service_point").select("id").where("code", "=", "MC-BMT").executeTakeFirstOrThrow();
    const device = await db.insertInto("kiosk_device").values({ service_point_id: point.id, name: "Quầy nhóm", token_hash: "group-test-device", paired_at: new Date().toISOString(), paired_by: null, last_seen_at: null })
      .returning("id").executeTakeFirstOrThrow();
    // The times of the one-by-one test (kiosk-devices.test.ts): 0 s, 2 s (too fast), 20 s, then every 6 s.
    const t0 = Date.parse("2024-07-01T09:00:00+07:00");
    const times = [0, 2, 20, 26, 32, 38, 44, 50, 56];
    const results = await Promise.all(times.map((s, i) =>
      submitResponse(db, { ...body(i, `group-flag-${i}`), submittedAt: new Date(t0 + s * 1000).toISOString() }, new Date(), { deviceId: Number(device.id) })));
    // One group: consecutive ids.
    const ids = results.map((r) => r.id).sort((a, b) => a - b);
    expect(ids[ids.length - 1] - ids[0]).toBe(times.length - 1);
    // The rule, response by response in the order they were stored (ids), looking only at those before.
    const byId = results.map((r, i) => ({ id: r.id, t: times[i], flags: r.flags ?? [] })).sort((a, b) => a.id - b.id);
    const expected = byId.map((r, k) => {
      const before = byId.slice(0, k);
      const reasons: string[] = [];
      if (before.some((o) => o.t > r.t - 5 && o.t <= r.t)) reasons.push("too_fast");
      if (before.filter((o) => o.t > r.t - 60 && o.t <= r.t).length + 1 > 6) reasons.push("too_many");
      return reasons;
    });
    expect(byId.map((r) => r.flags)).toEqual(expected);
    // In arrival order that is the one-by-one result: #1 too fast, #6, #7 and #8 too many.
    if (byId.every((r, k) => r.t === times[k])) expect(expected.filter((f) => f.length).length).toBe(4);
  });

  it("writers of the same rollup rows in opposite orders wait for each other and never deadlock", async () => {
    // On PostgreSQL two handles on one database, as two app processes behind it. On SQLite one
    // handle: its writers take turns on the one connection (two handles in one thread would block
    // the thread in SQLite's busy wait, which two processes do not).
    const other = isPostgres(db) ? createDb(url) : db;
    try {
      const point = await db.selectFrom("service_point").select("id").where("code", "=", "MC-BMT").executeTakeFirstOrThrow();
      const items = Array.from({ length: 24 }, (_, k) => ({
        day: "2024-07-02", servicePointId: point.id, channel: "kiosk",
        questions: [{ questionCode: `lock.${String(k).padStart(2, "0")}`, value: 3, count: 1 }], nodes: [],
      }));
      const now = new Date("2024-07-02T05:00:00Z"); // the live month: no epoch row in the way
      const writes = Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? db : other).transaction().execute((trx) => new RollupBatch().add(i % 2 ? items : [...items].reverse()).apply(trx, now)));
      const settled = await Promise.allSettled(writes);
      expect(settled.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason))).toEqual([]);
      const rows = await db.selectFrom("rollup_question_day").select(["question_code", "count"]).where("question_code", "like", "lock.%").execute();
      expect(rows).toHaveLength(24);
      expect(rows.every((r) => Number(r.count) === 12)).toBe(true);
    } finally {
      if (other !== db) await other.destroy();
    }
  });

  it("the same idempotency key twice in one group is stored once and answered as a replay with the same id", async () => {
    const [a, b] = await Promise.all([submitResponse(db, body(1, "group-dup-key-1")), submitResponse(db, body(1, "group-dup-key-1"))]);
    expect(a.id).toBe(b.id);
    expect([a.replay, b.replay].sort()).toEqual([false, true]);
    expect(await count("group-dup-key-%")).toBe(1);
  });
});
