// Exports: CSV and XLSX of the indices (same numbers as GET /api/v1/indices) and of anonymised raw
// responses (one row per non-excluded response in scope, no personal data), streamed; permissions.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { excludeResponse } from "../../app/services/surveys/exclusion.server";
import { loginCookie } from "../helpers/auth";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
const cookies: Record<string, string> = {};

const DOSSIER = "000.00.12.H15-240317-0001";
const COMMENT = "Anh Nguyễn Văn A, 0905123456, cán bộ hướng dẫn tận tình";
const INJECTION = "=HYPERLINK(\"http://evil.example\",\"bấm\")";

interface Sub { key: string; point: string; channel: "online" | "paper"; at: string; answers: Record<string, number | null>; dossier?: string; comment?: string }
const SUBS: Sub[] = [
  ...Array.from({ length: 12 }, (_, i): Sub => ({
    key: `exp-bmt-${i}`, point: i % 3 === 0 ? "MC-BMT-TANLOI" : "MC-BMT", channel: i % 2 ? "paper" : "online",
    at: `2024-0${(i % 6) + 1}-1${i % 9}T09:00:00+07:00`,
    answers: { "access.1": (i % 5) + 1, "access.2": i % 4 === 0 ? null : 4, "procedures.1": 5 - (i % 3), "servants.1": 4, "results.1": (i % 2) + 3, "feedback.1": i % 5 === 0 ? null : 2 },
    dossier: i === 0 ? DOSSIER : undefined, comment: i === 1 ? COMMENT : undefined,
  })),
  ...Array.from({ length: 5 }, (_, i): Sub => ({
    key: `exp-kbu-${i}`, point: "MC-KBU", channel: "online", at: `2024-02-0${i + 1}T10:00:00+07:00`,
    answers: { "access.1": 5, "procedures.1": 3, "servants.1": 4, "results.1": 4, "feedback.1": 5 },
  })),
  // Last year, same quarter (for the API's "previous" figures): not in the 2024 exports.
  { key: "exp-bmt-2023", point: "MC-BMT", channel: "online", at: "2023-02-10T09:00:00+07:00", answers: { "access.1": 5 } },
];

