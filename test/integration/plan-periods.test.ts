import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Report periods (issue 16): agencies report at quý I, 6 tháng, 9 tháng and năm (monthly where the
 * task's time asks for it). A report stored under the earlier quarter codes keeps counting for the
 * round that ends on the same day; the coordinator sees who has not reported at each level; the API
 * returns each task's report status per period.
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

const get = (who: string, path: string) => fetch(`${server.url}${path}`, withSession(server.url, cookies[who], { redirect: "manual" }));
const ids = async (task: string, agency: string) => ({
  task: (await db.selectFrom("plan_task as t").innerJoin("plan as p", "p.id", "t.plan_id").select("t.id").where("p.code", "=", "PAPI-2021").where("t.code", "=", task).executeTakeFirstOrThrow()).id,
  agency: (await db.selectFrom("agency").select("id").where("code", "=", agency).executeTakeFirstOrThrow()).id,
});

describe("report periods", () => {
  it("offers an agency the rounds of its task, not quarters", async () => {
    const html = (await (await get("canbo.stp", "/ke-hoach/bao-cao?plan=PAPI-2021&agency=STP")).text()).replace(/<!-- -->/g, "");
    expect(html).toContain('data-period="2021-9T"');
    expect(html).toContain('data-period="2021-Y"');
    expect(html).toContain("9 tháng năm 2021");
    expect(html).not.toContain('data-period="2021-Q3"');
  });

  it("keeps a report stored under an earlier quarter code valid, and refuses a quarter code for a new report", async () => {
    const { task, agency } = await ids("1.4", "STC");
    const before = (await (await get("admin", "/ke-hoach/theo-doi?plan=PAPI-2021")).text()).replace(/<!-- -->/g, "");
    const stcBefore = before.slice(before.indexOf('data-agency="STC"'), before.indexOf("</tr>", before.indexOf('data-agency="STC"')));
    expect(stcBefore).toContain('data-missing="1.4|2021-9T"');
    // a report filed before the rounds existed, for quý III (history is not rewritten)
    await db.insertInto("plan_report").values({ task_id: task, agency_id: agency, period: "2021-Q3", status: "in_progress", text: "Báo cáo quý III/2021 nộp trước khi có kỳ 9 tháng.", evidence_url: null, evidence_doc: null, submitted_by: null, submitted_at: "2021-10-05T02:00:00.000Z", submitted_day: "2021-10-05", updated_at: "2021-10-05T02:00:00.000Z" }).execute();
    const after = (await (await get("admin", "/ke-hoach/theo-doi?plan=PAPI-2021")).text()).replace(/<!-- -->/g, "");
    const stcAfter = after.slice(after.indexOf('data-agency="STC"'), after.indexOf("</tr>", after.indexOf('data-agency="STC"')));
    expect(stcAfter).not.toContain('data-missing="1.4|2021-9T"');
    expect(stcAfter).toContain("1.4"); // still overdue: the report says in progress, due quý III
    expect((await db.selectFrom("plan_report").select("period").where("task_id", "=", task).where("agency_id", "=", agency).execute()).map((r) => r.period)).toEqual(["2021-Q3"]);

    const body = new URLSearchParams({ intent: "report", task: String((await ids("2.1", "STP")).task), agency: "STP", plan: "PAPI-2021", period: "2021-Q3", status: "done", text: "Đã tổ chức tuyên truyền tại 15 xã." });
    const res = await fetch(`${server.url}/ke-hoach/bao-cao`, withSession(server.url, cookies["canbo.stp"], { method: "POST", body, redirect: "manual" }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("kỳ báo cáo không thuộc lịch của nhiệm vụ này");
  });

  it("shows the coordinator who has not reported at each level", async () => {
    const html = (await (await get("admin", "/ke-hoach/theo-doi?plan=PAPI-2021")).text()).replace(/<!-- -->/g, "");
    const levels = html.slice(html.indexOf('data-testid="levels"'), html.indexOf("</ul>", html.indexOf('data-testid="levels"')));
    expect(levels).toContain("Cấp tỉnh (sở, ban, ngành)");
    expect(levels).toMatch(/Cấp xã<strong>\d+\/\d+<\/strong>/);
    const province = html.slice(html.indexOf('<tbody data-level="province"'), html.indexOf("</tbody>", html.indexOf('<tbody data-level="province"')));
    expect(province).toContain('data-agency="STP"');
    const commune = html.slice(html.indexOf('<tbody data-level="commune"'), html.indexOf("</tbody>", html.indexOf('<tbody data-level="commune"')));
    expect(commune).not.toContain('data-agency="STP"');
    expect(commune).toContain("data-agency=");
  });

  it("returns each task's report status per period in the API, the stored code of a legacy report included", async () => {
    const user = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
    const t = (await createApiToken(db, user, { name: "periods", permissions: ["read:plans"], days: 1 }, { userId: null })).token;
    const api = await (await fetch(`${server.url}/api/v1/plans/PAPI-2021`, { headers: { authorization: `Bearer ${t}` } })).json();
    const task = api.tasks.find((x: { code: string }) => x.code === "1.4");
    expect(task.periods.map((p: { code: string }) => p.code)).toEqual(["2021-9T"]); // due quý III/2021
    const nine = task.periods[0];
    expect(nine).toMatchObject({ label: "9 tháng năm 2021", start: "2021-07-01", end: "2021-09-30", due: "2021-10-10" });
    expect(nine.reports.find((r: { agency: string }) => r.agency === "STC")).toEqual({ agency: "STC", status: "in_progress", submittedOn: "2021-10-05", filedAs: "2021-Q3", state: "on_time" });
    const ongoing = api.tasks.find((x: { code: string }) => x.code === "2.1");
    expect(ongoing.periods.map((p: { code: string }) => p.code)).toEqual(["2021-9T", "2021-Y"]);
    expect(ongoing.periods[1].reports.find((r: { agency: string }) => r.agency === "STP")).toMatchObject({ status: null, filedAs: null, state: "missing" });
  });

  it("a report filed again for the round keeps the first filing day of the earlier-coded one, which stays as it was", async () => {
    const { task } = await ids("1.4", "STC");
    const body = new URLSearchParams({ intent: "report", task: String(task), agency: "STC", plan: "PAPI-2021", period: "2021-9T", status: "done", text: "Đã ban hành văn bản hướng dẫn (bổ sung báo cáo quý III)." });
    const res = await fetch(`${server.url}/ke-hoach/bao-cao`, withSession(server.url, cookies.admin, { method: "POST", body, redirect: "manual" }));
    expect(res.status).toBe(302);
    const rows = await db.selectFrom("plan_report").select(["period", "status", "submitted_day"]).where("task_id", "=", task).orderBy("id").execute();
    expect(rows).toEqual([
      { period: "2021-Q3", status: "in_progress", submitted_day: "2021-10-05" },
      { period: "2021-9T", status: "done", submitted_day: "2021-10-05" },
    ]);
  });
});
