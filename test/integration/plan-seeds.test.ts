import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { PLAN_SEEDS } from "../../app/services/plans/plan-seeds.server";
import { createApiToken } from "../../app/platform/auth.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The five seed documents load as demo plans (issue 16): every task with the right count, nothing
 * filled in that the document leaves blank, per-task targets, the agencies as written, times as
 * written with their reading, and the plans of former provinces kept apart from this province's
 * agencies.
 */
let server: TestServer;
let db: Db;
let cookie: string;

beforeAll(async () => {
  server = await startServer();
  db = createDb(server.dbPath);
  cookie = await loginCookie(server.url, "admin");
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const tasksOf = (plan: string) =>
  db.selectFrom("plan_task as t").innerJoin("plan as p", "p.id", "t.plan_id").selectAll("t").where("p.code", "=", plan).orderBy("t.sort").execute();
const task = async (plan: string, code: string) => (await tasksOf(plan)).find((t) => t.code === code)!;

describe("seed plans", () => {
  it("loads each seed's tasks with the right count", async () => {
    const counts: Record<string, number> = {};
    for (const p of await db.selectFrom("plan").select("code").execute()) counts[p.code] = (await tasksOf(p.code)).length;
    expect(counts).toEqual({
      "PAPI-2021": 57, // seed 000
      "PAR-SIPAS-2024": 25, // seed 001: 20 PAR criteria + 5 SIPAS sub-indices
      "PAPI-2020": 85, // seed 002
      "DNO-PAPI-2019": 34, // seed 003
      "PYE-PAPI-2021": 34, // seed 004, Phụ lục I
      "PYE-PAPI-2021-2025": 81, // seed 004, Phụ lục II
    });
  });

  it("stores exactly what each seed file holds: time, deliverable, target and agencies as written", async () => {
    for (const seed of PLAN_SEEDS) {
      const rows = await tasksOf(seed.code);
      for (const t of seed.tasks) {
        const r = rows.find((x) => x.code === t.code)!;
        expect(r.title).toBe(t.task);
        expect(r.schedule_text).toBe(t.schedule);
        expect(r.deliverable).toBe(t.deliverable ?? null);
        expect(r.target_text).toBe(t.target ?? null);
        expect(JSON.parse(r.lead)).toHaveLength(t.lead.length);
        expect(JSON.parse(r.implementers)).toHaveLength(t.implementers.length);
      }
    }
  });

  it("leaves blank merged cells blank (seed 000) and invents no time (2.6)", async () => {
    const t26 = await task("PAPI-2021", "2.6");
    expect(t26.title).toBe("Công khai bảng giá đất khi được UBND tỉnh ban hành.");
    expect(t26.schedule_text).toBe("");
    expect(JSON.parse(t26.schedule)).toEqual({ kind: "unstated" });
    expect(JSON.parse(t26.lead)).toEqual([]);
    expect(t26.deliverable).toBeNull();
    const t13 = await task("PAPI-2021", "1.3");
    expect(JSON.parse(t13.lead)).toEqual([]);
    const t31 = await task("PAPI-2021", "3.1");
    expect(JSON.parse(t31.schedule)).toEqual({ kind: "recurring", every: "month", also: ["quarter"] });
    const t11 = await task("PAPI-2021", "1.1");
    expect(JSON.parse(t11.lead)).toEqual([{ type: "agency", code: "STTTT" }]);
  });

  it("seed 001: the 20 PAR-criterion tasks and the 5 SIPAS ones, with no invented deliverable", async () => {
    const rows = await tasksOf("PAR-SIPAS-2024");
    expect(rows.map((r) => r.code)).toEqual([...Array.from({ length: 20 }, (_, i) => `1.${i + 1}`), "2.1", "2.2", "2.3", "2.4", "2.5"]);
    expect(rows.every((r) => r.deliverable === null)).toBe(true);
    const t14 = rows.find((r) => r.code === "1.4")!;
    expect(t14.schedule_text).toBe(""); // the document gives 1.4 no time
    expect(t14.target_text).toBe("100% hồ sơ TTHC được giải quyết đúng hạn.");
    const t22 = rows.find((r) => r.code === "2.2")!;
    expect(t22.target_text).toBe("Nâng cao tỷ lệ hài lòng năm 2024 đạt 85% (năm 2023 đạt 81,57%).");
    expect(JSON.parse(t22.schedule)).toMatchObject({ kind: "due", due: "2024-12-31" });
    const t19 = rows.find((r) => r.code === "1.9")!;
    expect(t19.lead_text).toBe("Sở Kế hoạch và Đầu tư"); // kept as written, whatever the agency later merged into
  });

  it("seed 001 Phụ lục II: owners as the document gives them", async () => {
    const owner = async (code: string) => (await db.selectFrom("par_node").select("owner_text").where("year", "=", 2024).where("code", "=", code).executeTakeFirstOrThrow()).owner_text;
    expect(await owner("1.6")).toBe("Sở Kế hoạch và Đầu tư");
    expect(await owner("1.7")).toBe("Văn phòng UBND tỉnh");
    expect(await owner("3.3")).toBeNull();
    expect(await owner("5.3")).toBeNull();
    expect(await owner("1")).toBe("Sở Nội vụ");
  });

  it("seed 002: no time and no deliverable column, so none is stored", async () => {
    const rows = await tasksOf("PAPI-2020");
    expect(rows.every((r) => r.schedule_text === "" && r.deliverable === null && JSON.parse(r.schedule).kind === "unstated")).toBe(true);
  });

  it("seed 003 (Đắk Nông): per-task targets, its own times, agencies of the former province as written", async () => {
    const plan = await db.selectFrom("plan").selectAll().where("code", "=", "DNO-PAPI-2019").executeTakeFirstOrThrow();
    expect(plan.former_province).toBe("Đắk Nông");
    const rows = await tasksOf("DNO-PAPI-2019");
    expect(rows.find((r) => r.code === "2.3")!.target_text).toBe("Tối thiểu 30% trên tổng số 71 xã phường được kiểm tra");
    expect(JSON.parse(rows.find((r) => r.code === "3.3")!.schedule)).toEqual({ kind: "recurring", every: "half" });
    expect(JSON.parse(rows.find((r) => r.code === "4.3")!.schedule)).toMatchObject({ kind: "due", due: "2019-12-31" });
    for (const r of rows) for (const a of [...JSON.parse(r.lead), ...JSON.parse(r.implementers)]) expect(a.type).toBe("external");
  });

  it("seed 004 (Phú Yên): a 2021 plan and a 2021–2025 plan; the truncated last task keeps its blanks", async () => {
    const span = await db.selectFrom("plan").selectAll().where("code", "=", "PYE-PAPI-2021-2025").executeTakeFirstOrThrow();
    expect([span.year, span.year_to, span.report_to, span.former_province]).toEqual([2021, 2025, "2025-12-31", "Phú Yên"]);
    const t81 = await task("PYE-PAPI-2021-2025", "81");
    expect([JSON.parse(t81.lead), t81.schedule_text, t81.deliverable]).toEqual([[], "", null]);
    expect(JSON.parse((await task("PYE-PAPI-2021-2025", "1")).schedule)).toEqual({ kind: "recurring", every: "year", years: { from: 2021, to: 2025 } });
  });

  it("shows a former province's plan with its time cells as written", async () => {
    const res = await fetch(`${server.url}/ke-hoach/PYE-PAPI-2021-2025`, withSession(server.url, cookie));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Theo kế hoạch hàng năm (2021- 2025)");
    expect(html).toContain("Phú Yên");
  });

  it("GET /api/v1/plans and /api/v1/plans/<code> with a read:plans token: header, tasks, time as written and understood, report status", async () => {
    const u = await db.selectFrom("app_user").select("id").where("username", "=", "lanhdao.tinh").executeTakeFirstOrThrow();
    const token = (await createApiToken(db, u.id, { name: "plans", permissions: ["read:plans"] }, { userId: null })).token;
    const other = (await createApiToken(db, u.id, { name: "indices", permissions: ["read:indices"] }, { userId: null })).token;
    const get = (path: string, t: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${t}` } });
    expect((await get("/api/v1/plans", other)).status).toBe(403);
    const list = await (await get("/api/v1/plans", token)).json();
    expect(list.plans.map((p: { code: string }) => p.code)).toContain("PYE-PAPI-2021-2025");
    const res = await get("/api/v1/plans/PAPI-2021", token);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.plan).toMatchObject({ code: "PAPI-2021", index: "PAPI", year: 2021, status: "issued" });
    expect(body.tasks).toHaveLength(57);
    const t31 = body.tasks.find((t: { code: string }) => t.code === "3.1");
    expect(t31.time).toMatchObject({ asWritten: "Định kỳ hàng tháng, quý", kind: "recurring", reading: { every: "month", also: ["quarter"] }, review: false });
    expect(t31.periods[0]).toMatchObject({ code: "2021-M07", label: "Tháng 7/2021" });
    const t21 = body.tasks.find((t: { code: string }) => t.code === "2.1");
    expect(t21).toMatchObject({ dimension: "2", lead: [{ type: "agency", code: "STP", name: "Sở Tư pháp" }] });
    expect(t21.periods[0].reports.find((r: { agency: string }) => r.agency === "STP")).toEqual({ agency: "STP", status: null, submittedOn: null, filedAs: null, state: "missing" });
    expect(t21.periods.map((p: { code: string }) => p.code)).toEqual(["2021-9T", "2021-Y"]); // the rounds: 9 tháng, năm (issued in July)
    const t35 = body.tasks.find((t: { code: string }) => t.code === "3.5");
    expect(t35.time).toMatchObject({ kind: "as_written", review: true });
    expect((await get("/api/v1/plans/KHONG-CO", token)).status).toBe(404);
  });
});