beforeAll(async () => {
  server = await startServer();
  for (const s of SUBS) {
    const r = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: "sipas", servicePoint: s.point, channel: s.channel, answers: s.answers, idempotencyKey: s.key, submittedAt: s.at,
      dossierCode: s.dossier, comment: s.comment,
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  // One excluded response (a test entry) and a service point whose admin-typed name looks like a formula.
  const db = createDb(server.dbPath);
  try {
    const last = await db.selectFrom("response").select("id").where("idempotency_key", "=", "exp-bmt-11").executeTakeFirstOrThrow();
    await excludeResponse(db, last.id, "phiếu thử", null);
    await db.updateTable("service_point").set({ name: INJECTION }).where("code", "=", "MC-KBU").execute();
  } finally {
    await db.destroy();
  }
  for (const who of ["lanhdao.tinh", "lanhdao.bmt", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => server?.stop());

const get = (path: string, who?: string) => fetch(`${server.url}${path}`, { headers: who ? { cookie: cookies[who] } : {}, redirect: "manual" });

function csvRows(buf: Buffer): Record<string, string>[] {
  expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
  return parse(buf.subarray(3).toString("utf8"), { columns: true, skip_empty_lines: true, relax_column_count: false });
}

async function xlsxRows(buf: Buffer): Promise<Array<Record<string, unknown>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Array<Record<string, unknown>> = [];
  ws.eachRow((row, i) => {
    if (i === 1) return;
    const vals = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(headers.map((h, j) => [h, vals[j] ?? null])));
  });
  return out;
}

function flatten(nodes: any[], into: any[] = []): any[] {
  for (const n of nodes) {
    into.push(n);
    flatten(n.children, into);
  }
  return into;
}

describe("indices export", () => {
  for (const [label, query] of [["year, province", "year=2024"], ["Q1, BMT, online", "year=2024&period=Q1&unit=BMT&channel=online"]] as const) {
    it(`CSV and XLSX match GET /api/v1/indices (${label})`, async () => {
      const api = await getJson(`${server.url}/api/v1/indices?${query}`);
      expect(api.status).toBe(200);
      const nodes = flatten(api.json.nodes);
      expect(nodes[0].n).toBeGreaterThan(0);

      // The machine variant carries the codes and decimal points.
      const csvRes = await get(`/xuat/chi-so.csv?${query}&dang=ma-may`, "lanhdao.tinh");
      expect(csvRes.status).toBe(200);
      expect(csvRes.headers.get("content-type")).toContain("text/csv");
      expect(csvRes.headers.get("content-disposition")).toMatch(/attachment; filename="chi-so_.*_ma-may\.csv"/);
      const csv = csvRows(Buffer.from(await csvRes.arrayBuffer()));
      expect(csv.map((r) => r.code)).toEqual(nodes.map((n) => n.code));
      csv.forEach((r, i) => {
        const n = nodes[i];
        expect(Number(r.n)).toBe(n.n);
        expect(r.status).toBe(n.status);
        for (const [col, v] of [["value_pct", n.value], ["ci_low_pct", n.ciLow], ["ci_high_pct", n.ciHigh], ["target_pct", n.target?.threshold ?? null]] as const) {
          if (v === null) expect(r[col]).toBe("");
          else expect(Number(r[col])).toBeCloseTo(v * 100, 3);
        }
      });
      expect(csv[0].name).toBe(nodes[0].name); // Vietnamese intact

      // The default variant, for people: the same figures in Vietnamese, decimal commas, verdicts in words.
      const human = csvRows(Buffer.from(await (await get(`/xuat/chi-so.csv?${query}`, "lanhdao.tinh")).arrayBuffer()));
      expect(human.map((r) => r["Chỉ số / tiêu chí"])).toEqual(nodes.map((n) => n.name));
      human.forEach((r, i) => {
        const n = nodes[i];
        expect(Number(r["Số người trả lời (n)"])).toBe(n.n);
        if (n.value !== null) expect(Number(r["Giá trị (%)"].replace(",", "."))).toBeCloseTo(n.value * 100, 3);
        expect(r["Đánh giá chỉ tiêu tỷ lệ"]).not.toMatch(/^[a-z_]+$/);
      });
      expect(Object.keys(human[0])).not.toContain("Mã");

      const xRes = await get(`/xuat/chi-so.xlsx?${query}`, "lanhdao.tinh");
      expect(xRes.status).toBe(200);
      const xlsx = await xlsxRows(Buffer.from(await xRes.arrayBuffer()));
      expect(xlsx.map((r) => r["Chỉ số / tiêu chí"])).toEqual(nodes.map((n) => n.name));
      xlsx.forEach((r, i) => {
        expect(r["Số người trả lời (n)"]).toBe(nodes[i].n);
        expect(r["Giá trị (%)"]).toBe(nodes[i].value);
        expect(r["KTC 95% thấp (%)"]).toBe(nodes[i].ciLow);
        expect(r["KTC 95% cao (%)"]).toBe(nodes[i].ciHigh);
      });
    });
  }

  it("exports an agency's and a service point's figures", async () => {
    const res = await get("/xuat/chi-so.csv?year=2024&point=MC-KBU", "lanhdao.tinh");
    expect(res.status).toBe(200);
    const rows = csvRows(Buffer.from(await res.arrayBuffer()));
    expect(Number(rows[0]["Số người trả lời (n)"])).toBe(5);
    const agency = csvRows(Buffer.from(await (await get("/xuat/chi-so.csv?year=2024&agency=UBND-BMT", "lanhdao.tinh")).arrayBuffer()));
    expect(Number(agency[0]["Số người trả lời (n)"])).toBeGreaterThan(0);
  });
});

describe("raw responses export", () => {
  it("has one row per non-excluded response in scope, without personal data (CSV)", async () => {
    const res = await get("/xuat/phieu.csv?year=2024&unit=BMT", "lanhdao.tinh");
    expect(res.status).toBe(200);
    const buf = Buffer.from(await res.arrayBuffer());
    const text = buf.toString("utf8");
    const rows = csvRows(buf);
    expect(rows).toHaveLength(11); // 12 at BMT (incl. its commune) minus the excluded one; not 2023, not KBU
    expect(rows.every((r) => /^\d{2}\/\d{2}\/2024$/.test(r["Ngày"]))).toBe(true);
    const machine = csvRows(Buffer.from(await (await get("/xuat/phieu.csv?year=2024&unit=BMT&dang=ma-may", "lanhdao.tinh")).arrayBuffer()));
    expect(new Set(machine.map((r) => r.service_point_code))).toEqual(new Set(["MC-BMT", "MC-BMT-TANLOI"]));
    expect(machine.every((r) => r.local_day >= "2024-01-01" && r.local_day <= "2024-12-31")).toBe(true);
    // No dossier code in clear, no comment text, no respondent key column.
    expect(text).not.toContain(DOSSIER);
    expect(text).not.toContain("0905123456");
    expect(text).not.toContain("Nguyễn Văn A");
    expect(Object.keys(rows[0]).some((h) => /respondent/i.test(h))).toBe(false);
    const hashed = rows.filter((r) => r["Mã hồ sơ (đã băm)"]);
    expect(hashed).toHaveLength(1);
    expect(hashed[0]["Mã hồ sơ (đã băm)"]).toMatch(/^[0-9a-f]{16}$/);
    expect(rows.filter((r) => r["Có ý kiến thêm"] === "có")).toHaveLength(1);
    // Each answer is kept, under the question's words for people and its code for machines.
    const first = machine.find((r) => r.dossier_hash)!;
    expect(first["access.1"]).toBe("1");
    expect(first["access.2"]).toBe("");
    expect(first["procedures.1"]).toBe("5");
    const questionHeads = Object.keys(rows[0]).filter((h) => h.startsWith("Câu "));
    expect(questionHeads.length).toBeGreaterThan(5);
    const humanFirst = rows.find((r) => r["Mã hồ sơ (đã băm)"])!;
    expect(questionHeads.map((h) => humanFirst[h])).toContain("5");
  });

  it("XLSX of a quarter and a channel has the same rows", async () => {
    const csv = csvRows(Buffer.from(await (await get("/xuat/phieu.csv?year=2024&period=Q1&channel=online&unit=DLK", "lanhdao.tinh")).arrayBuffer()));
    const res = await get("/xuat/phieu.xlsx?year=2024&period=Q1&channel=online&unit=DLK", "lanhdao.tinh");
    expect(res.status).toBe(200);
    const xlsx = await xlsxRows(Buffer.from(await res.arrayBuffer()));
    expect(xlsx.length).toBe(csv.length);
    expect(xlsx.length).toBeGreaterThan(5);
    // Words for people, a real date cell, and the same rows in the same order as the CSV.
    expect(xlsx.every((r) => r["Kênh"] === "Trực tuyến (QR)" && r["Ngày"] instanceof Date && (r["Ngày"] as Date).toISOString() <= "2024-03-31T00:00:00.000Z")).toBe(true);
    expect(xlsx.map((r) => r["Điểm phục vụ"])).toEqual(csv.map((r) => r["Điểm phục vụ"]));
    expect(xlsx.map((r) => (r["Ngày"] as Date).toISOString().slice(0, 10).split("-").reverse().join("/"))).toEqual(csv.map((r) => r["Ngày"]));
  });

  it("neutralises text that a spreadsheet would run as a formula", async () => {
    const csvText = Buffer.from(await (await get("/xuat/phieu.csv?year=2024&unit=KBU", "lanhdao.tinh")).arrayBuffer()).toString("utf8");
    const rows = parse(csvText.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows[0]["Điểm phục vụ"]).toBe(`'${INJECTION}`);
    const xlsx = await xlsxRows(Buffer.from(await (await get("/xuat/phieu.xlsx?year=2024&unit=KBU", "lanhdao.tinh")).arrayBuffer()));
    expect(xlsx[0]["Điểm phục vụ"]).toBe(`'${INJECTION}`);
  });

  it("audits each export", async () => {
    await (await get("/xuat/phieu.csv?year=2024&unit=EKA", "lanhdao.tinh")).arrayBuffer();
    const db = createDb(server.dbPath);
    try {
      const row = await db.selectFrom("audit_log").selectAll().where("action", "=", "export.responses").where("entity_id", "=", "EKA").executeTakeFirstOrThrow();
      expect(JSON.parse(row.after_json!)).toMatchObject({ dataset: "phieu", format: "csv", year: 2024, scope: { kind: "unit", code: "EKA" } });
      expect(row.user_id).not.toBeNull();
    } finally {
      await db.destroy();
    }
  });
});

describe("export permissions", () => {
  it("401 anonymous, 403 out of scope or without export:data, 200 in scope", async () => {
    expect((await get("/xuat/chi-so.csv?year=2024")).status).toBe(401);
    expect((await get("/xuat/phieu.xlsx?year=2024&unit=DLK", "lanhdao.bmt")).status).toBe(403);
    expect((await get("/xuat/phieu.csv?year=2024&unit=KBU", "lanhdao.bmt")).status).toBe(403);
    expect((await get("/xuat/phieu.csv?year=2024&point=MC-KBU", "lanhdao.bmt")).status).toBe(403);
    expect((await get("/xuat/chi-so.csv?year=2024&unit=BMT", "canbo.stp")).status).toBe(403);
    const ok = await get("/xuat/phieu.csv?year=2024&unit=BMT", "lanhdao.bmt");
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
  });

  it("answers bad input in Vietnamese and unknown files with 404", async () => {
    const bad = await get("/xuat/chi-so.csv?year=abc&period=Q7", "lanhdao.tinh");
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.error.fields.period).toMatch(/Kỳ phải là/);
    expect(body.error.fields.year).toMatch(/Năm/);
    expect((await get("/xuat/khac.pdf", "lanhdao.tinh")).status).toBe(404);
  });
});

describe("quarterly report", () => {
  it("shows the quarter's figures, the comparisons and the signature block, in scope only", async () => {
    const api = await getJson(`${server.url}/api/v1/indices?year=2024&period=Q1&unit=BMT`);
    const res = await get("/bao-cao/quy?unit=BMT&year=2024&quarter=1", "lanhdao.bmt");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Báo cáo kết quả đo lường sự hài lòng");
    expect(html).toContain("quý I năm 2024");
    expect(html).toMatch(new RegExp(`${api.json.nodes[0].n}<!-- --> người trả lời|${api.json.nodes[0].n} người trả lời`));
    expect(html).toContain("So với Quý IV/2023");
    expect(html).toContain("THỦ TRƯỞNG CƠ QUAN");
    expect(html).toContain("<svg");
    expect((await get("/bao-cao/quy?unit=DLK&year=2024&quarter=1", "lanhdao.bmt")).status).toBe(403);
    expect((await get("/bao-cao/quy?year=2024&quarter=7", "lanhdao.tinh")).status).toBe(400);
  });
});

describe("published results", () => {
  it("the public page shows only published periods, escaped, and the admin can withdraw them", async () => {
    const admin = await loginCookie(server.url, "admin");
    const post = (body: Record<string, string>) => fetch(`${server.url}/quan-tri/cong-bo?index`, {
      method: "POST", redirect: "manual",
      headers: { cookie: admin, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body).toString(),
    });
    expect(await (await get("/ket-qua")).text()).toContain("Chưa có kết quả nào được công bố");
    // No data in 2019: nothing to publish, said in Vietnamese.
    const empty = await post({ intent: "publish", year: "2019", quarter: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/Chưa có phiếu khảo sát nào/);
    // A unit name with markup must come out escaped.
    const db = createDb(server.dbPath);
    try {
      await db.updateTable("admin_unit").set({ name: "Huyện <b>Krông</b> Búk" }).where("code", "=", "KBU").execute();
    } finally {
      await db.destroy();
    }
    const ok = await post({ intent: "publish", year: "2024", quarter: "1" });
    expect(ok.status).toBe(302);
    const api = await getJson(`${server.url}/api/v1/indices?year=2024&period=Q1`);
    const page = await get("/ket-qua");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Quý I/2024");
    expect(html).toContain(new Intl.NumberFormat("vi-VN", { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(api.json.nodes[0].value).replace(/\u00a0/g, " ").slice(0, 4));
    expect(html).toContain("Huyện &lt;b&gt;Krông&lt;/b&gt; Búk");
    expect(html).not.toContain("<b>Krông</b>");
    expect(html).not.toContain("Năm 2024");
    expect((await get("/ket-qua?ky=2024")).status).toBe(404); // the year was not published
    const withdraw = await post({ intent: "withdraw", period: "2024-Q1" });
    expect(withdraw.status).toBe(302);
    expect(await (await get("/ket-qua")).text()).toContain("Chưa có kết quả nào được công bố");
    // Only the admin publishes.
    const leader = await fetch(`${server.url}/quan-tri/cong-bo?index`, {
      method: "POST", redirect: "manual",
      headers: { cookie: cookies["lanhdao.tinh"], origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "publish", year: "2024" }).toString(),
    });
    expect(leader.status).toBe(403);
  });
});
