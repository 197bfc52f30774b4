import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { computeIndices, type IndexQuery } from "../../app/services/indices/indices.server";
import { cachedIndices } from "../../app/services/indices/indices-cache.server";

const STALE = 5000;
import { excludeResponse } from "../../app/services/surveys/exclusion.server";
import { freshPostgresDatabase } from "../helpers/server";
import { localYear } from "../../app/domain/periods";
import { ROLLUP_EPOCH_KEY } from "../../app/domain/closed-months";

let db: Db;
let url: string;
const q: IndexQuery = { unit: "DLK", year: 2024, channel: "all" };
let serial = 0;
const submit = (value: 1 | 2 | 3 | 4 | 5) =>
  submitResponse(db, {
    questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: `cache-test-${serial++}`,
    answers: { "kiosk.access": value, "kiosk.procedures": value, "kiosk.servants": value, "kiosk.results": value, "kiosk.feedback": value },
    submittedAt: "2024-06-17T09:30:00+07:00",
  });

beforeAll(async () => {
  url = (await freshPostgresDatabase()) ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hailong-cache-")), "cache.db");
  db = createDb(url);
  await migrateToLatest(db);
  await loadReferenceData(db);
  for (const v of [5, 4, 2] as const) await submit(v);
});
afterAll(async () => db?.destroy());

describe("cached index figures", () => {
  it("by default follow every new response (read-your-writes)", async () => {
    const before = await cachedIndices(db, q);
    expect(before).toEqual(await computeIndices(db, q));
    const added = await submit(3);
    const after = await cachedIndices(db, q);
    expect(after.nodes[0].n).toBe(before.nodes[0].n + 1);
    await excludeResponse(db, added.id, "Phiếu thử", null);
    expect((await cachedIndices(db, q)).nodes[0].n).toBe(before.nodes[0].n);
  });

  it("with a staleness allowance, lag new responses by at most that much and follow an exclusion at once", async () => {
    const t0 = Date.now();
    const at = (ms: number) => ({ now: t0 + ms, staleMs: STALE });
    const first = await cachedIndices(db, q, at(0));
    expect(first).toEqual(await computeIndices(db, q));
    expect(first.nodes[0].n).toBe(3);

    const added = await submit(1);
    // Within the allowance the cached figures stand; after it they include the new response.
    expect((await cachedIndices(db, q, at(1000))).nodes[0].n).toBe(3);
    const later = await cachedIndices(db, q, at(STALE + 1));
    expect(later.nodes[0].n).toBe(4);
    expect(later).toEqual(await computeIndices(db, q));

    // An exclusion is audited: the next read recomputes even within FRESH_MS.
    await excludeResponse(db, added.id, "Thử loại phiếu", null);
    const after = await cachedIndices(db, q, at(STALE + 2));
    expect(after.nodes[0].n).toBe(3);
    expect(after).toEqual(await computeIndices(db, q));

    // Other scopes and channels are separate entries.
    expect((await cachedIndices(db, { ...q, channel: "online" }, at(STALE + 3))).nodes[0].n).toBe(0);
  });
});

describe("closed months kept in memory (app/domain/closed-months.ts)", () => {
  const epoch = async () => (await db.selectFrom("setting").select("value").where("key", "=", ROLLUP_EPOCH_KEY).executeTakeFirst())?.value ?? null;
  const submitAt = (submittedAt: string, value: 1 | 2 | 3 | 4 | 5) =>
    submitResponse(db, {
      questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: `closed-${serial++}`,
      answers: { "kiosk.access": value, "kiosk.procedures": value, "kiosk.servants": value, "kiosk.results": value, "kiosk.feedback": value },
      submittedAt,
    });

  it("are read again after a write reaches back into one, and the live month is read at once", async () => {
    const year = localYear(new Date());
    const thisYear: IndexQuery = { servicePoint: "MC-BMT", year, channel: "all" };
    const e0 = await epoch();
    const before = await computeIndices(db, thisYear);
    // Today's response: no closed month reached, the epoch stays, and the figure has it at once.
    await submitAt(new Date().toISOString(), 5);
    expect(await epoch()).toBe(e0);
    expect((await computeIndices(db, thisYear)).nodes[0].n).toBe(before.nodes[0].n + 1);

    // A response dated 2024 (a paper form, a kiosk's late upload): the epoch moves in the same transaction.
    const old = await computeIndices(db, q);
    const late = await submitAt("2024-03-04T09:00:00+07:00", 1);
    const e1 = await epoch();
    expect(e1).not.toBe(e0);
    const after = await computeIndices(db, q);
    expect(after.nodes[0].n).toBe(old.nodes[0].n + 1);
    // The same figures as a process that keeps nothing yet (a new handle has its own, empty memory).
    const fresh = createDb(url);
    try {
      expect(after).toEqual(await computeIndices(fresh, q));
      // An exclusion of a 2024 response reaches back too.
      await excludeResponse(db, late.id, "Phiếu nhập nhầm", null);
      expect(await epoch()).not.toBe(e1);
      expect((await computeIndices(db, q)).nodes[0].n).toBe(old.nodes[0].n);
      expect(await computeIndices(db, q)).toEqual(await computeIndices(fresh, q));
    } finally {
      await fresh.destroy();
    }
  });
});
