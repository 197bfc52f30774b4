import type { Db, DB } from "../../platform/db.server";
import type { Transaction } from "kysely";
import agencies from "../../../db/seed/agencies.json";
import indexNodes from "../../../db/seed/index.json";
import procedureFields from "../../../db/seed/procedure-fields.json";
import questionnaires from "../../../db/seed/questionnaires.json";
import servicePoints from "../../../db/seed/service-points.json";
import targets from "../../../db/seed/targets.json";
import units from "../../../db/seed/units.json";
import population from "../../../db/seed/population.json";
import { allocate, sampleSize } from "../../domain/rounds";
import holidays from "../../../db/seed/holidays.json";
import routingRules from "../../../db/seed/routing-rules.json";
import { DEFAULT_DEADLINES, DEFAULT_SETTINGS } from "../feedback/feedback.server";
import type { AnswerValue } from "../../domain/index-tree";
import { fromVietnamLocal, localDay } from "../../domain/periods";
import type { Channel } from "../../domain/channels";
import { currentVersion, loadIndex } from "../surveys/questionnaires.server";
import { questionIdMap } from "../surveys/answers.server";
import { insertResponses, type NewResponse } from "../surveys/response-store.server";
import { createUser } from "../../platform/auth.server";
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_2025, DEMO_PASSWORD_DEFAULT } from "./demo-accounts";
import reformAgencies from "../../../db/seed/reform/2025-03-01-so-nganh.json";
import reformCommunes from "../../../db/seed/reform/2025-07-01-cap-xa.json";
import targets2026 from "../../../db/seed/reform/targets-2026.json";
import { applyReorganisation } from "../org/reorganisation.server";
import { loadPlanData } from "../plans/plan-seeds.server";
import { roundLinker } from "../surveys/round-rollups.server";

/** Demo staff accounts, one per role (password DEMO_PASSWORD, default HaiLong@2024). */
export async function loadDemoAccounts(db: Db, password = process.env.DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT, accounts = DEMO_ACCOUNTS): Promise<void> {
  const id = async (table: "admin_unit" | "agency" | "service_point", code?: string) =>
    code ? (await db.selectFrom(table).select("id").where("code", "=", code).executeTakeFirstOrThrow()).id : null;
  for (const a of accounts) {
    const grants = [];
    for (const g of a.grants) grants.push({ role: g.role, unitId: await id("admin_unit", g.unit), agencyId: await id("agency", g.agency), servicePointId: await id("service_point", g.servicePoint) });
    await createUser(db, { username: a.username, displayName: a.displayName, password, isDemo: true, grants }, { userId: null });
  }
}

async function isEmpty(db: Db): Promise<boolean> {
  return !(await db.selectFrom("admin_unit").select("id").limit(1).executeTakeFirst());
}

