// The leader's drill-down reads the monthly rollups only; every level of the tree (province,
// district, commune, desk, sub-index, criterion), the league tables, the monthly and quarterly
// series and the channel split are checked against a recomputation from the raw answers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { loadReferenceData, prng } from "../../app/services/admin/seed.server";
import { submitResponse } from "../../app/services/surveys/responses.server";
import { csvText, importPaperCsv } from "../../app/services/surveys/import.server";
import { currentVersion } from "../../app/services/surveys/questionnaires.server";
import { drillPage, resolveDrillScope } from "../../app/services/indices/dashboard.server";
import { weakestFirst, type Figure } from "../../app/domain/figure";
import type { IndexNodeView } from "../../app/services/indices/indices.server";
import { loadAnswerRows, recompute as recomputeWith, type AnswerRows, type Expected } from "../helpers/recompute";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

let db: Db;
let dir: string;
const rnd = prng(5150);
// Desks at every level: the province's centre, two district desks, three commune desks (two in BMT).
const POINTS = ["TTPVHCC-DLK", "MC-BMT", "MC-EKA", "MC-BMT-TANLOI", "MC-BMT-TANAN", "MC-EKA-EAKNOP"];
const YEAR = 2025;
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
const value = (): 1 | 2 | 3 | 4 | 5 | null => (rnd() < 0.1 ? null : (1 + Math.floor(rnd() * 5)) as 1 | 2 | 3 | 4 | 5);
const when = () => {
  const year = rnd() < 0.65 ? YEAR : YEAR - 1;
  const m = String(1 + Math.floor(rnd() * 12)).padStart(2, "0");
  const d = String(1 + Math.floor(rnd() * 28)).padStart(2, "0");
  return `${year}-${m}-${d}T${String(Math.floor(rnd() * 24)).padStart(2, "0")}:30:00+07:00`;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-drill-"));
  db = createDb(path.join(dir, "drill.db"));
  await migrateToLatest(db);
  await loadReferenceData(db);
  const kiosk = (await currentVersion(db, "sipas-kiosk"))!;
  const full = (await currentVersion(db, "sipas"))!;
  for (let i = 0; i < 420; i++) {
    const isKiosk = rnd() < 0.55;
    const version = isKiosk ? kiosk : full;
    const answers: Record<string, 1 | 2 | 3 | 4 | 5 | null> = {};
    for (const q of version.questions) if (rnd() < 0.93) answers[q.code] = value();
    if (Object.keys(answers).length === 0) answers[version.questions[0].code] = 5;
    await submitResponse(db, {
      questionnaire: version.code, servicePoint: pick(POINTS), channel: isKiosk ? "kiosk" : "online",
      answers, idempotencyKey: `drill-test-${i}`, submittedAt: when(), dossierCode: isKiosk ? null : `HS-D-${i}`,
    });
  }
  const header = ["respondent_id", "service_point", "submitted_at", "procedure_field", ...full.questions.map((q) => q.code)];
  const rows = [header.join(",")];
  for (let i = 0; i < 90; i++) rows.push([`D-${i}`, pick(POINTS), when(), "", ...full.questions.map(() => String(value() ?? "NA"))].join(","));
  expect((await importPaperCsv(db, csvText(rows.join("\n") + "\n"))).ok).toBe(true);
}, 90_000);

let answers: AnswerRows;
beforeAll(async () => {
  answers = await loadAnswerRows(db);
});
/** The recomputation over the answers loaded once (the data do not change below). */
const recompute = (d: Db, scope: Parameters<typeof recomputeWith>[1], channel: string, year: number) => recomputeWith(d, scope, channel, year, answers);

