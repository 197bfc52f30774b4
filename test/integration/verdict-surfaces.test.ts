import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";
import { createDb } from "../../db/client.server";

// Issue 15, part 1: one scope and one period read through every surface gives the same verdicts
// (app/domain/verdict.ts). The demo province, 2024 (a closed year) and its second quarter.

let server: TestServer;
let leader = "";
let admin = "";

beforeAll(async () => {
  server = await startServer({ demoResponses: true });
  leader = await loginCookie(server.url, "lanhdao.tinh");
  admin = await loginCookie(server.url, "admin");
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

const get = async (path: string, cookie = leader) => {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
  expect(res.status, path).toBe(200);
  return res;
};
const html = async (path: string, cookie = leader) => (await get(path, cookie)).text();

interface NodeJson { code: string; kind: string; value: number | null; status: string; verdict: { status: string; uncertain: boolean }; pointsVerdict: { status: string } | null; children: NodeJson[] }

/** The root and its sub-indices, as the API returns them. */
async function apiHeads(query: string): Promise<NodeJson[]> {
  const body = (await (await get(`/api/v1/indices?${query}`)).json()) as { nodes: NodeJson[] };
  const root = body.nodes[0];
  return [root, ...root.children.filter((c) => c.kind === "node")];
}

/** data-status of the element with a test id (StatusBadge writes data-testid, then data-status). */
function statusOf(page: string, testId: string): string | null {
  const m = new RegExp(`data-testid="${testId.replace(/[.]/g, "\\.")}" data-status="([a-z_]+)"`).exec(page);
  return m ? m[1] : null;
}

async function machineExport(query: string): Promise<Map<string, Record<string, string>>> {
  const buf = Buffer.from(await (await get(`/xuat/chi-so.csv?${query}&dang=ma-may`)).arrayBuffer());
  const rows = parse(buf.subarray(3).toString("utf8"), { columns: true }) as Record<string, string>[];
  return new Map(rows.map((r) => [r.code, r]));
}

describe("one verdict on every surface (province, 2024)", () => {
  it("API, dashboard cards, PAR page, targets page and export agree, rate and point targets alike", async () => {
    const heads = await apiHeads("year=2024");
    // The demo has targets and enough responses in 2024: every head gets a verdict of a closed year.
    expect(heads.length).toBe(6);
    for (const h of heads) expect(["met", "missed"]).toContain(h.status);
    const withPoints = heads.filter((h) => h.pointsVerdict);
    expect(withPoints.length).toBeGreaterThan(0);

    const dashboard = await html("/dashboard?year=2024");
    const par = await html("/dashboard/diem-par?year=2024");
    const targets = await html("/quan-tri/chi-tieu?year=2024", admin);
    const exported = await machineExport("year=2024");
    for (const h of heads) {
      expect(statusOf(dashboard, `node-${h.code}-status`), `dashboard ${h.code}`).toBe(h.status);
      const t = new RegExp(`data-testid="target-DLK-${h.code}" data-status="([a-z_]+)"`).exec(targets);
      expect(t?.[1], `targets ${h.code}`).toBe(h.status);
      expect(exported.get(h.code)?.status, `export ${h.code}`).toBe(h.status);
      expect(exported.get(h.code)?.status_uncertain).toBe(h.verdict.uncertain ? "1" : "0");
      if (h.pointsVerdict) {
        expect(statusOf(dashboard, `node-${h.code}-points-status`), `dashboard points ${h.code}`).toBe(h.pointsVerdict.status);
        expect(exported.get(h.code)?.points_status).toBe(h.pointsVerdict.status);
      }
      if (h.code !== heads[0].code) {
        expect(statusOf(par, `par-${h.code}-rate-status`), `PAR rate ${h.code}`).toBe(h.status);
        if (h.pointsVerdict) expect(statusOf(par, `par-${h.code}-points-status`), `PAR points ${h.code}`).toBe(h.pointsVerdict.status);
      }
    }
    // Where a plan sets both targets, both are labelled on the dashboard card.
    expect(dashboard).toContain("Chỉ tiêu tỷ lệ");
    expect(par).toContain("Chỉ tiêu tỷ lệ");
    expect(par).toContain("Chỉ tiêu điểm PAR");
    // A closed year asks for no more responses anywhere.
    for (const page of [dashboard, par, targets]) expect(page).not.toMatch(/cần khoảng [\d.]+ phiếu/);
  });

  it("the quarterly report agrees with the API and the export for the same quarter", async () => {
    const heads = await apiHeads("year=2024&period=Q2");
    const report = await html("/bao-cao/quy?year=2024&quarter=2");
    const exported = await machineExport("year=2024&period=Q2");
    for (const h of heads) {
      expect(exported.get(h.code)?.status).toBe(h.status);
      const cell = new RegExp(`data-testid="report-verdict-${h.code.replace(/[.]/g, "\\.")}">([^<]*)`).exec(report);
      expect(cell, `report ${h.code}`).not.toBeNull();
    }
    // Targets are resolved in the report as on the dashboard: no "Chưa có chỉ tiêu" where a target exists.
    const withTarget = heads.filter((h) => h.status !== "no_target" && h.status !== "insufficient" && h.status !== "no_data");
    expect(withTarget.length).toBeGreaterThan(0);
    const words: Record<string, string> = { met: "Đạt", missed: "Không đạt", on_track: "Đang đạt", off_track: "Đang không đạt", uncertain: "Chưa kết luận được" };
    for (const h of withTarget) {
      const cell = new RegExp(`data-testid="report-verdict-${h.code.replace(/[.]/g, "\\.")}">([\\s\\S]*?)</td>`).exec(report)![1];
      expect(cell).toContain(words[h.status]);
      expect(cell).not.toContain("Chưa có chỉ tiêu");
    }
  });

  it("league rows on the province dashboard agree with each desk's own figures", async () => {
    // The desks' league is folded and loads on demand; mo=diem sends it with the page.
    const dashboard = await html("/dashboard?year=2024&mo=diem");
    const rows = [...dashboard.matchAll(/data-testid="league-row" data-code="([^"]+)"([\s\S]*?)<\/tr>/g)].slice(0, 4);
    expect(rows.length).toBeGreaterThan(0);
    for (const [, code, row] of rows) {
      const status = /data-status="([a-z_]+)"/.exec(row)?.[1];
      const exported = await machineExport(`year=2024&point=${encodeURIComponent(code)}`);
      expect(status, `league ${code}`).toBe(exported.get("SIPAS")?.status);
      const desk = await html(`/dashboard/diem/${encodeURIComponent(code)}?year=2024`);
      expect(statusOf(desk, "node-SIPAS-status"), `desk ${code}`).toBe(status);
    }
  });

  it("the published SIPAS figures stand beside the measured ones on the province's cards, with the gap", async () => {
    const db = createDb(server.dbPath);
    try {
      const { id } = await db.insertInto("official_import").values({ file_name: "ket-qua-2024.csv", sha256: "x".repeat(64), rows: 2, sets: "[]", created_by: null, created_at: new Date().toISOString() }).returning("id").executeTakeFirstOrThrow();
      await db.insertInto("official_result").values([
        { import_id: id, year: 2024, index_code: "SIPAS", item_code: "TONG", item_name: "SIPAS", score: 83.1, rank: 35, rank_of: 63, source: "Bộ Nội vụ", replaced_at: null, replaced_by: null },
        { import_id: id, year: 2024, index_code: "SIPAS", item_code: "8.1.2", item_name: "Thủ tục hành chính", score: 80, rank: null, rank_of: 63, source: "Bộ Nội vụ", replaced_at: null, replaced_by: null },
        { import_id: id, year: 2024, index_code: "PAR", item_code: "8.1", item_name: "Chỉ số hài lòng", score: 7.9, rank: null, rank_of: 63, source: "Bộ Nội vụ", replaced_at: null, replaced_by: null },
      ]).execute();
    } finally {
      await db.destroy();
    }
    const heads = await apiHeads("year=2024");
    const page = await html("/dashboard?year=2024");
    const line = (code: string) => new RegExp(`data-testid="node-${code}-official">([\\s\\S]*?)</li>`).exec(page)?.[1].replace(/<[^>]+>|<!-- -->/g, "") ?? "";
    const gap = (measured: number, official: number) => new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(measured * 100 - official);
    expect(line("SIPAS")).toContain("83,10%");
    expect(line("SIPAS")).toContain("xếp hạng 35/63");
    expect(line("SIPAS")).toContain(`${gap(heads[0].value!, 83.1)} điểm %`);
    expect(line("procedures")).toContain("80,00%");
    // The published PAR points of criterion 8.1 beside the points computed from the measured rate.
    expect(/data-testid="node-SIPAS-official-points">([\s\S]*?)<\/span>/.exec(page)?.[1].replace(/<!-- -->/g, "")).toContain("7,9 điểm");
    // Not on a district's page: the published figures are the province's.
    expect(await html("/dashboard?year=2024&unit=BMT")).not.toContain("-official");
  });
});
