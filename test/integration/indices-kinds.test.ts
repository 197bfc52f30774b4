// GET /api/v1/indices?index= for trees of other kinds (docs/decisions/0006): a PAPI-style tree
// (dimensions 1–10, total /80) and a Circular 01 tree (indices 0–2, total /18, grade), over real
// HTTP, against (a) figures computed by hand from a small dataset and (b) a recomputation from the
// raw answers of random data, done here from the templates' scoring rules.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, withSession } from "../helpers/auth";
import { NO_DEVICE_FLAGS } from "../helpers/devices";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;

interface TemplateQuestion { code: string; node: string; type: string; yesScore?: number; noScore?: number; options?: Array<{ score: number | null }>; scoring?: string }
interface Template { code: string; index: { code: string; nodes: Array<{ code: string; parent: string | null }> }; questions: TemplateQuestion[] }
const papi: Template = JSON.parse(fs.readFileSync("db/seed/templates/papi.json", "utf8"));
const tt01: Template = JSON.parse(fs.readFileSync("db/seed/templates/thong-tu-01.json", "utf8"));

type Answers = Record<string, number>;
interface Sub { q: string; point: string; channel: "online" | "paper"; at: string; answers: Answers }

async function submit(s: Sub, key: string) {
  const r = await postJson(`${server.url}/api/v1/responses`, {
    questionnaire: s.q, servicePoint: s.point, channel: s.channel, answers: s.answers, idempotencyKey: key, submittedAt: s.at,
  });
  expect(r.status, r.text).toBe(201);
}

/** The template's scorer, written again here: answer → score in [0, 1] or null. */
function score(q: TemplateQuestion, v: number): number | null {
  switch (q.type) {
    case "likert5": return v >= 4 ? 1 : 0;
    case "yes_no": return v === 1 ? q.yesScore ?? 1 : q.noScore ?? 0;
    case "choice": return q.options![v - 1].score;
    case "number": return q.scoring === "zero_best" ? (v === 0 ? 1 : 0) : null;
    default: return null;
  }
}

/** Node values (mean of items with data) and respondents per root child, from raw answers. */
function recompute(t: Template, subs: Sub[]) {
  const kids = (code: string) => t.index.nodes.filter((n) => n.parent === code).map((n) => n.code);
  const qs = (node: string) => t.questions.filter((q) => q.node === node);
  const qValue = (q: TemplateQuestion) => {
    const xs = subs.filter((s) => q.code in s.answers).map((s) => score(q, s.answers[q.code])).filter((x): x is number => x !== null);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  };
  const value = (node: string): number | null => {
    const items = [...qs(node).map(qValue), ...kids(node).map(value)].filter((x): x is number => x !== null);
    return items.length ? items.reduce((a, b) => a + b, 0) / items.length : null;
  };
  const under = (node: string): TemplateQuestion[] => [...qs(node), ...kids(node).flatMap(under)];
  const respondents = (node: string) => subs.filter((s) => under(node).some((q) => q.code in s.answers && score(q, s.answers[q.code]) !== null)).length;
  return kids(t.index.code).map((code) => ({ code, value: value(code), n: respondents(code) }));
}

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
function randomAnswers(t: Template, r: () => number): Answers {
  const a: Answers = {};
  for (const q of t.questions) {
    if (r() < 0.25) continue; // skipped
    const pick = (k: number) => 1 + Math.floor(r() * k);
    a[q.code] = q.type === "likert5" ? pick(5) : q.type === "yes_no" ? pick(2) - 1 : q.type === "choice" ? pick(q.options!.length) : r() < 0.5 ? 0 : 10_000 * pick(20);
  }
  return a;
}
const POINTS = ["MC-BMT", "MC-BMT-TANLOI", "MC-KBU", "TTPVHCC-DLK"];
const BMT_POINTS = new Set(["MC-BMT", "MC-BMT-TANLOI"]);
const random = (t: Template, seed: number, count: number): Sub[] => {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    q: t.code, point: POINTS[Math.floor(r() * POINTS.length)], channel: r() < 0.7 ? "online" : "paper",
    at: `2024-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-1${i % 10}T09:00:00+07:00`, answers: randomAnswers(t, r),
  }));
};
const RANDOM_PAPI = random(papi, 20261123, 70);
const RANDOM_TT01 = random(tt01, 18, 70);

