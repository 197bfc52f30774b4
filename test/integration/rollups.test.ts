// Indices come from the daily rollups only; this checks them against a recomputation from the raw
// `answer` table, for random responses (kiosk, online, paper import) and after excluding/including.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData, prng } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { csvText, importPaperCsv } from "../../app/services/surveys/import.server";
import { computeIndices, type IndexNodeView } from "../../app/services/indices/indices.server";
import { excludeResponse, includeResponse } from "../../app/services/surveys/exclusion.server";
import { currentVersion } from "../../app/services/surveys/questionnaires.server";
import { recompute } from "../helpers/recompute";

let db: Db;
let dir: string;
const rnd = prng(424242);
const POINTS = ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI", "MC-BMT-TANAN"];
const SCOPES = ["DLK", "BMT", "BMT-TANLOI"];
const CHANNELS = ["all", "kiosk", "online", "paper"] as const;
const YEARS = [2024, 2025];

const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const value = (): 1 | 2 | 3 | 4 | 5 | null => (rnd() < 0.12 ? null : (1 + Math.floor(rnd() * 5)) as 1 | 2 | 3 | 4 | 5);
const when = () => {
  const year = pick(YEARS);
  const m = String(1 + Math.floor(rnd() * 12)).padStart(2, "0");
  const d = String(1 + Math.floor(rnd() * 28)).padStart(2, "0");
  const h = String(Math.floor(rnd() * 24)).padStart(2, "0");
  return `${year}-${m}-${d}T${h}:15:00+07:00`;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-rollups-"));
  db = createDb(path.join(dir, "rollups.db"));
  await migrateToLatest(db);
  await loadReferenceData(db);
  // The points used below exist in the demo layout (two inside commune BMT-TANLOI's district BMT).
  const known = new Set((await db.selectFrom("service_point").select("code").execute()).map((p) => p.code));
  for (const p of POINTS) expect(known.has(p)).toBe(true);

  const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
  const full = (await currentVersion(db, "sipas"))!;
  for (let i = 0; i < 300; i++) {
    const isKiosk = rnd() < 0.6;
    const version = isKiosk ? kiosk : full;
    const answers: Record<string, 1 | 2 | 3 | 4 | 5 | null> = {};
    for (const q of version.questions) if (rnd() < 0.95) answers[q.code] = value();
    if (Object.keys(answers).length === 0) answers[version.questions[0].code] = 4;
    const r = await submitResponse(db, {
      questionnaire: version.code, servicePoint: pick(POINTS), channel: isKiosk ? "kiosk" : "online",
      answers, idempotencyKey: `rollup-test-${i}`, submittedAt: when(),
      dossierCode: isKiosk ? null : `HS-${i}`,
    });
    expect(r.replay).toBe(false);
  }
  const header = ["respondent_id", "service_point", "submitted_at", "procedure_field", ...full.questions.map((q) => q.code)];
  const rows = [header.join(",")];
  for (let i = 0; i < 120; i++) {
    const answers = full.questions.map(() => { const v = value(); return v === null ? (rnd() < 0.5 ? "NA" : "") : String(v); });
    rows.push([`P-${i}`, pick(POINTS), when(), "", ...answers].join(","));
  }
  const res = await importPaperCsv(db, csvText(rows.join("\n") + "\n"));
  expect(res.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function flatten(n: IndexNodeView, into: IndexNodeView[] = []): IndexNodeView[] {
  into.push(n);
  for (const c of n.children) flatten(c, into);
  return into;
}

async function checkAll(): Promise<number> {
  let compared = 0;
  for (const unit of SCOPES) for (const channel of CHANNELS) for (const year of YEARS) {
    const got = await computeIndices(db, { unit, channel, year });
    const want = await recompute(db, unit, channel, year);
    for (const node of flatten(got.nodes[0])) {
      const w = want.get(node.code) ?? { value: null, n: 0, ciLow: null, ciHigh: null };
      const where = `${unit}/${channel}/${year}/${node.code}`;
      if (w.value === null) {
        expect(node.value, where).toBeNull();
        expect(node.n, where).toBe(0);
        continue;
      }
      expect(node.value, where).toBeCloseTo(w.value, 10);
      expect(node.n, where).toBe(w.n);
      expect(node.ciLow!, where).toBeCloseTo(w.ciLow!, 9);
      expect(node.ciHigh!, where).toBeCloseTo(w.ciHigh!, 9);
      compared += 1;
    }
  }
  return compared;
}

describe("rollups equal a recomputation from raw answers", () => {
  it("holds for every scope, channel and year after kiosk, online and paper responses", async () => {
    expect(await db.selectFrom("response").select("id").where("channel", "=", "paper").execute()).toHaveLength(120);
    const compared = await checkAll();
    expect(compared).toBeGreaterThan(200);
  }, 60_000);

  it("holds after excluding responses (twice is a no-op) and including one back", async () => {
    const admin = null;
    const ids = (await db.selectFrom("response").select("id").orderBy("id").execute()).map((r) => r.id);
    const victims = ids.filter((_, i) => i % 7 === 0);
    for (const id of victims) expect((await excludeResponse(db, id, "phiếu thử nghiệm", admin)).changed).toBe(true);
    const before = await db.selectFrom("rollup_node_day").selectAll().orderBy("day").orderBy("service_point_id").orderBy("channel").orderBy("node_code").execute();
    expect((await excludeResponse(db, victims[0], "lần hai", admin)).changed).toBe(false);
    expect(await db.selectFrom("rollup_node_day").selectAll().orderBy("day").orderBy("service_point_id").orderBy("channel").orderBy("node_code").execute()).toEqual(before);
    const excluded = await db.selectFrom("response").select("id").where("excluded", "=", 1).execute();
    expect(excluded).toHaveLength(victims.length);
    await checkAll();

    expect((await includeResponse(db, victims[1], "nhầm", admin)).changed).toBe(true);
    expect((await includeResponse(db, victims[1], "nhầm", admin)).changed).toBe(false);
    await checkAll();
    const log = await db.selectFrom("audit_log").select(["action", "entity_id"]).where("entity", "=", "response").execute();
    expect(log.filter((l) => l.action === "response.exclude")).toHaveLength(victims.length);
    expect(log.filter((l) => l.action === "response.include")).toEqual([{ action: "response.include", entity_id: String(victims[1]) }]);
  }, 60_000);
});