afterAll(async () => {
  await db?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

function flatten(n: IndexNodeView, into: IndexNodeView[] = []): IndexNodeView[] {
  into.push(n);
  for (const c of n.children) flatten(c, into);
  return into;
}

function same(got: Figure, want: Expected | undefined, where: string) {
  const w = want ?? { value: null, n: 0, ciLow: null, ciHigh: null };
  if (w.value === null) {
    expect(got.value, where).toBeNull();
    expect(got.n, where).toBe(0);
    return 0;
  }
  expect(got.value!, where).toBeCloseTo(w.value, 10);
  expect(got.n, where).toBe(w.n);
  expect(got.ciLow!, where).toBeCloseTo(w.ciLow!, 9);
  expect(got.ciHigh!, where).toBeCloseTo(w.ciHigh!, 9);
  return 1;
}

describe("drill-down figures equal a recomputation from raw answers", () => {
  const LEVELS: Array<{ ref: Parameters<typeof resolveDrillScope>[1]; want: string | { points: string[] } }> = [
    { ref: { kind: "unit", code: "DLK" }, want: "DLK" },
    { ref: { kind: "unit", code: "BMT" }, want: "BMT" },
    { ref: { kind: "unit", code: "BMT-TANLOI" }, want: "BMT-TANLOI" },
    { ref: { kind: "point", code: "MC-BMT-TANAN" }, want: { points: ["MC-BMT-TANAN"] } },
    // The city's people's committee: its own desk and its wards' desks.
    { ref: { kind: "agency", code: "UBND-BMT" }, want: { points: ["MC-BMT", "MC-BMT-TANLOI", "MC-BMT-TANAN", "MC-BMT-HOATHANG", "MC-BMT-EATU"] } },
  ];

  it("at every level of the tree, every sub-index and criterion, for all channels and each one", async () => {
    let compared = 0;
    for (const level of LEVELS) {
      const scope = await resolveDrillScope(db, level.ref);
      for (const channel of ["all", "kiosk", "online", "paper"] as const) {
        const page = await drillPage(db, scope, { year: YEAR, channel, node: null });
        const want = await recompute(db, level.want, channel, YEAR);
        for (const node of flatten(page.indices.nodes[0])) compared += same(node, want.get(node.code), `${level.ref.code}/${channel}/${node.code}`);
      }
    }
    expect(compared).toBeGreaterThan(300);
  }, 120_000);

  it("ranks units and desks weakest first on the focused node, each row as recomputed", async () => {
    for (const node of ["SIPAS", "procedures", "access.2"]) {
      const page = await drillPage(db, await resolveDrillScope(db, { kind: "unit", code: "DLK" }), { year: YEAR, channel: "all", node });
      expect(page.nodePath.at(-1)).toBe(node);
      const { units, points } = page.drill;
      expect(units.map((u) => u.code)).toHaveLength(15);
      for (const rows of [units, points]) {
        expect(rows.map((r) => r.code)).toEqual(weakestFirst(rows).map((r) => r.code));
        const vals = rows.map((r) => r.value).filter((v): v is number => v !== null);
        for (let i = 1; i < vals.length; i++) expect(vals[i]).toBeGreaterThanOrEqual(vals[i - 1]);
        // No-data rows come last.
        const firstNull = rows.findIndex((r) => r.value === null);
        if (firstNull >= 0) expect(rows.slice(firstNull).every((r) => r.value === null)).toBe(true);
      }
      for (const u of units) same(u, (await recompute(db, u.code, "all", YEAR)).get(node), `unit ${u.code}/${node}`);
      for (const p of points) same(p, (await recompute(db, { points: [p.code] }, "all", YEAR)).get(node), `point ${p.code}/${node}`);
      expect(points.filter((p) => p.value !== null).map((p) => p.code).sort()).toEqual([...POINTS].sort());
    }
  }, 120_000);

  it("gives monthly and quarterly series with last year beside them, and each channel on its own", async () => {
    for (const node of ["SIPAS", "servants", "results.1"]) {
      for (const channel of ["all", "online"] as const) {
        const scope = await resolveDrillScope(db, { kind: "unit", code: "BMT" });
        const { drill } = await drillPage(db, scope, { year: YEAR, channel, node });
        expect(drill.monthly.map((m) => m.period)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        let withData = 0;
        for (const m of drill.monthly) {
          withData += same(m, (await recompute(db, { unit: "BMT", months: [m.period] }, channel, YEAR)).get(node), `${node}/${channel}/month ${m.period}`);
          same(m.previous, (await recompute(db, { unit: "BMT", months: [m.period] }, channel, YEAR - 1)).get(node), `${node}/${channel}/month ${m.period} of ${YEAR - 1}`);
        }
        expect(withData).toBeGreaterThan(6);
        expect(drill.quarterly).toHaveLength(4);
        for (const q of drill.quarterly) {
          const months = [1, 2, 3].map((i) => (q.period - 1) * 3 + i);
          same(q, (await recompute(db, { unit: "BMT", months }, channel, YEAR)).get(node), `${node}/${channel}/Q${q.period}`);
          same(q.previous, (await recompute(db, { unit: "BMT", months }, channel, YEAR - 1)).get(node), `${node}/${channel}/Q${q.period} of ${YEAR - 1}`);
        }
        expect(drill.channels.map((c) => c.channel)).toEqual(["kiosk", "online", "paper", "phone"]);
        for (const c of drill.channels) same(c, (await recompute(db, "BMT", c.channel, YEAR)).get(node), `${node}/channel ${c.channel}`);
      }
    }
  }, 120_000);

  it("lists the weakest criteria with n ≥ 30 only, lowest first", async () => {
    const { drill } = await drillPage(db, await resolveDrillScope(db, { kind: "unit", code: "DLK" }), { year: YEAR, channel: "all", node: null });
    const want = await recompute(db, "DLK", "all", YEAR);
    const criteria = [...want.entries()].filter(([code]) => code.includes(".") && want.get(code)!.n >= 30);
    const expected = criteria.sort((a, b) => a[1].value! - b[1].value! || a[0].localeCompare(b[0])).slice(0, 10).map(([c]) => c);
    expect(drill.weakest.map((w) => w.code)).toEqual(expected);
    for (const w of drill.weakest) expect(w.n).toBeGreaterThanOrEqual(30);
  });

  it("refuses an unknown node, desk or agency with a Vietnamese message", async () => {
    const scope = await resolveDrillScope(db, { kind: "unit", code: "DLK" });
    await expect(drillPage(db, scope, { year: YEAR, channel: "all", node: "nope" })).rejects.toThrow(/Không có chỉ số hay tiêu chí/);
    await expect(resolveDrillScope(db, { kind: "point", code: "XX" })).rejects.toThrow(/Không tìm thấy điểm phục vụ/);
    await expect(resolveDrillScope(db, { kind: "agency", code: "XX" })).rejects.toThrow(/Không tìm thấy cơ quan/);
  });
});

describe("who may open a desk's or an agency's dashboard", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 60_000);
  afterAll(async () => server?.stop());
  const get = async (who: string, p: string) => {
    const res = await fetch(`${server.url}${p}`, { headers: { cookie: await loginCookie(server.url, who) }, redirect: "manual" });
    return { status: res.status, text: await res.text() };
  };

  it("gives the provincial leader every desk and agency", async () => {
    for (const p of ["/dashboard/diem/MC-EKA?year=2024", "/dashboard/diem/MC-BMT-TANLOI?year=2024&node=access.1", "/dashboard/co-quan/STP?year=2024", "/dashboard/co-quan/UBND-BMT"]) {
      expect((await get("lanhdao.tinh", p)).status, p).toBe(200);
    }
  });

  it("lets a district leader into their own desks and agencies and answers 403 outside", async () => {
    expect((await get("lanhdao.bmt", "/dashboard/diem/MC-BMT-TANLOI?year=2024")).status).toBe(200);
    expect((await get("lanhdao.bmt", "/dashboard/co-quan/UBND-BMT-TANLOI?year=2024")).status).toBe(200);
    for (const p of ["/dashboard/diem/MC-EKA?year=2024", "/dashboard/diem/TTPVHCC-DLK", "/dashboard/co-quan/STP", "/dashboard/co-quan/UBND-EKA", "/dashboard?unit=EKA&node=access"]) {
      const res = await get("lanhdao.bmt", p);
      expect(res.status, p).toBe(403);
      expect(res.text).toContain("Không có quyền");
    }
    // Officers without read:indices get a 403 even for their own agency.
    expect((await get("canbo.stp", "/dashboard/co-quan/STP")).status).toBe(403);
  });

  it("answers 404 for an unknown desk, agency or node and 400 for a bad year, in Vietnamese", async () => {
    const a = await get("lanhdao.tinh", "/dashboard/diem/KHONG-CO");
    expect(a.status).toBe(404);
    expect(a.text).toContain("Không có điểm phục vụ");
    expect((await get("lanhdao.tinh", "/dashboard/co-quan/KHONG-CO")).status).toBe(404);
    const n = await get("lanhdao.tinh", "/dashboard/diem/MC-BMT?node=zzz");
    expect(n.status).toBe(404);
    expect(n.text).toContain("trong bộ chỉ số");
    const y = await get("lanhdao.tinh", "/dashboard/diem/MC-BMT?year=abc");
    expect(y.status).toBe(400);
    expect(y.text).toContain("Năm phải là số nguyên");
    const u = await get("lanhdao.tinh", "/dashboard?year=2024&node=zzz");
    expect(u.status).toBe(404);
  });
});
