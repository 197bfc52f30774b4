import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { computeIndices } from "../../app/services/indices/indices.server";
import { loadDemoResponses } from "../../app/services/admin/seed.server";
import { loginCookie, withSession } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Official scores beside measured ones (issue 16): the coordinator enters SIPAS 2024 as the
 * Ministry published it per sub-index; the plan page, the API and the consolidated report return
 * both the official and the measured figure, each labelled, with the gap. Bad input changes nothing.
 */
let server: TestServer;
let db: Db;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" } });
  db = createDb(server.dbPath);
  await loadDemoResponses(db, 0.05);
  for (const who of ["admin", "lanhdao.tinh", "canbo.stp"]) cookies[who] = await loginCookie(server.url, who);
});
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

const post = (who: string, path: string, body: URLSearchParams) => fetch(`${server.url}${path}`, withSession(server.url, cookies[who], { method: "POST", body, redirect: "manual" }));
const dim = (code: string) => db.selectFrom("plan_dimension as d").innerJoin("plan as p", "p.id", "d.plan_id").select(["d.score", "d.rank"]).where("p.code", "=", "PAR-SIPAS-2024").where("d.code", "=", code).executeTakeFirstOrThrow();

describe("official beside measured", () => {
  it("refuses a bad score in Vietnamese and stores nothing; refuses anyone but the coordinator", async () => {
    const bad = await post("admin", "/ke-hoach/PAR-SIPAS-2024", new URLSearchParams({ intent: "scores", "score_8.1.2": "130", "rank_8.1.2": "abc" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Điểm lĩnh vực 8.1.2 là số từ 0 đến 100.");
    expect(await dim("8.1.2")).toEqual({ score: null, rank: null });
    expect((await post("canbo.stp", "/ke-hoach/PAR-SIPAS-2024", new URLSearchParams({ intent: "scores", "score_8.1.2": "83,1" }))).status).toBe(403);
  });

  it("stores the published sub-index and shows it beside the measured one with the gap, in the page, the API and the report", async () => {
    const ok = await post("admin", "/ke-hoach/PAR-SIPAS-2024", new URLSearchParams({ intent: "scores", "score_8.1.2": "83,1", "rank_8.1.2": "35" }));
    expect(ok.status).toBe(302);
    expect(await dim("8.1.2")).toEqual({ score: 83.1, rank: 35 });
    const log = await db.selectFrom("audit_log").select("action").where("action", "=", "plan.dimension_scores").execute();
    expect(log).toHaveLength(1);

    const measured = (await computeIndices(db, { year: 2024, index: "SIPAS" })).nodes[0].children.find((c) => c.code === "procedures")!.value!;
    const html = (await (await fetch(`${server.url}/ke-hoach/PAR-SIPAS-2024`, withSession(server.url, cookies["lanhdao.tinh"]))).text()).replace(/<!-- -->/g, "");
    const section = html.slice(html.indexOf('data-dimension="8.1.2"'), html.indexOf('data-dimension="8.1.3"'));
    expect(section).toContain("đo được từ khảo sát của tỉnh");
    expect(section).toContain("chính thức (Bộ công bố): 83,10% · hạng 35 · chênh lệch");

    const token = (await db.selectFrom("app_user").select("id").where("username", "=", "lanhdao.tinh").executeTakeFirstOrThrow()).id;
    const { createApiToken } = await import("../../app/platform/auth.server");
    const t = (await createApiToken(db, token, { name: "p", permissions: ["read:plans"] }, { userId: null })).token;
    const api = await (await fetch(`${server.url}/api/v1/plans/PAR-SIPAS-2024`, { headers: { authorization: `Bearer ${t}` } })).json();
    const d = api.dimensions.find((x: { code: string }) => x.code === "8.1.2");
    expect(d).toMatchObject({ official: 83.1, officialRank: 35 });
    expect(d.measured).toBeCloseTo(measured, 6);

    const report = (await (await fetch(`${server.url}/ke-hoach/PAR-SIPAS-2024/tong-hop?ky=NAM`, withSession(server.url, cookies["lanhdao.tinh"]))).text()).replace(/<!-- -->/g, "");
    expect(report).toContain("chính thức: 83,10 · đo được:");
  });

  it("PAR Index: the published points and rank of criterion 8.1 stand beside the measured points in the tree", async () => {
    const n = await db.selectFrom("par_node").selectAll().where("year", "=", 2024).where("code", "=", "8.1").executeTakeFirstOrThrow();
    const fields = { intent: "update", year: "2024", code: "8.1", maxPoints: String(n.max_points).replace(".", ","), target: n.target_points === null ? "" : String(n.target_points).replace(".", ","), owner: n.owner_text ?? "" };
    const bad = await post("admin", "/chi-so-par/nhap?year=2024", new URLSearchParams({ ...fields, officialPoints: "99", officialRank: "0" }));
    expect(bad.status).toBe(400);
    expect((await db.selectFrom("par_node").select("official_points").where("id", "=", n.id).executeTakeFirstOrThrow()).official_points).toBeNull();
    const ok = await post("admin", "/chi-so-par/nhap?year=2024", new URLSearchParams({ ...fields, officialPoints: "8,2", officialRank: "20" }));
    expect(ok.status).toBe(302);
    const html = (await (await fetch(`${server.url}/chi-so-par?year=2024`, withSession(server.url, cookies["lanhdao.tinh"]))).text()).replace(/<!-- -->/g, "");
    const row = html.slice(html.indexOf('data-code="8.1"'), html.indexOf('data-code="8.1.1"'));
    expect(row).toMatch(/chính thức 8,20 · hạng 20 · chênh [+−±]\d/);
  });
});
