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

let db: Db;
const q: IndexQuery = { unit: "DLK", year: 2024, channel: "all" };
let serial = 0;
const submit = (value: 1 | 2 | 3 | 4 | 5) =>
  submitResponse(db, {
    questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: `cache-test-${serial++}`,
    answers: { "kiosk.access": value, "kiosk.procedures": value, "kiosk.servants": value, "kiosk.results": value, "kiosk.feedback": value },
    submittedAt: "2024-06-17T09:30:00+07:00",
  });

beforeAll(async () => {
  db = createDb((await freshPostgresDatabase()) ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hailong-cache-")), "cache.db"));
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
