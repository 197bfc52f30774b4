// Paper forms uploaded through the staff page /nhap-phieu-giay over real HTTP (issue 20): the files
// offices really have, preview, confirm, all or nothing, duplicates, batches withdrawn, round trip.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie, withSession } from "../helpers/auth";
import { getJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let desk: string; // motcua.bmt: desk officer of MC-BMT
let admin: string; // the coordinator
beforeAll(async () => {
  server = await startServer();
  desk = await loginCookie(server.url, "motcua.bmt");
  admin = await loginCookie(server.url, "admin");
});
afterAll(async () => {
  await server?.stop();
});

const ACTION = "/nhap-phieu-giay?_data=routes%2Fnhap-phieu-giay";

async function post(cookie: string, intent: "check" | "confirm", file: Buffer | string, name: string, sha256?: string) {
  const form = new FormData();
  form.set("questionnaire", "sipas");
  form.set("intent", intent);
  if (sha256) form.set("sha256", sha256);
  form.set("file", new Blob([new Uint8Array(typeof file === "string" ? Buffer.from(file, "utf8") : file)]), name);
  const res = await fetch(`${server.url}${ACTION}`, withSession(server.url, cookie, { method: "POST", body: form }));
  return { status: res.status, json: (await res.json()) as any };
}

/** Preview then confirm, as the page does. */
async function upload(cookie: string, file: Buffer | string, name: string) {
  const check = await post(cookie, "check", file, name);
  expect(check.status).toBe(200);
  const p = check.json.preview;
  if (!p.ok) return { preview: p, done: null };
  const done = await post(cookie, "confirm", file, name, p.sha256);
  return { preview: p, done: done.json.done ?? done.json, status: done.status };
}

function find(node: any, code: string): any {
  if (node.code === code) return node;
  for (const c of node.children ?? []) {
    const f = find(c, code);
    if (f) return f;
  }
  return null;
}

async function indices(query: string) {
  const { status, json } = await getJson(`${server.url}/api/v1/indices?${query}`);
  expect(status).toBe(200);
  return json.nodes[0];
}

const QUESTIONS = [
  "access.1", "access.2", "access.3", "access.4",
  "procedures.1", "procedures.2", "procedures.3", "procedures.4", "procedures.5",
  "servants.1", "servants.2", "servants.3", "servants.4", "servants.5", "servants.6",
  "results.1", "results.2", "results.3",
  "feedback.1", "feedback.2", "feedback.3", "feedback.4",
];

/**
 * Four forms at MC-BMT in June of `year` (Vietnam time), answers as offices write them:
 *   access.1: "Hài lòng", 5, 2, KAD       → 2 satisfied of 3 = 2/3
 *   access.2: "Rất không hài lòng", 4, 4, "Bình thường" → 2/4 = 0.5
 *   every other question: blank except procedures.1 = 5 on all rows → 1
 * n = 4.
 */
function forms(_year: number, tag: string, date: (i: number) => string): string[][] {
  const a1 = ["Hài lòng", "5", "2", "KAD"];
  const a2 = ["Rất không hài lòng", "4", "4", "Bình thường"];
  return [0, 1, 2, 3].map((i) => [
    `${tag}-${i + 1}`, "MC-BMT", date(i), "",
    ...QUESTIONS.map((q) => (q === "access.1" ? a1[i] : q === "access.2" ? a2[i] : q === "procedures.1" ? "5" : "")),
  ]);
}
const HEADER = ["respondent_id", "service_point", "submitted_at", "procedure_field", ...QUESTIONS];

async function expectFigures(year: number, n: number) {
  const s = await indices(`year=${year}&channel=paper`);
  expect(s.n).toBe(n);
  if (n === 0) return;
  expect(find(s, "access.1").value).toBeCloseTo(2 / 3, 10);
  expect(find(s, "access.1").n).toBe(3);
  expect(find(s, "access.2").value).toBeCloseTo(0.5, 10);
  expect(find(s, "procedures.1").value).toBe(1);
}

describe("upload page: the files offices really have", () => {
  it("a semicolon CSV with dd/mm/yyyy dates is previewed, then stored with the hand-computed figures", async () => {
    const rows = forms(2021, "SC", (i) => (i % 2 ? `1${i}/06/2021 09:3${i}` : `1${i}/06/2021`));
    const text = [HEADER, ...rows].map((r) => r.join(";")).join("\n") + "\n";
    const { preview, done } = await upload(desk, text, "phieu-thang-6.csv");
    expect(preview.ok).toBe(true);
    expect(preview.rows).toBe(4);
    expect(preview.perPointMonth).toEqual([{ servicePoint: "MC-BMT", name: expect.any(String), month: "2021-06", respondents: 4 }]);
    expect(done.imported).toBe(4);
    expect(done.batchId).toBeGreaterThan(0);
    await expectFigures(2021, 4);
  });

  it("a CRLF file with a BOM stores the same figures", async () => {
    const rows = forms(2023, "BOM", (i) => `2023-06-1${i} 08:00`);
    const text = "\uFEFF" + [HEADER, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n";
    const { preview, done } = await upload(desk, text, "crlf-bom.csv");
    expect(preview.errorCount).toBe(0);
    expect(done.imported).toBe(4);
    await expectFigures(2023, 4);
  });

  it("an XLSX filled in from the downloaded template (Excel dates) stores the same figures", async () => {
    const res = await fetch(`${server.url}/nhap-phieu-giay/mau?bang-hoi=sipas&dang=xlsx`, withSession(server.url, desk));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(".xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(2).getCell(1).value).toBe("respondent_id");
    expect(String(ws.getRow(1).getCell(5).value)).toMatch(/[àáảãạăâđêôơư]/i); // a question's text
    expect(String(ws.getRow(3).getCell(1).value)).toContain("VÍ DỤ");
    const validations = (ws as any).dataValidations.model as Record<string, { type: string; formulae: string[] }>;
    expect(Object.values(validations).some((v) => v.type === "list" && v.formulae[0].includes("Hài lòng"))).toBe(true);
    forms(2022, "XL", () => "").forEach((r, i) => {
      const row = ws.getRow(4 + i);
      r.forEach((v, k) => (row.getCell(k + 1).value = /^\d$/.test(v) ? Number(v) : v));
      // A real date cell (Excel stores a serial number with a date format).
      row.getCell(3).value = new Date(Date.UTC(2022, 5, 10 + i, 9, 0));
      row.getCell(3).numFmt = "dd/mm/yyyy hh:mm";
      row.commit();
    });
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const { preview, done } = await upload(desk, file, "mau-da-dien.xlsx");
    expect(preview.errors).toEqual([]);
    expect(preview.rows).toBe(4); // the example row is not read
    expect(preview.perPointMonth[0].month).toBe("2022-06");
    expect(done.imported).toBe(4);
    await expectFigures(2022, 4);
  });

  it("the CSV template: question texts, codes, an example row; filled in it stores the same figures", async () => {
    const res = await fetch(`${server.url}/nhap-phieu-giay/mau?bang-hoi=sipas&dang=csv`, withSession(server.url, desk));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const template = await res.text();
    const lines = template.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toContain("Mã người trả lời");
    expect(lines[1].startsWith("respondent_id,service_point,submitted_at,procedure_field,access.1")).toBe(true);
    expect(lines[2]).toContain("VÍ DỤ");
    // Untouched, it has no forms: said so, nothing stored.
    const empty = (await post(desk, "check", template, "mau.csv")).json.preview;
    expect(empty.errors.map((e: any) => e.message)).toEqual(["Tệp không có dòng dữ liệu nào."]);
    const filled = template + forms(2025, "CT", (i) => `0${i + 1}/11/2025`).map((r) => r.join(",")).join("\r\n") + "\r\n";
    const { preview, done } = await upload(desk, filled, "mau-csv.csv");
    expect(preview.rows).toBe(4);
    expect(done.imported).toBe(4);
    const s = await indices("year=2025&channel=paper");
    expect(find(s, "access.1").value).toBeCloseTo(2 / 3, 10);
  });

  it("a file with one bad row stores nothing, and names the row, the question's text and what to fix", async () => {
    const rows = forms(2019, "BAD", (i) => `0${i + 1}/03/2019`);
    rows[2][HEADER.indexOf("access.2")] = "Tốt"; // spreadsheet row 4
    const text = [HEADER, ...rows].map((r) => r.join(",")).join("\n");
    const check = await post(desk, "check", text, "loi.csv");
    const p = check.json.preview;
    expect(p.ok).toBe(false);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0].row).toBe(4);
    expect(p.errors[0].column).not.toBe("access.2");
    expect(p.errors[0].column).toMatch(/[àáảãạăâđêôơư]/i);
    expect(p.errors[0].message).toContain("1–5");
    // Confirming anyway (a crafted request) stores nothing either.
    const done = await post(desk, "confirm", text, "loi.csv", p.sha256);
    expect(done.status).toBe(422);
    await expectFigures(2019, 0);
  });

  it("a desk officer cannot import forms of another service point", async () => {
    const rows = forms(2018, "OT", () => "01/02/2018");
    rows[0][1] = "TTPVHCC-DLK";
    const text = [HEADER, ...rows].map((r) => r.join(",")).join("\n");
    const p = (await post(desk, "check", text, "khac-diem.csv")).json.preview;
    expect(p.errors.map((e: any) => e.row)).toEqual([2]);
    expect(p.errors[0].message).toContain("không được giao");
    await expectFigures(2018, 0);
  });

  it("a second upload of the same file stores nothing", async () => {
    const rows = forms(2021, "SC", (i) => (i % 2 ? `1${i}/06/2021 09:3${i}` : `1${i}/06/2021`));
    const text = [HEADER, ...rows].map((r) => r.join(";")).join("\n") + "\n";
    const check = await post(desk, "check", text, "phieu-thang-6 (2).csv");
    expect(check.json.preview.alreadyImported.batchId).toBeGreaterThan(0);
    const done = await post(desk, "confirm", text, "phieu-thang-6 (2).csv", check.json.preview.sha256);
    expect(done.json.done.imported).toBe(0);
    expect(done.json.done.duplicateOf).not.toBeNull();
    // The same respondents in another file (one more blank line) are recognised too.
    const again = await upload(desk, text + "\n", "phieu-thang-6-sua.csv");
    expect(again.preview.alreadyPresent).toBe(4);
    expect(again.done.imported).toBe(0);
    expect(again.done.alreadyPresent).toBe(4);
    await expectFigures(2021, 4);
  });

  it("a withdrawn batch leaves the figures as before the import, audited, nothing deleted", async () => {
    const rows = forms(2017, "WD", (i) => `2${i}/09/2017`);
    const text = [HEADER, ...rows].map((r) => r.join(",")).join("\n");
    const before = await indices("year=2017&channel=paper");
    expect(before.n).toBe(0);
    const { done } = await upload(desk, text, "rut.csv");
    expect(done.imported).toBe(4);
    await expectFigures(2017, 4);
    const res = await fetch(`${server.url}${ACTION}`, withSession(server.url, desk, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "withdraw", batch: String(done.batchId), reason: "Nhập nhầm tệp" }).toString(),
    }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.excluded).toBe(4);
    await expectFigures(2017, 0);
    expect(await indices("year=2017&channel=paper")).toEqual(before);
    // The batch says so on the page; the responses still exist (excluded); the audit log has it.
    const page = await (await fetch(`${server.url}/nhap-phieu-giay`, withSession(server.url, admin))).text();
    expect(page).toContain("Nhập nhầm tệp");
    const { createDb } = await import("../../db/client.server");
    const db = createDb(server.dbPath);
    try {
      const kept = await db.selectFrom("response").select(["excluded"]).where("import_batch_id", "=", done.batchId).execute();
      expect(kept.map((r) => r.excluded)).toEqual([1, 1, 1, 1]);
      const audits = await db.selectFrom("audit_log").select("action").where("action", "in", ["import.withdraw", "response.exclude"]).execute();
      expect(audits.filter((a) => a.action === "response.exclude")).toHaveLength(4);
      expect(audits.filter((a) => a.action === "import.withdraw")).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  it("a legacy TCVN3 file is converted; a VNI file is refused with how to convert it", async () => {
    const rows = forms(2016, "TC", (i) => `0${i + 1}/05/2016`).map((r) => r.map((c) => c.replace("Hài lòng", "Hµi lßng").replace("Rất không hài lòng", "RÊt kh«ng hµi lßng").replace("Bình thường", "B×nh th\u00adêng")));
    const tcvn = Buffer.from([HEADER, ...rows].map((r) => r.join(",")).join("\n"), "latin1");
    const { preview, done } = await upload(desk, tcvn, "tcvn3.csv");
    expect(preview.errors).toEqual([]);
    expect(done.imported).toBe(4);
    await expectFigures(2016, 4);

    const vniRows = forms(2015, "VN", () => "01/05/2015").map((r) => r.map((c) => c.replace("Hài lòng", "Haøi loøng").replace("Rất không hài lòng", "Raát khoâng haøi loøng").replace("Bình thường", "Bình thöôøng")));
    const vni = Buffer.from([HEADER, ...vniRows].map((r) => r.join(",")).join("\n"), "latin1");
    const p = (await post(desk, "check", vni, "vni.csv")).json.preview;
    expect(p.ok).toBe(false);
    expect(p.errors[0].message).toContain("VNI");
    expect(p.errors[0].message).toContain("Unikey");
    await expectFigures(2015, 0);
  });

  it("the responses export, machine variant, imports again unchanged (round trip into an empty database)", async () => {
    const exp = await fetch(`${server.url}/xuat/phieu.csv?year=2021&channel=paper&dang=ma-may`, withSession(server.url, admin));
    expect(exp.status).toBe(200);
    const file = Buffer.from(await exp.arrayBuffer());
    const other = await startServer();
    try {
      const coordinator = await loginCookie(other.url, "admin");
      const check = await fetch(`${other.url}${ACTION}`, withSession(other.url, coordinator, { method: "POST", body: (() => {
        const f = new FormData();
        f.set("questionnaire", "sipas");
        f.set("intent", "check");
        f.set("file", new Blob([new Uint8Array(file)]), "phieu.csv");
        return f;
      })() }));
      const p = ((await check.json()) as any).preview;
      expect(p.errors).toEqual([]);
      expect(p.rows).toBe(4);
      const f = new FormData();
      f.set("questionnaire", "sipas");
      f.set("intent", "confirm");
      f.set("sha256", p.sha256);
      f.set("file", new Blob([new Uint8Array(file)]), "phieu.csv");
      const done = ((await (await fetch(`${other.url}${ACTION}`, withSession(other.url, coordinator, { method: "POST", body: f }))).json()) as any).done;
      expect(done.imported).toBe(4);
      const a = (await getJson(`${server.url}/api/v1/indices?year=2021&channel=paper`)).json.nodes[0];
      const b = (await getJson(`${other.url}/api/v1/indices?year=2021&channel=paper`)).json.nodes[0];
      expect(b).toEqual(a);
      // The XLSX export reads the same way.
      const xlsx = Buffer.from(await (await fetch(`${server.url}/xuat/phieu.xlsx?year=2021&channel=paper&dang=ma-may`, withSession(server.url, admin))).arrayBuffer());
      const fx = new FormData();
      fx.set("questionnaire", "sipas");
      fx.set("intent", "check");
      fx.set("file", new Blob([new Uint8Array(xlsx)]), "phieu.xlsx");
      const px = ((await (await fetch(`${other.url}${ACTION}`, withSession(other.url, coordinator, { method: "POST", body: fx }))).json()) as any).preview;
      expect(px.errors).toEqual([]);
      expect(px.perPointMonth).toEqual(p.perPointMonth);
    } finally {
      await other.stop();
    }
  });

  it("handles 20,000 rows in seconds (streamed, read twice rather than held in memory)", async () => {
    const points = ["MC-BMT", "TTPVHCC-DLK", "MC-BMT-TANLOI"];
    const lines = [HEADER.join(";")];
    for (let i = 0; i < 20_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, "0");
      const month = String(1 + (i % 12)).padStart(2, "0");
      lines.push([`BIG-${i}`, points[i % 3], `${day}/${month}/2020 08:${String(i % 60).padStart(2, "0")}`, "", ...QUESTIONS.map((_, k) => String(1 + ((i + k) % 5)))].join(";"));
    }
    const text = lines.join("\r\n") + "\r\n";
    const t0 = Date.now();
    const { preview, done } = await upload(admin, text, "lon.csv");
    const ms = Date.now() - t0;
    console.log(`upload of 20,000 rows: check + store ${ms} ms`);
    expect(preview.rows).toBe(20_000);
    expect(preview.perPointMonth).toHaveLength(12); // month i % 12 fixes the point i % 3: 12 pairs
    expect(preview.perPointMonth.reduce((a: number, c: any) => a + c.respondents, 0)).toBe(20_000);
    expect(done.imported).toBe(20_000);
    expect(ms).toBeLessThan(60_000);
    expect((await indices("year=2020&channel=paper")).n).toBe(20_000);
  }, 120_000);

  it("refuses without the permission and answers in Vietnamese on a malformed post", async () => {
    const leader = await loginCookie(server.url, "lanhdao.tinh");
    const res = await fetch(`${server.url}/nhap-phieu-giay`, withSession(server.url, leader));
    expect(res.status).toBe(403);
    const bad = await fetch(`${server.url}${ACTION}`, withSession(server.url, desk, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x" }, body: "garbage" }));
    expect(bad.status).toBeLessThan(500);
    const none = await post(desk, "check", "", "trong.csv");
    expect(none.status).toBe(422);
    expect(none.json.message).toContain("Hãy chọn tệp");
  });
});
