import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { groupCommit } from "../../app/services/surveys/group-commit.server";
import { freshPostgresDatabase } from "../helpers/server";

// Group commit (docs/decisions/0010-group-commit.md): writes that arrive together share one
// transaction; a failing write fails alone; each is acknowledged only after its commit.
describe("group commit of submissions", () => {
  let db: Db;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-group-"));
  beforeAll(async () => {
    // A fresh PostgreSQL database under npm run test:postgres, a SQLite file otherwise.
    db = createDb((await freshPostgresDatabase()) ?? path.join(dir, "g.db"));
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

  it("the same idempotency key twice in one group is stored once and answered as a replay with the same id", async () => {
    const [a, b] = await Promise.all([submitResponse(db, body(1, "group-dup-key-1")), submitResponse(db, body(1, "group-dup-key-1"))]);
    expect(a.id).toBe(b.id);
    expect([a.replay, b.replay].sort()).toEqual([false, true]);
    expect(await count("group-dup-key-%")).toBe(1);
  });
});
