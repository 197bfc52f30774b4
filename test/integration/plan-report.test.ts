import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The consolidated report of a plan for a round (issue 16): an agency's report shows in it with its
 * evidence, each dimension states its official and measured scores, agencies that have not reported
 * are listed by level, and the same report downloads as a DOCX in the administrative form.
 */
let server: TestServer;
let db: Db;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
  for (const who of ["admin", "canbo.stp", "canbo.bmt", "lanhdao.tinh"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const get = (who: string, path: string) => fetch(`${server.url}${path}`, withSession(server.url, cookies[who], { redirect: "manual" }));
const taskId = async (plan: string, code: string) =>
  (await db.selectFrom("plan_task as t").innerJoin("plan as p", "p.id", "t.plan_id").select("t.id").where("p.code", "=", plan).where("t.code", "=", code).executeTakeFirstOrThrow()).id;

describe("consolidated report", () => {
  it("drafts the 9-month report with an agency's report, its evidence, scores and who has not reported by level", async () => {
    const body = new URLSearchParams({ intent: "report", task: String(await taskId("PAPI-2021", "2.1")), agency: "STP", period: "2021-9T", status: "done",
      text: "Đã tổ chức 14 hội nghị phổ biến pháp luật tại 8 huyện.", evidenceDoc: "215/BC-STP ngày 05/10/2021", evidenceUrl: "", plan: "PAPI-2021" });
    const rep = await fetch(`${server.url}/ke-hoach/bao-cao`, withSession(server.url, cookies["canbo.stp"], { method: "POST", body, redirect: "manual" }));
    expect(rep.status).toBe(302);

    const res = await get("lanhdao.tinh", "/ke-hoach/PAPI-2021/tong-hop?ky=9T");
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/<!-- -->/g, "");
    expect(html).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(html).toContain("Số: …/BC-UBND");
    expect(html).toContain("Nơi nhận:");
    expect(html).toContain("9 tháng năm 2021");
    const row = html.slice(html.indexOf('data-task="2.1"'), html.indexOf('data-task="2.2"'));
    expect(row).toContain("Hoàn thành");
    expect(row).toContain("215/BC-STP ngày 05/10/2021");
    expect(html).toContain("chính thức: chưa công bố · đo được: không đo");
    const commune = html.slice(html.indexOf('data-level="commune"'));
    expect(commune).toMatch(/Cấp xã: \d+ cơ quan/);
    const district = html.slice(html.indexOf('data-level="district"'), html.indexOf('data-level="commune"'));
    expect(district).toContain("Ủy ban nhân dân");
  });

  it("exports the same report as a DOCX an office can edit", async () => {
    const res = await get("lanhdao.tinh", "/ke-hoach/PAPI-2021/tong-hop.docx?ky=9T");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("wordprocessingml");
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file("word/document.xml")!.async("string");
    for (const s of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-UBND", "Nơi nhận:", "215/BC-STP ngày 05/10/2021", "9 tháng năm 2021"]) expect(xml).toContain(s);
  });

  it("answers a bad round in Vietnamese, never a 5xx", async () => {
    const res = await get("lanhdao.tinh", "/ke-hoach/PAPI-2021/tong-hop?ky=abc");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Kỳ báo cáo phải là quý I, 6 tháng, 9 tháng hoặc năm.");
  });

  it("the chain: a district (before 2025, through its Phòng Nội vụ) consolidates its area's reports before the province; others are shown as not yet", async () => {
    const form = (who: string, fields: Record<string, string>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries({ intent: "consolidate", plan: "PAPI-2021", round: "9T", year: "2021", ...fields })) body.set(k, v);
      return fetch(`${server.url}/ke-hoach/bao-cao`, withSession(server.url, cookies[who], { method: "POST", body, redirect: "manual" }));
    };
    const dept = await form("canbo.stp", { agency: "STP" });
    expect(dept.status).toBe(400);
    expect(await dept.text()).toContain("Chỉ UBND cấp xã (trước năm 2025: UBND cấp huyện qua Phòng Nội vụ) tổng hợp");
    expect((await form("canbo.stp", { agency: "UBND-BMT" })).status).toBe(403);
    const ok = await form("canbo.bmt", { agency: "UBND-BMT", note: "Đã tổng hợp báo cáo của các phòng, ban và UBND các phường." });
    expect(ok.status).toBe(302);
    const rows = await db.selectFrom("plan_consolidation").selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].round).toBe("2021-9T");
    expect(JSON.parse(rows[0].snapshot).length).toBeGreaterThan(0);

    const html = (await (await get("admin", "/ke-hoach/PAPI-2021/tong-hop?ky=9T")).text()).replace(/<!-- -->/g, "");
    const chain = html.slice(html.indexOf('data-testid="chain"'));
    expect(chain).toMatch(/data-committee="UBND-BMT" data-state="done">Ủy ban nhân dân thành phố Buôn Ma Thuột: đã tổng hợp ngày/);
    expect(chain).toContain("Đã tổng hợp báo cáo của các phòng, ban và UBND các phường.");
    expect(chain).toMatch(/data-committee="UBND-EKA" data-state="missing">[^<]*: <strong>chưa tổng hợp<\/strong>/);
  });
});