/** Reference data of the demo province (Đắk Lắk, 2024 layout); every row marked demo. */
export async function loadReferenceData(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const unitId = new Map<string, number>();
    for (const u of units) {
      const r = await trx.insertInto("admin_unit").values({
        code: u.code, name: u.name, name_en: u.nameEn, level: u.level as "province", parent_id: u.parent ? unitId.get(u.parent)! : null,
        valid_from: "2004-01-01", valid_to: null, is_demo: 1,
      }).returning("id").executeTakeFirstOrThrow();
      unitId.set(u.code, r.id);
    }
    const agencyId = new Map<string, number>();
    for (const a of agencies) {
      const r = await trx.insertInto("agency").values({
        code: a.code, name: a.name, name_en: a.nameEn, kind: a.kind, parent_id: a.parent ? agencyId.get(a.parent)! : null,
        unit_id: unitId.get(a.unit) ?? null, is_demo: 1,
      }).returning("id").executeTakeFirstOrThrow();
      agencyId.set(a.code, r.id);
    }
    for (const p of servicePoints) {
      await trx.insertInto("service_point").values({
        code: p.code, name: p.name, name_en: p.nameEn, kind: p.kind, unit_id: unitId.get(p.unit)!, agency_id: agencyId.get(p.agency)!, is_demo: 1,
      }).execute();
    }
    for (const f of procedureFields) {
      await trx.insertInto("procedure_field").values({ code: f.code, name: f.name, name_en: f.nameEn }).execute();
    }
    const nodeId = new Map<string, number>();
    for (const [i, n] of indexNodes.entries()) {
      const r = await trx.insertInto("index_node").values({
        code: n.code, parent_id: n.parent ? nodeId.get(n.parent)! : null, name: n.name, name_en: n.nameEn,
        par_code: n.parCode, max_points: n.maxPoints, point_target: n.pointTarget, sort: i,
      }).returning("id").executeTakeFirstOrThrow();
      nodeId.set(n.code, r.id);
    }
    const now = new Date().toISOString();
    for (const q of questionnaires) {
      const qr = await trx.insertInto("questionnaire").values({ code: q.code, slug: q.slug, name: q.name, name_en: q.nameEn, index_code: q.index })
        .returning("id").executeTakeFirstOrThrow();
      const vr = await trx.insertInto("questionnaire_version").values({
        questionnaire_id: qr.id, version: q.version, status: "published", channels: JSON.stringify(q.channels),
        intro: q.intro ?? null, intro_en: q.introEn ?? null, published_at: now,
      }).returning("id").executeTakeFirstOrThrow();
      for (const [i, qu] of q.questions.entries()) {
        // issue 17: a question's spec (kiosk reasons, "Không áp dụng") comes with the seed data.
        const spec = "spec" in qu && qu.spec ? JSON.stringify(qu.spec) : null;
        await trx.insertInto("question").values({ version_id: vr.id, code: qu.code, node_code: qu.node, type: "likert5", text: qu.text, text_en: qu.textEn, sort: i + 1, spec }).execute();
      }
    }
    for (const [, days] of Object.entries(holidays.holidays)) {
      for (const day of days) await trx.insertInto("holiday").values({ day, kind: "holiday", name: null }).execute();
    }
    for (const [, days] of Object.entries(holidays.workingWeekends)) {
      for (const day of days) await trx.insertInto("holiday").values({ day, kind: "working_weekend", name: "Ngày làm bù" }).execute();
    }
    for (const [key, working_days] of Object.entries(DEFAULT_DEADLINES)) {
      const [kind, step] = key.split(":");
      await trx.insertInto("deadline_rule").values({ kind, step, working_days }).execute();
    }
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) await trx.insertInto("setting").values({ key, value }).execute();
    for (const r of routingRules.rules) {
      await trx.insertInto("routing_rule").values({
        topic: r.topic, unit_id: r.unit ? unitId.get(r.unit)! : null, agency_id: agencyId.get(r.agency)!, priority: 100, active: 1, created_at: now, created_by: null, deactivated_at: null,
      }).execute();
    }
    for (const t of targets) {
      await trx.insertInto("target").values({
        year: t.year, node_code: t.node, unit_id: unitId.get(t.unit)!, kind: t.kind as "absolute", value: t.value,
        baseline_source: t.baseline.source as "stated", baseline_value: "value" in t.baseline ? (t.baseline.value as number) : null,
        point_target: t.pointTarget ?? null, note: t.note ?? null,
      }).execute();
    }
  });
}

const DEMO_ROUND = "PAPI-2024-DEMO";

/**
 * rounds: one closed example round (đợt khảo sát) over the district-level units, its quotas from
 * the sample-size calculator (95 %, ±5 points, proportional to the demo populations). Demo data,
 * loaded by seedIfEmpty after the reference data.
 */
async function loadDemoRound(db: Db): Promise<void> {
  await db.transaction().execute((trx) => seedDemoRound(trx));
}

async function seedDemoRound(trx: Transaction<DB>): Promise<void> {
  const q = await trx.selectFrom("questionnaire").select("id").where("code", "=", "sipas").executeTakeFirst();
  if (!q) return;
  const unitId = new Map((await trx.selectFrom("admin_unit").select(["id", "code"]).execute()).map((u) => [u.code, u.id]));
  const units = Object.entries(population.units).filter(([code]) => unitId.has(code));
  const size = sampleSize({ confidence: 0.95, margin: 0.05, population: units.reduce((a, [, n]) => a + n, 0) });
  const targets = allocate(size.n, units.map(([, n]) => n), "proportional");
  const r = await trx.insertInto("survey_round").values({
    code: DEMO_ROUND, name: "Đợt khảo sát mẫu hộ gia đình 2024 (minh hoạ)", year: 2024, questionnaire_id: q.id, channel: "paper",
    starts_on: "2024-10-01", ends_on: "2024-11-30", weighting: "population", status: "closed", confidence: 0.95, margin: 0.05,
  }).returning("id").executeTakeFirstOrThrow();
  for (const [i, [code, pop]] of units.entries()) {
    await trx.insertInto("round_quota").values({ round_id: r.id, unit_id: unitId.get(code)!, population: pop, target_n: targets[i] }).execute();
  }
}

