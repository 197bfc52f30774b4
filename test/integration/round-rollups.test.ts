import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { migrationProvider } from "../../db/migrations";
import questionnaires from "../../db/seed/questionnaires.json";
import { excludeResponse, includeResponse } from "../../app/services/surveys/exclusion.server";
import { resolveScope } from "../../app/services/indices/indices.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { createRound, roundByCode, roundFigures, roundInput } from "../../app/services/rounds/rounds.server";
import { loadDemoAccounts, loadReferenceData } from "../../app/services/admin/seed.server";
import { figureSources } from "../../app/services/indices/sources.server";
import { freshPostgresDatabase } from "../helpers/server";

/**
 * Round rollups on a real database (SQLite file, or PostgreSQL under test:postgres): a round with
 * quotas and population weights, interviews linked in the response's transaction, and extra
 * paper responses outside the round in the same units and month that must not move its figures.
 */
const QUESTIONS = questionnaires.find((q) => q.code === "sipas")!.questions;
const NOW = new Date("2024-06-20T03:00:00Z");
const AT = "2024-06-17T09:30:00+07:00";
const opened: Db[] = [];

async function freshDb(name: string): Promise<Db> {
  const db = createDb((await freshPostgresDatabase()) ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), `hailong-${name}-`)), `${name}.db`));
  opened.push(db);
  return db;
}
afterAll(async () => {
  for (const db of opened) await db.destroy();
});

/** P1: every answer 5; P2: every answer 2; P3: access questions 5, the rest 2. */
type Pattern = "P1" | "P2" | "P3";
function answers(p: Pattern): Record<string, number> {
  return Object.fromEntries(QUESTIONS.map((q) => [q.code, p === "P1" || (p === "P3" && q.node === "access") ? 5 : 2]));
}
let serial = 0;
async function paper(db: Db, point: string, p: Pattern, round?: { roundId: number; unitId: number; interviewerId: number }) {
  // The point is read here: before migrations 0016 and 0018 (one test runs at 0013) it has no validity columns nor key fingerprints.
  const sp = await db.selectFrom("service_point").select("id").where("code", "=", point).executeTakeFirstOrThrow();
  const res = await submitResponse(db, { questionnaire: "sipas", servicePoint: point, channel: "paper", answers: answers(p), idempotencyKey: `round-rollups-${String(serial++).padStart(4, "0")}`, submittedAt: AT }, NOW, {
    ...(round ? { round } : {}), point: { id: sp.id, active: 1, valid_from: null, valid_to: null }, keyFingerprint: false,
  });
  return res.id;
}

async function setUp(db: Db, code: string) {
  const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
  await createRound(db, roundInput.parse({
    code, name: `Đợt ${code}`, questionnaire: "sipas", startsOn: "2024-06-01", endsOn: "2024-06-30", weighting: "population",
    confidence: 0.95, margin: 0.05, allocation: "proportional",
    quotas: [{ unit: "BMT", population: 300, target: 3 }, { unit: "CKU", population: 100, target: 2 }, { unit: "KPA", population: 100, target: 2 }],
  }), { userId: admin.id, ip: null });
  // Read directly: before migration 0014 the round services cannot run yet.
  const round = await db.selectFrom("survey_round").select("id").where("code", "=", code).executeTakeFirstOrThrow();
  const unit = async (c: string) => (await db.selectFrom("admin_unit").select("id").where("code", "=", c).executeTakeFirstOrThrow()).id;
  return { roundId: round.id, bmt: await unit("BMT"), cku: await unit("CKU"), interviewer: admin.id };
}

async function figures(db: Db, code: string) {
  const detail = (await roundByCode(db, code))!;
  const f = await roundFigures(db, detail);
  const row = (node: string) => f.figures.find((x) => x.code === node)!;
  return { detail, f, row, done: Object.fromEntries(detail.quotas.map((q) => [q.code, q.done])) };
}

const close = (a: number | null, b: number) => expect(a).toBeCloseTo(b, 10);

