import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { officialScore } from "../../app/services/indices/official-results.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Official results imported from a file (issue 16): SIPAS per sub-index, the PAR Index per field
 * and criterion with rank, PAPI per dimension. All or nothing with Vietnamese row errors; a year and
 * index that already holds results is replaced only when asked, and the earlier rows are kept.
 */
let server: TestServer;
let db: Db;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
  for (const who of ["admin", "lanhdao.tinh", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const PATH = "/ke-hoach/ket-qua-cong-bo";
const HEAD = "Năm,Chỉ số,Mã,Tên lĩnh vực, tiêu chí,Điểm,Thứ hạng,Số tỉnh xếp hạng,Nguồn";
const head = `Năm,Chỉ số,Mã,"Tên lĩnh vực, tiêu chí",Điểm,Thứ hạng,Số tỉnh xếp hạng,Nguồn`;
const upload = (who: string, name: string, body: string | Buffer, replace = false) => {
  const form = new FormData();
  form.set("intent", "import");
  if (replace) form.set("replace", "1");
  form.set("file", new Blob([new Uint8Array(typeof body === "string" ? Buffer.from(body, "utf8") : body)]), name);
  return fetch(`${server.url}${PATH}`, withSession(server.url, cookies[who], { method: "POST", body: form, redirect: "manual" }));
};
const dim = (code: string) => db.selectFrom("plan_dimension as d").innerJoin("plan as p", "p.id", "d.plan_id").select(["d.score", "d.rank"]).where("p.code", "=", "PAR-SIPAS-2024").where("d.code", "=", code).executeTakeFirstOrThrow();
const parNode = (code: string) => db.selectFrom("par_node").select(["official_points", "official_rank"]).where("year", "=", 2024).where("code", "=", code).executeTakeFirstOrThrow();

const GOOD = [
  head,
  "2024,SIPAS,8.1.1,Chỉ số hài lòng về tiếp cận dịch vụ,\"84,2\",,,Bộ Nội vụ công bố 2025",
  "2024,SIPAS,8.1.2,,\"83,1\",35,63,Bộ Nội vụ công bố 2025",
  "2024,SIPAS,Tổng,,\"82,57\",40,63,Bộ Nội vụ công bố 2025",
  "2024,PAR INDEX,8.1,,\"8,2\",20,63,QĐ công bố PAR INDEX 2024",
  "2024,PAR INDEX,Tổng,,\"86,9\",25,63,QĐ công bố PAR INDEX 2024",
  "2024,PAPI,1,,\"5,12\",,,Báo cáo PAPI 2024",
  "2024,PAPI,2,,\"5,8\",,,Báo cáo PAPI 2024",
  "2024,PAPI,Tổng,,\"43,5\",30,63,Báo cáo PAPI 2024",
].join("\n");

describe("official results from a file", () => {
  it("offers a template with Vietnamese headers, as CSV and XLSX, to the coordinator only", async () => {
    const csv = await fetch(`${server.url}${PATH}/mau?dang=csv`, withSession(server.url, cookies.admin));
    expect(csv.status).toBe(200);
    expect((await csv.text()).replace(/^\uFEFF/, "").trim()).toBe(head);
    const xlsx = await fetch(`${server.url}${PATH}/mau?dang=xlsx`, withSession(server.url, cookies.admin));
    expect(xlsx.headers.get("content-disposition")).toContain("mau-ket-qua-cong-bo.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEAD.replace("lĩnh vực, tiêu chí", "lĩnh vực§ tiêu chí").split(",").map((h) => h.replace("§", ",")));
    expect(wb.worksheets[1].name).toBe("Hướng dẫn");
    expect((await fetch(`${server.url}${PATH}/mau?dang=csv`, withSession(server.url, cookies["canbo.stp"], { redirect: "manual" }))).status).toBe(403);
  });

  it("refuses a file with bad rows, naming each row and column in Vietnamese, and stores nothing", async () => {
    const bad = [
      head,
      "2024,SIPAS,8.1.2,,\"130\",,,",
      "2024,CPI,1,,\"5\",,,",
      "2024,PAR INDEX,9.9,,\"1\",,,",
      "2024,PAPI,3,,\"5,5\",70,63,",
      "2024,SIPAS,8.1.1,,\"80\",,,",
      "2024,SIPAS,8.1.1,,\"81\",,,",
    ].join("\n");
    const res = await upload("admin", "sai.csv", bad);
    expect(res.status).toBe(400);
    const html = (await res.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("Chưa nhập: có 5 lỗi, không có gì được lưu.");
    expect(html).toContain("Dòng 2, cột Điểm: Điểm phải là phần trăm từ 0 đến 100");
    expect(html).toContain("Dòng 3, cột Chỉ số: Chỉ số phải là SIPAS, PAR INDEX (Chỉ số CCHC) hoặc PAPI.");
    expect(html).toContain("Dòng 4, cột Mã: Cây Chỉ số CCHC năm 2024 không có lĩnh vực, tiêu chí 9.9.");
    expect(html).toContain("Dòng 5, cột Thứ hạng: Thứ hạng là số nguyên từ 1 đến 63.");
    expect(html).toContain("Dòng 7, cột Mã: Trùng với dòng 6 (cùng năm, chỉ số và mã).");
    expect(await db.selectFrom("official_import").select("id").execute()).toEqual([]);
    expect(await dim("8.1.1")).toEqual({ score: null, rank: null });
    const noHeader = await upload("admin", "thieu-cot.csv", "Năm,Chỉ số,Điểm\n2024,SIPAS,80");
    expect(await noHeader.text()).toContain("Dòng 1, cột Mã: Thiếu cột “Mã”.");
    expect((await upload("canbo.stp", "ok.csv", GOOD)).status).toBe(403);
  });

  it("stores a year's published results where the pages read them, dated and audited", async () => {
    const res = await upload("admin", "ket-qua-2024.csv", GOOD);
    expect(res.status).toBe(302);
    expect(decodeURIComponent(res.headers.get("location")!)).toContain("SIPAS (Chỉ số hài lòng) năm 2024 (3 dòng)");
    expect(await dim("8.1.2")).toEqual({ score: 83.1, rank: 35 });
    expect(await dim("8.1.1")).toEqual({ score: 84.2, rank: null });
    expect(await parNode("8.1")).toEqual({ official_points: 8.2, official_rank: 20 });
    expect(await db.selectFrom("papi_year").select(["total", "rank"]).where("year", "=", 2024).executeTakeFirstOrThrow()).toEqual({ total: 43.5, rank: 30 });
    expect(await officialScore(db, 2024, "SIPAS", "procedures")).toMatchObject({ code: "8.1.2", score: 83.1, rank: 35, unit: "percent", from: "file" });
    expect(await officialScore(db, 2024, "PAR", "total")).toMatchObject({ code: "TONG", score: 86.9, rank: 25, rankOf: 63, unit: "points", from: "file" });
    expect(await officialScore(db, 2024, "PAPI", "2")).toMatchObject({ score: 5.8, from: "file" });
    expect(await officialScore(db, 2023, "PAPI", "2")).toBeNull();
    const audit = await db.selectFrom("audit_log").select(["action", "after_json"]).where("action", "=", "official.import").execute();
    expect(audit).toHaveLength(1);

    // the plan page and the PAR tree show the official figure beside the measured one
    const plan = (await (await fetch(`${server.url}/ke-hoach/PAR-SIPAS-2024`, withSession(server.url, cookies["lanhdao.tinh"]))).text()).replace(/<!-- -->/g, "");
    const d812 = plan.slice(plan.indexOf('data-dimension="8.1.2"'), plan.indexOf('data-dimension="8.1.3"'));
    expect(d812.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ")).toContain("83,10 % chính thức (Bộ công bố); chưa có số đo được · hạng 35");
    const tree = (await (await fetch(`${server.url}/chi-so-par?year=2024`, withSession(server.url, cookies["lanhdao.tinh"]))).text()).replace(/<!-- -->/g, "");
    expect(tree.slice(tree.indexOf('data-code="8.1"'), tree.indexOf('data-code="8.1.1"'))).toMatch(/chính thức 8,20 · hạng 20/);
    const page = (await (await fetch(`${server.url}${PATH}`, withSession(server.url, cookies.admin))).text()).replace(/<!-- -->/g, "");
    expect(page).toContain('data-set="2024|SIPAS"');
    expect(page).toContain("ket-qua-2024.csv");

    // the same file sent twice (a double click) stores once
    expect((await upload("admin", "ket-qua-2024.csv", GOOD)).status).toBe(302);
    expect(await db.selectFrom("official_import").select("id").execute()).toHaveLength(1);
  });

  it("replaces a year's results only when asked, keeping the earlier ones (XLSX)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Kết quả công bố");
    ws.addRow(["Năm", "Chỉ số", "Mã", "Tên lĩnh vực, tiêu chí", "Điểm", "Thứ hạng", "Số tỉnh xếp hạng", "Nguồn"]);
    ws.addRow([2024, "SIPAS", "8.1.2", "", 84.4, 30, 63, "Bộ Nội vụ đính chính"]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const refused = await upload("admin", "dinh-chinh.xlsx", xlsx);
    expect(refused.status).toBe(400);
    expect((await refused.text()).replace(/<!-- -->/g, "")).toContain("Năm 2024, SIPAS (Chỉ số hài lòng): đã nhập từ tệp “ket-qua-2024.csv” ngày");
    expect(await dim("8.1.2")).toEqual({ score: 83.1, rank: 35 });

    const ok = await upload("admin", "dinh-chinh.xlsx", xlsx, true);
    expect(ok.status).toBe(302);
    expect(await dim("8.1.2")).toEqual({ score: 84.4, rank: 30 });
    expect(await dim("8.1.1")).toEqual({ score: null, rank: null }); // the replacement is the whole published set
    const rows = await db.selectFrom("official_result").select(["item_code", "score", "replaced_at", "replaced_by"]).where("index_code", "=", "SIPAS").orderBy("id").execute();
    expect(rows.filter((r) => r.replaced_at === null).map((r) => [r.item_code, r.score])).toEqual([["8.1.2", 84.4]]);
    expect(rows.filter((r) => r.replaced_at !== null).map((r) => r.item_code)).toEqual(["8.1.1", "8.1.2", "TONG"]);
    // PAR and PAPI of 2024 were not in the file and stay as they were
    expect(await parNode("8.1")).toEqual({ official_points: 8.2, official_rank: 20 });
    const audit = await db.selectFrom("audit_log").select(["before_json"]).where("action", "=", "official.import").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.before_json).toContain("83.1");
    expect(await officialScore(db, 2024, "SIPAS", "8.1.2")).toMatchObject({ score: 84.4, rank: 30, from: "file" });
  });
});