/** A small deterministic PRNG (mulberry32), so the demo looks the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Months with demo responses: a few per year, 2023–2025. */
const DEMO_MONTHS: Record<number, number[]> = { 2023: [9, 10, 11, 12], 2024: [3, 4, 5, 6, 9, 10], 2025: [2, 3, 4] };

const SUB_EFFECT: Record<string, number> = { access: -0.02, procedures: 0.0, servants: 0.02, results: 0.01, feedback: -0.03 };
const YEAR_EFFECT: Record<number, number> = { 2023: -0.02, 2024: 0.015, 2025: 0.03 };

/** Generates demo responses (kiosk, online, paper) for every service point of the 2024 layout, marked demo. */
export async function loadDemoResponses(db: Db, scale = 1): Promise<number> {
  // The points of the 2024 layout (those opened by a later reorganisation get their own responses).
  const points = await db.selectFrom("service_point").select(["id", "code", "kind"]).where("valid_from", "is", null).orderBy("id").execute();
  // rounds: the paper interviews within the demo round's dates are that round's (linked, rolled up by round).
  const roundOf = await roundLinker(db, DEMO_ROUND, "motcua.bmt");
  return generateDemoResponses(db, {
    seed: 20240617, points, months: DEMO_MONTHS, yearEffect: YEAR_EFFECT, scale, keyPrefix: "demo-", dossierSuffix: "",
    quality: (pi) => 0.8 + ((pi * 37) % 11) / 100 - 0.04, // 0.76 … 0.86, fixed per point
    volume: (kind) => (kind === "commune_desk" ? 0.5 : kind === "centre" ? 2 : 1),
    round: (pointId, day) => roundOf(pointId, day),
  });
}

interface DemoPlan {
  seed: number;
  points: Array<{ id: number; code: string; kind: string }>;
  months: Record<number, number[]>;
  yearEffect: Record<number, number>;
  scale: number;
  keyPrefix: string;
  dossierSuffix: string;
  quality: (pointIndex: number) => number;
  volume: (kind: string) => number;
  round?: (pointId: number, day: string) => NewResponse["round"];
}

/** Demo responses of some desks and months from a fixed PRNG (the same demo on every machine). */
async function generateDemoResponses(db: Db, o: DemoPlan): Promise<number> {
  const rnd = prng(o.seed);
  const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
  const full = (await currentVersion(db, "sipas"))!;
  const { tree } = await loadIndex(db, "SIPAS");
  const qids = new Map([...questionIdMap(kiosk), ...questionIdMap(full)]);
  const fields = procedureFields.map((f) => f.code);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const answer = (p: number): 1 | 2 | 3 | 4 | 5 => {
    if (rnd() < p) return rnd() < 0.6 ? 4 : 5;
    const r = rnd();
    return r < 0.65 ? 3 : r < 0.88 ? 2 : 1;
  };
  const items: NewResponse[] = [];
  let serial = 0;
  for (const [pi, point] of o.points.entries()) {
    const quality = o.quality(pi);
    const volume = o.volume(point.kind);
    for (const [yearText, months] of Object.entries(o.months)) {
      const year = Number(yearText);
      for (const month of months) {
        const plan: Array<[Channel, number]> = [["kiosk", 22], ["online", 6], ["paper", 3]];
        for (const [channel, perMonth] of plan) {
          const count = Math.round(perMonth * volume * o.scale * (0.7 + rnd() * 0.6));
          for (let i = 0; i < count; i++) {
            serial += 1;
            const day = 1 + Math.floor(rnd() * 28);
            const minutes = 7 * 60 + 30 + Math.floor(rnd() * 9 * 60);
            const local = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")} ${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
            const version = channel === "kiosk" ? kiosk : full;
            const answers: Record<string, AnswerValue> = {};
            for (const q of version.questions) {
              const isFeedback = q.node_code === "feedback";
              if (channel !== "kiosk" && isFeedback && rnd() < 0.6) { answers[q.code] = null; continue; }
              if (channel !== "kiosk" && rnd() < 0.03) { answers[q.code] = null; continue; }
              const p = Math.min(0.97, Math.max(0.3, quality + (SUB_EFFECT[q.node_code] ?? 0) + (o.yearEffect[year] ?? 0)));
              answers[q.code] = answer(p);
            }
            const yy = String(year).slice(2);
            const at = fromVietnamLocal(local)!;
            items.push({
              versionId: version.id,
              servicePointId: point.id,
              channel,
              procedureField: pick(fields),
              dossierCode: channel === "online" ? `${point.code}-${yy}${String(month).padStart(2, "0")}-${o.dossierSuffix}${String(serial).padStart(6, "0")}` : null,
              respondentKey: channel === "paper" ? `${o.keyPrefix}${serial}` : null,
              submittedAt: at,
              idempotencyKey: `${o.keyPrefix}${serial}`,
              comment: null,
              isDemo: true,
              answers,
              round: channel === "paper" && o.round ? o.round(point.id, localDay(at)) : null,
            });
          }
        }
      }
    }
  }
  for (let i = 0; i < items.length; i += 2000) {
    const batch = items.slice(i, i + 2000);
    await db.transaction().execute((trx) => insertResponses(trx, tree, qids, batch));
  }
  return items.length;
}