// Hand-computed data, in 2025 at MC-BMT online.
const HAND_PAPI: Sub[] = [
  { q: "papi", point: "MC-BMT", channel: "online", at: "2025-03-10T09:00:00+07:00",
    answers: { "papi.knowledge": 1, "papi.opportunity": 0, "papi.information": 2, "papi.local": 1, "papi.certification": 5, "papi.commune": 0 } },
  { q: "papi", point: "MC-BMT", channel: "online", at: "2025-03-11T09:00:00+07:00",
    answers: { "papi.knowledge": 1, "papi.information": 1, "papi.local": 0, "papi.certification": 3, "papi.commune": 50_000 } },
];
const ALL_TT01 = (option: number) => Object.fromEntries(tt01.questions.map((q) => [q.code, option]));
const HAND_TT01: Sub[] = [
  { q: "thong-tu-01", point: "MC-BMT", channel: "online", at: "2025-04-01T09:00:00+07:00", answers: ALL_TT01(1) },
  { q: "thong-tu-01", point: "MC-BMT", channel: "online", at: "2025-04-02T09:00:00+07:00", answers: ALL_TT01(2) },
  { q: "thong-tu-01", point: "MC-BMT", channel: "online", at: "2025-04-03T09:00:00+07:00", answers: { ...ALL_TT01(1), "tt01.total_time": 3 } },
];

beforeAll(async () => {
  server = await startServer({ env: NO_DEVICE_FLAGS });
  const cookie = await loginCookie(server.url, "admin");
  const post = (path: string, route: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}?_data=${encodeURIComponent(route)}`, withSession(server.url, cookie, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString(),
    }));
  for (const template of ["papi", "thong-tu-01"]) {
    const res = await post("/quan-tri/bang-hoi", "routes/quan-tri.bang-hoi._index", { intent: "template", template });
    const id = /\/quan-tri\/bang-hoi\/(\d+)/.exec(res.headers.get("x-remix-redirect") ?? "")?.[1];
    expect(id, template).toBeTruthy();
    expect((await post(`/quan-tri/bang-hoi/${id}`, "routes/quan-tri.bang-hoi.$id", { intent: "publish" })).status).toBe(204);
  }
  let i = 0;
  for (const s of [...HAND_PAPI, ...HAND_TT01, ...RANDOM_PAPI, ...RANDOM_TT01]) await submit(s, `kinds-response-${i++}`);
}, 180_000);
afterAll(async () => server?.stop());

async function indices(query: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?${query}`);
  expect(status, JSON.stringify(json)).toBe(200);
  return json;
}
const part = (json: any, code: string) => json.summary.parts.find((p: any) => p.code === code);

