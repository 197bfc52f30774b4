import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Plans made by the coordinator over real HTTP (issue 16): copy last year's plan as a draft, edit
 * it, issue it, and find it frozen; create a plan over a span of years with a yearly target; import
 * a whole plan (header and tasks) from CSV and XLSX in the seeds' column shapes, all or nothing.
 */
let server: TestServer;
let db: Db;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
  for (const who of ["admin", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const post = (who: string, path: string, body: FormData | URLSearchParams) =>
  fetch(`${server.url}${path}`, withSession(server.url, cookies[who], { method: "POST", body, redirect: "manual" }));
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const plan = (code: string) => db.selectFrom("plan").selectAll().where("code", "=", code).executeTakeFirst();
const tasks = async (code: string) => {
  const p = await plan(code);
  return db.selectFrom("plan_task").selectAll().where("plan_id", "=", p!.id).orderBy("sort").execute();
};
const planCount = async () => (await db.selectFrom("plan").select("id").execute()).length;

describe("copy, edit, issue, frozen", () => {
  it("copies last year's plan as a draft with its tasks as written and no number or date", async () => {
    const res = await post("admin", "/ke-hoach/moi", form({ intent: "copy", from: "PAPI-2021" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/ke-hoach/PAPI-2022?ok=copied");
    const p = (await plan("PAPI-2022"))!;
    expect([p.status, p.year, p.doc_number, p.issued_on, p.baseline_year]).toEqual(["draft", 2022, null, null, 2021]);
    expect(p.title).toContain("năm 2022");
    const from = await tasks("PAPI-2021");
    const to = await tasks("PAPI-2022");
    expect(to.map((t) => [t.code, t.title, t.schedule_text, t.lead])).toEqual(from.map((t) => [t.code, t.title, t.schedule_text, t.lead]));
    const page = await fetch(`${server.url}/ke-hoach/PAPI-2022`, withSession(server.url, cookies.admin));
    expect(await page.text()).toContain("bản dự thảo, chưa ban hành");
    // a retried copy (double click, resend) gives the same draft, stored once
    const before = await planCount();
    const again = await post("admin", "/ke-hoach/moi", form({ intent: "copy", from: "PAPI-2021" }));
    expect(again.headers.get("location")).toBe("/ke-hoach/PAPI-2022?ok=copied");
    expect(await planCount()).toBe(before);
  });

  it("edits the draft, refusing bad input in Vietnamese without changing anything", async () => {
    const good = {
      intent: "edit", title: "Kế hoạch nâng cao Chỉ số PAPI năm 2022", index: "PAPI", year: "2022", yearTo: "", docNumber: "", issuedBy: "Chủ tịch UBND tỉnh",
      baselineYear: "2021", baselineScore: "42,1", baselineRank: "48", targets: "Tăng 2 bậc\nNhóm trung bình cao",
    };
    const bad = await post("admin", "/ke-hoach/PAPI-2022", form({ ...good, baselineRank: "99", targets: "thật tốt" }));
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("Thứ hạng năm gốc là số nguyên từ 1 đến 63.");
    expect((await plan("PAPI-2022"))!.baseline_rank).toBeNull();
    const res = await post("admin", "/ke-hoach/PAPI-2022", form(good));
    expect(res.status).toBe(302);
    const p = (await plan("PAPI-2022"))!;
    expect([p.title, p.baseline_score, p.baseline_rank]).toEqual(["Kế hoạch nâng cao Chỉ số PAPI năm 2022", 42.1, 48]);
    expect(JSON.parse(p.targets).map((t: { kind: string }) => t.kind)).toEqual(["rank_improve", "group"]);
    const log = await db.selectFrom("audit_log").selectAll().where("action", "=", "plan.edit").execute();
    expect(log).toHaveLength(1);
    expect(JSON.parse(String(log[0].before_json)).title).toContain("năm 2022");
  });

  it("issues the draft, after which it is frozen except for reports", async () => {
    expect((await post("admin", "/ke-hoach/PAPI-2022", form({ intent: "issue", docNumber: "", issuedOn: "" }))).status).toBe(400);
    const res = await post("admin", "/ke-hoach/PAPI-2022", form({ intent: "issue", docNumber: "45/KH-UBND", issuedOn: "2022-03-01" }));
    expect(res.status).toBe(302);
    const p = (await plan("PAPI-2022"))!;
    expect([p.status, p.doc_number, p.issued_on, p.report_from]).toEqual(["issued", "45/KH-UBND", "2022-03-01", "2022-03-01"]);

    const edit = await post("admin", "/ke-hoach/PAPI-2022", form({ intent: "edit", title: "Đổi tên sau khi ban hành", index: "PAPI", year: "2022" }));
    expect(edit.status).toBe(409);
    expect(await edit.text()).toContain("Kế hoạch đã ban hành nên không sửa được");
    expect((await plan("PAPI-2022"))!.title).toBe("Kế hoạch nâng cao Chỉ số PAPI năm 2022");
    expect((await post("admin", "/ke-hoach/PAPI-2022", form({ intent: "issue", docNumber: "46/KH-UBND", issuedOn: "2022-04-01" }))).status).toBe(409);
    const csv = "dimension,subdimension,code,task,lead,implementers,deliverable,schedule\n1,,9.1,Nhiệm vụ thêm,Sở Nội vụ,,,Quý IV/2022";
    const imp = await post("admin", "/ke-hoach/theo-doi?plan=PAPI-2022", form({ intent: "import", plan: "PAPI-2022", csv }));
    expect(imp.status).toBe(400);
    expect((await tasks("PAPI-2022")).length).toBe(57);
  });

  it("lets only the coordinator create or copy plans", async () => {
    const res = await post("canbo.stp", "/ke-hoach/moi", form({ intent: "copy", from: "PAPI-2021" }));
    expect(res.status).toBe(403);
  });
});

describe("create and import", () => {
  it("creates a plan over a span of years with a yearly target inside it", async () => {
    const res = await post("admin", "/ke-hoach/moi", form({
      intent: "create", title: "Kế hoạch nâng cao Chỉ số PAPI giai đoạn 2026-2030", index: "PAPI", year: "2026", yearTo: "2030",
      baselineScore: "44,5", baselineRank: "30", baselineSource: "measured", targets: "Top 20/63\nNăm 2027: tăng 2 bậc",
    }));
    expect(res.status).toBe(302);
    const n = await planCount();
    const retry = await post("admin", "/ke-hoach/moi", form({
      intent: "create", title: "Kế hoạch nâng cao Chỉ số PAPI giai đoạn 2026-2030", index: "PAPI", year: "2026", yearTo: "2030",
      baselineScore: "44,5", baselineRank: "30", baselineSource: "measured", targets: "Top 20/63\nNăm 2027: tăng 2 bậc",
    }));
    expect(retry.headers.get("location")).toBe("/ke-hoach/PAPI-2026-2030?ok=created");
    expect(await planCount()).toBe(n);
    const p = (await plan("PAPI-2026-2030"))!;
    expect([p.year, p.year_to, p.report_to, p.status, p.baseline_year, p.baseline_source]).toEqual([2026, 2030, "2030-12-31", "draft", 2025, "measured"]);
    const page = (await (await fetch(`${server.url}/ke-hoach/PAPI-2026-2030`, withSession(server.url, cookies.admin))).text()).replace(/<!-- -->/g, "");
    expect(page).toContain("Năm gốc 2025 (số đo được của tỉnh): 44,50/80 điểm, xếp thứ 30/63.");
    expect(JSON.parse(p.targets)).toEqual([
      { kind: "rank_top", top: 20, of: 63, label: "Top 20/63" },
      { kind: "rank_improve", by: 2, label: "Năm 2027: tăng 2 bậc", year: 2027 },
    ]);
    const bad = await post("admin", "/ke-hoach/moi", form({ intent: "create", title: "Kế hoạch sai", index: "PAPI", year: "2026", yearTo: "2025", targets: "Năm 2031: tăng 1 bậc" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Năm cuối giai đoạn phải sau năm đầu");
  });

  const SEED_003_SHAPE = [
    "Tên kế hoạch,Kế hoạch nâng cao Chỉ số PAPI năm 2027",
    "Chỉ số,PAPI",
    "Năm,2027",
    "Người ký,Chủ tịch UBND tỉnh",
    "",
    "Stt,Nhiệm vụ trọng tâm,Chỉ tiêu,Đầu mối chủ trì thực hiện,Đơn vị thực hiện,Thời gian thực hiện,Kết quả thực hiện",
    "I,Chỉ số: Tham gia của người dân ở cấp cơ sở,,,,,",
    `1,"Tăng cường công tác thông tin, tuyên truyền về Pháp lệnh thực hiện dân chủ",100% UBND cấp xã triển khai thực hiện,UBND cấp huyện,UBND cấp xã,Thường xuyên,"Công văn hướng dẫn, kiểm tra"`,
    "II,Chỉ số: Công khai minh bạch,,,,,",
    `1,Tổ chức đối thoại của UBND cấp xã với người dân,01 lần/ năm,UBND cấp huyện,UBND cấp xã,Theo nhiệm kỳ,Kết quả thực hiện`,
    `2,Khảo sát đánh giá mức độ hài lòng,Mức độ hài lòng đạt trên 90%,Sở Nội vụ,"Các sở, ban, ngành",Quý IV,Báo cáo kết quả`,
  ].join("\n");

  it("imports a whole plan from CSV in seed 003's shape (with Chỉ tiêu), keeping unusual times as written", async () => {
    const body = new FormData();
    body.set("intent", "import-plan");
    body.set("file", new Blob([SEED_003_SHAPE], { type: "text/csv" }), "ke-hoach-2027.csv");
    const res = await post("admin", "/ke-hoach/moi", body);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/ke-hoach/PAPI-2027?ok=imported");
    const rows = await tasks("PAPI-2027");
    expect(rows.map((t) => [t.code, t.target_text, t.schedule_text])).toEqual([
      ["1.1", "100% UBND cấp xã triển khai thực hiện", "Thường xuyên"],
      ["2.1", "01 lần/ năm", "Theo nhiệm kỳ"],
      ["2.2", "Mức độ hài lòng đạt trên 90%", "Quý IV"],
    ]);
    expect(JSON.parse(rows[1].schedule)).toEqual({ kind: "as_written", text: "Theo nhiệm kỳ" });
    expect(JSON.parse(rows[2].schedule)).toMatchObject({ kind: "due", due: "2027-12-31" });
    expect(JSON.parse(rows[2].implementers)).toEqual([{ type: "group", code: "SO-NGANH" }]);
    expect((await plan("PAPI-2027"))!.status).toBe("draft");
  });

  it("imports an XLSX in seed 002's shape (no time, no deliverable, sub-dimensions, unnumbered tasks)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Kế hoạch");
    for (const r of [
      ["Tên kế hoạch", "Kế hoạch nâng cao Chỉ số PAPI năm 2028"], ["Chỉ số", "PAPI"], ["Năm", "2028"], [],
      ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị thực hiện"],
      ["I", "Tham gia của người dân ở cấp cơ sở"],
      ["1", "Tri thức công dân"],
      ["", "Thực hiện tuyên truyền trên Báo Đắk Lắk", "Sở Thông tin và Truyền thông", "UBND cấp huyện; UBND cấp xã"],
      ["", "Tăng cường bồi dưỡng hệ thống thông tin cơ sở", "", ""],
    ]) ws.addRow(r);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const body = new FormData();
    body.set("intent", "import-plan");
    body.set("file", new Blob([buf]), "ke-hoach-2028.xlsx");
    const res = await post("admin", "/ke-hoach/moi", body);
    expect(res.status).toBe(302);
    const rows = await tasks("PAPI-2028");
    expect(rows.map((t) => [t.code, t.schedule_text, t.deliverable, JSON.parse(t.lead).length])).toEqual([["1.1.1", "", null, 1], ["1.1.2", "", null, 0]]);
    expect(JSON.parse(rows[0].schedule)).toEqual({ kind: "unstated" });
  });

  it("stores nothing from a half-valid file, and says which row is wrong", async () => {
    const before = await planCount();
    const csv = SEED_003_SHAPE.replace("Năm,2027", "Năm,2029") + "\n3,,Chỉ tiêu,Sở Nội vụ,,Quý IV,";
    const body = new FormData();
    body.set("intent", "import-plan");
    body.set("file", new Blob([csv], { type: "text/csv" }), "sai.csv");
    const res = await post("admin", "/ke-hoach/moi", body);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Dòng 12: Thiếu nội dung nhiệm vụ.");
    expect(html).toContain("không có gì được lưu");
    expect(await planCount()).toBe(before);
  });
});