/** The demo's reorganisations, in order (db/seed/reform; docs/decisions/0012). */
export const DEMO_REORGANISATIONS: Array<{ fileName: string; file: unknown }> = [
  { fileName: "2025-03-01-so-nganh.json", file: reformAgencies },
  { fileName: "2025-07-01-cap-xa.json", file: reformCommunes },
];

/**
 * The province as it is today: the 2025 department mergers and the commune reform applied
 * through the same use case as an admin's file, the 2026 targets, and the demo accounts of the
 * new tree. Every row is marked demo.
 */
async function loadDemoReform(db: Db): Promise<void> {
  for (const r of DEMO_REORGANISATIONS) {
    const res = await applyReorganisation(db, { text: JSON.stringify(r.file), fileName: r.fileName, actorUserId: null, isDemo: true });
    if (!res.ok) throw new Error(`Demo reorganisation ${r.fileName}: ${res.errors.map((e) => `${e.row}: ${e.message}`).join("; ")}`);
  }
  await db.transaction().execute(async (trx) => {
    const dlk = await trx.selectFrom("admin_unit").select("id").where("code", "=", "DLK").executeTakeFirstOrThrow();
    for (const t of targets2026) {
      await trx.insertInto("target").values({
        year: t.year, node_code: t.node, unit_id: dlk.id, kind: t.kind as "absolute", value: t.value,
        baseline_source: t.baseline.source as "stated", baseline_value: "value" in t.baseline ? (t.baseline.value as number) : null,
        point_target: t.pointTarget ?? null, note: t.note ?? null,
      }).execute();
    }
  });
  await loadDemoAccounts(db, undefined, DEMO_ACCOUNTS_2025);
}

/** Loads the demo province into an empty database. DEMO_RESPONSES=0 skips the responses; DEMO_REFORM=0 keeps the 2024 layout. */
export async function seedIfEmpty(db: Db, opts: { responses?: boolean; reform?: boolean } = {}): Promise<{ seeded: boolean; responses: number }> {
  if (!(await isEmpty(db))) return { seeded: false, responses: 0 };
  await loadReferenceData(db);
  await loadDemoRound(db);
  await loadDemoAccounts(db);
  await loadPlanData(db);
  if (opts.reform !== false) await loadDemoReform(db);
  let responses = opts.responses === false ? 0 : await loadDemoResponses(db);
  if (opts.responses !== false && opts.reform !== false) responses += await loadDemoResponsesAfterReform(db);
  return { seeded: true, responses };
}

/** Months with demo responses after the reform (until November 2026). */
const DEMO_MONTHS_AFTER: Record<number, number[]> = { 2025: [7, 8, 9, 10, 11, 12], 2026: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const YEAR_EFFECT_AFTER: Record<number, number> = { 2025: -0.01, 2026: 0.02 };

/**
 * Demo responses at the points in service after 1 July 2025 (the new communes' centres and the
 * province's centre), from a PRNG of their own so that the 2023–2025 demo stays as it was.
 */
export async function loadDemoResponsesAfterReform(db: Db, scale = 1): Promise<number> {
  const points = await db.selectFrom("service_point").select(["id", "code", "kind"])
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", "2025-07-01")])).orderBy("id").execute();
  return generateDemoResponses(db, {
    seed: 20250701, points, months: DEMO_MONTHS_AFTER, yearEffect: YEAR_EFFECT_AFTER, scale, keyPrefix: "demo-r-", dossierSuffix: "R",
    quality: (pi) => 0.78 + ((pi * 29) % 13) / 100 - 0.04, // 0.74 … 0.86, fixed per point
    volume: (kind) => (kind === "centre" ? 1.2 : 0.28),
  });
}