describe("GET /api/v1/indices?index= (PAPI and Circular 01 trees)", () => {
  it("scores a PAPI-style tree by hand: dimensions on 1–10, the total out of 80", async () => {
    const json = await indices("year=2025&index=PAPI");
    expect(json.index).toMatchObject({ code: "PAPI", kind: "papi" });
    expect(json.nodes[0].code).toBe("PAPI");
    const s = json.summary;
    expect(s).toMatchObject({ kind: "papi", max: 80, unit: "điểm", grade: null, n: 2, partsWithData: 4 });
    expect(s.parts).toHaveLength(8);
    // participation: knowledge 1 (both yes), opportunity 0 → 0,5 → 1 + 9 × 0,5 = 5,5
    expect(part(json, "papi.participation")).toMatchObject({ score: 5.5, max: 10, n: 2 });
    // transparency: information "fully" 1 and "partly" 0,5 → 0,75 → 7,75
    expect(part(json, "papi.transparency")).toMatchObject({ score: 7.75, n: 2 });
    // corruption: "had to pay?" yes 0, no 1 → 0,5 → 5,5
    expect(part(json, "papi.corruption")).toMatchObject({ score: 5.5, n: 2 });
    // procedures: certification 5 → 1, 3 → 0; informal payment 0 đồng → 1, 50 000 → 0 → 0,5 → 5,5
    expect(part(json, "papi.procedures")).toMatchObject({ score: 5.5, n: 2 });
    expect(part(json, "papi.services")).toMatchObject({ score: null, n: 0, low: null, high: null });
    expect(s.total).toBe(24.25);
    for (const p of s.parts.filter((x: any) => x.score !== null)) {
      expect(p.low).toBeLessThanOrEqual(p.score);
      expect(p.high).toBeGreaterThanOrEqual(p.score);
      expect(p.low).toBeGreaterThanOrEqual(1);
      expect(p.high).toBeLessThanOrEqual(10);
    }
    // The questionnaire's code names the same tree.
    expect((await indices("year=2025&index=papi")).summary).toEqual(s);
  });

  it("scores a Circular 01 tree by hand: indices 0–2 points, the total out of 18, graded", async () => {
    const json = await indices("year=2025&index=TT01");
    const s = json.summary;
    expect(s).toMatchObject({ kind: "circular01", max: 18, n: 3, partsWithData: 9 });
    // total_time: 2, 1 and 0 points → 1,0; each other index: 2, 1, 2 → 1,67 → 1,7 (one decimal)
    expect(part(json, "tt01.total_time")).toMatchObject({ score: 1, max: 2, n: 3 });
    for (const p of s.parts.filter((x: any) => x.code !== "tt01.total_time")) expect(p.score).toBe(1.7);
    expect(s.total).toBe(14.6);
    expect(s).toMatchObject({ grade: "good", gradeLabel: "Tốt" });
    expect((await indices("year=2025&index=thong-tu-01")).summary.total).toBe(14.6);
  });

  it("equals a recomputation from the raw answers of random data (PAPI and Circular 01, province and a district)", async () => {
    const cases: Array<[Template, string, Sub[], number]> = [
      [papi, "PAPI", RANDOM_PAPI, 9], [tt01, "TT01", RANDOM_TT01, 2],
    ];
    for (const [t, code, subs, scale] of cases) {
      for (const [unit, keep] of [["DLK", subs], ["BMT", subs.filter((s) => BMT_POINTS.has(s.point))]] as const) {
        const json = await indices(`year=2024&index=${code}&unit=${unit}`);
        const expected = recompute(t, keep);
        expect(json.summary.parts.map((p: any) => p.code)).toEqual(expected.map((e) => e.code));
        let total = 0;
        for (const e of expected) {
          const got = part(json, e.code);
          expect(got.n, `${code} ${unit} ${e.code}`).toBe(e.n);
          if (e.value === null) {
            expect(got.score).toBeNull();
            continue;
          }
          const want = code === "PAPI" ? Math.round((1 + scale * e.value) * 100) / 100 : Math.round(scale * e.value * 10) / 10;
          expect(got.score, `${code} ${unit} ${e.code}`).toBeCloseTo(want, 9);
          total += want;
        }
        expect(json.summary.total, `${code} ${unit}`).toBeCloseTo(total, 6);
        expect(json.summary.n).toBe(keep.length);
      }
    }
  });

  it("keeps SIPAS the default, refuses an unknown index in Vietnamese, and keeps scope checks", async () => {
    const sipas = await indices("year=2024");
    expect(sipas.nodes[0].code).toBe("SIPAS");
    expect(sipas.index).toMatchObject({ code: "SIPAS", kind: "sipas" });
    expect(sipas.summary).toMatchObject({ kind: "sipas", max: 100, unit: "%" });
    const bad = await getJson(`${server.url}/api/v1/indices?year=2024&index=khong-co`);
    expect(bad.status).toBe(404);
    expect(bad.json.error.fields.index).toMatch(/Không có chỉ số "khong-co".*PAPI.*TT01/);
    const cookie = await loginCookie(server.url, "lanhdao.bmt");
    const own = await fetch(`${server.url}/api/v1/indices?year=2024&index=PAPI&unit=BMT`, { headers: { cookie } });
    expect(own.status).toBe(200);
    const other = await fetch(`${server.url}/api/v1/indices?year=2024&index=PAPI&unit=KBU`, { headers: { cookie } });
    expect(other.status).toBe(403);
  });
});

describe("PAR criterion 3.4.5 from the Circular 01/2018 ratings", () => {
  it("fills 3.4.5 of the 2024 PAR tree from the province's total out of 18, as measured", async () => {
    const tt = (await indices("year=2024&index=TT01")).summary;
    expect(tt.total).not.toBeNull();
    const cookie = await loginCookie(server.url, "admin");
    const res = await fetch(`${server.url}/chi-so-par?year=2024&_data=${encodeURIComponent("routes/chi-so-par._index")}`, withSession(server.url, cookie));
    expect(res.status).toBe(200);
    const data = (await res.json()) as any;
    const find = (nodes: any[]): any => nodes.map((n) => (n.code === "3.4.5" ? n : find(n.children))).find(Boolean);
    const c = find(data.tree.nodes);
    expect(c).toMatchObject({ source: "measured" });
    expect(c.note).toContain(`${String(tt.total).replace(".", ",")}/18 điểm`);
    expect(c.note).toContain(`${tt.n} hồ sơ`);
    expect(c.points).toBeGreaterThanOrEqual(0);
    expect(c.points).toBeLessThanOrEqual(c.maxPoints);
  });
});