describe("round rollups", () => {
  it("a round's figures count only its own interviews, post-stratified by population; an exclusion moves them and counting it again restores them", async () => {
    const db = await freshDb("round-rollups");
    await migrateToLatest(db);
    await loadReferenceData(db);
    await loadDemoAccounts(db);
    const r = await setUp(db, "R-LIVE");
    const link = (unitId: number) => ({ roundId: r.roundId, unitId, interviewerId: r.interviewer });
    // The round: BMT (N 300) P1, P1, P3; CKU (N 100) P2, P3; KPA (N 100) none.
    const first = await paper(db, "MC-BMT", "P1", link(r.bmt));
    await paper(db, "MC-BMT", "P1", link(r.bmt));
    await paper(db, "MC-BMT", "P3", link(r.bmt));
    await paper(db, "MC-CKU", "P2", link(r.cku));
    await paper(db, "MC-CKU", "P3", link(r.cku));
    // Outside the round, same units, month and channel: must not move the round's figures.
    for (let i = 0; i < 3; i++) await paper(db, "MC-BMT", "P2");
    for (let i = 0; i < 2; i++) await paper(db, "MC-CKU", "P1");
    await paper(db, "MC-KPA", "P1");

    // Hand-computed. BMT: access 3/3, others 2/3, SIPAS (1 + 4·2/3)/5 = 11/15. CKU: access 1/2, others 0, SIPAS 0,1.
    // Weighted (KPA empty → W_BMT 0,75, W_CKU 0,25): access 0,875; others 0,5; SIPAS 0,75·11/15 + 0,25·0,1 = 0,575.
    // Unweighted, 5 interviews pooled: access 4/5, others 2/5, SIPAS (0,8 + 4·0,4)/5 = 0,48.
    let x = await figures(db, "R-LIVE");
    expect(x.done).toEqual({ BMT: 3, CKU: 2, KPA: 0 });
    close(x.row("access").weighted, 0.875);
    for (const n of ["procedures", "servants", "results", "feedback"]) close(x.row(n).weighted, 0.5);
    close(x.row("SIPAS").weighted, 0.575);
    close(x.row("access").unweighted, 0.8);
    close(x.row("results").unweighted, 0.4);
    close(x.row("SIPAS").unweighted, 0.48);
    expect(x.row("SIPAS").n).toBe(5);
    expect(x.f.overall.empty).toEqual(["KPA"]);
    close(x.f.overall.coverage, 0.8);
    // The paper channel's general rollups do count the 6 others (11 paper respondents in all).
    const all = await figureSources(db, { pointIds: (await resolveScope(db, "DLK")).pointIds, months: { from: "2024-01", to: "2024-12" }, channel: "all" });
    expect(all.channels.find((c) => c.channel === "paper")!.respondents).toBe(11);

    // Exclude one BMT P1 interview. BMT: P1, P3 → access 1, others 1/2, SIPAS 0,6.
    // Weighted: access 0,875; others 0,375; SIPAS 0,75·0,6 + 0,025 = 0,475. Unweighted (4): access 3/4, others 1/4, SIPAS 0,35.
    await excludeResponse(db, first, "Phiếu thử nghiệm", r.interviewer);
    x = await figures(db, "R-LIVE");
    expect(x.done).toEqual({ BMT: 2, CKU: 2, KPA: 0 });
    close(x.row("access").weighted, 0.875);
    close(x.row("servants").weighted, 0.375);
    close(x.row("SIPAS").weighted, 0.475);
    close(x.row("access").unweighted, 0.75);
    close(x.row("feedback").unweighted, 0.25);
    close(x.row("SIPAS").unweighted, 0.35);
    expect(x.row("SIPAS").n).toBe(4);

    // Counted again: back to the first figures.
    await includeResponse(db, first, "Đã xác minh", r.interviewer);
    x = await figures(db, "R-LIVE");
    expect(x.done).toEqual({ BMT: 3, CKU: 2, KPA: 0 });
    close(x.row("SIPAS").weighted, 0.575);
    close(x.row("SIPAS").unweighted, 0.48);
  });

  it("the sources of a figure match a recount of the stored responses, per channel and per round", async () => {
    const db = opened[0];
    await submitResponse(db, {
      questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", idempotencyKey: "round-rollups-kiosk-0001", submittedAt: AT,
      answers: { "kiosk.access": 4, "kiosk.procedures": 4, "kiosk.servants": 5, "kiosk.results": 3, "kiosk.feedback": 4 },
    }, NOW);
    const excluded = await paper(db, "MC-BMT", "P1");
    await excludeResponse(db, excluded, "Trùng phiếu", null);
    // A round interview flagged on arrival (its dossier was already rated at a kiosk): kept, left out of the round's rollups too.
    await submitResponse(db, {
      questionnaire: "sipas-kiosk", servicePoint: "MC-KPA", channel: "kiosk", idempotencyKey: "round-rollups-kiosk-0002", submittedAt: AT, dossierCode: "KPA-2406-000001",
      answers: { "kiosk.access": 5, "kiosk.procedures": 5, "kiosk.servants": 5, "kiosk.results": 5, "kiosk.feedback": 5 },
    }, NOW);
    const live = (await roundByCode(db, "R-LIVE"))!;
    const kpa = live.quotas.find((q) => q.code === "KPA")!.unitId;
    const admin = await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow();
    const flagged = await submitResponse(db, {
      questionnaire: "sipas", servicePoint: "MC-KPA", channel: "paper", answers: answers("P1"), idempotencyKey: "round-rollups-flagged-0001", submittedAt: AT, dossierCode: "KPA-2406-000001",
    }, NOW, { round: { roundId: live.round.id, unitId: kpa, interviewerId: admin.id } });
    expect(flagged.flags).toEqual(["dossier_repeat"]);
    expect((await figures(db, "R-LIVE")).done).toEqual({ BMT: 3, CKU: 2, KPA: 0 });
    for (const unit of ["DLK", "BMT", "CKU", "KPA"]) {
      const pointIds = (await resolveScope(db, unit)).pointIds;
      for (const channel of ["all", "paper", "kiosk"] as const) {
        const got = await figureSources(db, { pointIds, months: { from: "2024-01", to: "2024-12" }, channel });
        // Recount from the responses themselves (every one here has an applicable answer).
        let q = db.selectFrom("response").select((eb) => ["channel", eb.fn.countAll<number>().as("c")])
          .where("excluded", "=", 0).where("service_point_id", "in", pointIds).where("local_day", "like", "2024-%").groupBy("channel");
        if (channel !== "all") q = q.where("channel", "=", channel);
        const byChannel = Object.fromEntries((await q.execute()).map((row) => [row.channel, Number(row.c)]));
        for (const c of got.channels) expect(c.respondents, `${unit} ${channel} ${c.channel}`).toBe(byChannel[c.channel] ?? 0);
        expect(got.respondents).toBe(Object.values(byChannel).reduce((a, b) => a + b, 0));
        let rq = db.selectFrom("round_response as rr").innerJoin("response as r", "r.id", "rr.response_id").innerJoin("survey_round as s", "s.id", "rr.round_id")
          .select((eb) => ["s.code", eb.fn.countAll<number>().as("c")])
          .where("r.excluded", "=", 0).where("r.service_point_id", "in", pointIds).groupBy("s.code");
        if (channel !== "all") rq = rq.where("r.channel", "=", channel);
        const rounds = (await rq.execute()).map((row) => ({ code: row.code, respondents: Number(row.c) }));
        expect(got.rounds.map((x) => ({ code: x.code, respondents: x.respondents })), `${unit} ${channel}`).toEqual(rounds);
      }
    }
    const bmt = await figureSources(db, { pointIds: (await resolveScope(db, "BMT")).pointIds, months: { from: "2024-01", to: "2024-12" }, channel: "all" });
    expect(bmt.rounds).toEqual([{ code: "R-LIVE", name: "Đợt R-LIVE", year: 2024, channel: "paper", status: "draft", respondents: 3 }]);
    // Another year: nothing.
    const other = await figureSources(db, { pointIds: (await resolveScope(db, "BMT")).pointIds, months: { from: "2023-01", to: "2023-12" }, channel: "all" });
    expect(other.respondents).toBe(0);
    expect(other.rounds).toEqual([]);
  });

  it("migration 0014 backfills the round rollups from round responses stored before it", async () => {
    const db = await freshDb("round-backfill");
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo("0013_rounds");
    if (error) throw error;
    await loadReferenceData(db);
    await loadDemoAccounts(db);
    const r = await setUp(db, "R-OLD");
    // Before 0014 the link was written after the response; one interview was excluded, and a non-round paper response sits beside them.
    const rows: Array<[number, number]> = [];
    for (const [point, p, unit] of [["MC-BMT", "P1", r.bmt], ["MC-BMT", "P1", r.bmt], ["MC-BMT", "P3", r.bmt], ["MC-CKU", "P2", r.cku], ["MC-CKU", "P3", r.cku]] as const) {
      rows.push([await paper(db, point, p), unit]);
    }
    await paper(db, "MC-CKU", "P1");
    const extra = await paper(db, "MC-BMT", "P1");
    rows.push([extra, r.bmt]);
    await excludeResponse(db, extra, "Phiếu thử", null);
    for (const [id, unit] of rows) await db.insertInto("round_response").values({ response_id: id, round_id: r.roundId, unit_id: unit, interviewer_id: r.interviewer }).execute();

    expect(await migrateToLatest(db)).toContain("0014_round_rollups");
    const x = await figures(db, "R-OLD");
    expect(x.done).toEqual({ BMT: 3, CKU: 2, KPA: 0 });
    close(x.row("access").weighted, 0.875);
    close(x.row("results").weighted, 0.5);
    close(x.row("SIPAS").weighted, 0.575);
    close(x.row("SIPAS").unweighted, 0.48);
    // And the rollups go on from there: the excluded one counted again joins them.
    await includeResponse(db, extra, "Đã xác minh", null);
    expect((await figures(db, "R-OLD")).done).toEqual({ BMT: 4, CKU: 2, KPA: 0 });
  });
});
