import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";
import { pairDevice } from "../helpers/devices";
import { createDb } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers, redirect: "manual" });

async function tokenFor(username: string, permissions: Array<"read:indices" | "export:data" | "enter:feedback">) {
  const db = createDb(server.dbPath);
  try {
    const u = await db.selectFrom("app_user").select("id").where("username", "=", username).executeTakeFirstOrThrow();
    return (await createApiToken(db, u.id, { name: "t", permissions }, { userId: null })).token;
  } finally {
    await db.destroy();
  }
}

describe("who may read the indices API", () => {
  it("answers 401 in JSON without a session or token, and for a bad token", async () => {
    for (const headers of [{}, { authorization: "Bearer hl_nope_nope" }] as Array<Record<string, string>>) {
      const res = await get("/api/v1/indices?year=2024", headers);
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body.error.code).toBe("unauthorized");
      expect(body.error.message).toMatch(/đăng nhập|token/);
    }
  });

  it("gives a district leader their district by default and a 403 for the province or another district", async () => {
    const cookie = await loginCookie(server.url, "lanhdao.bmt");
    const own = await get("/api/v1/indices?year=2024", { cookie });
    expect(own.status).toBe(200);
    expect((await own.json()).scope.unit).toBe("BMT");
    expect((await get("/api/v1/indices?year=2024&unit=BMT-TANLOI", { cookie })).status).toBe(200);
    for (const unit of ["DLK", "EKA"]) {
      const res = await get(`/api/v1/indices?year=2024&unit=${unit}`, { cookie });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
  });

  it("lets the provincial leader and the admin read the province", async () => {
    for (const who of ["lanhdao.tinh", "admin"]) {
      const cookie = await loginCookie(server.url, who);
      const res = await get("/api/v1/indices?year=2024", { cookie });
      expect(res.status).toBe(200);
      expect((await res.json()).scope.unit).toBe("DLK");
    }
  });

  it("accepts a personal access token with read:indices and refuses one without it (403)", async () => {
    const ok = await tokenFor("lanhdao.tinh", ["read:indices"]);
    expect((await get("/api/v1/indices?year=2024", { authorization: `Bearer ${ok}` })).status).toBe(200);
    const noRead = await tokenFor("lanhdao.tinh", ["export:data"]);
    const res = await get("/api/v1/indices?year=2024", { authorization: `Bearer ${noRead}` });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("refuses a token for permissions its owner does not have", async () => {
    await expect(tokenFor("motcua.bmt", ["export:data"])).rejects.toThrow(/Quyền không hợp lệ/);
  });

  it("keeps the public endpoints open (units, service points, submitting a response)", async () => {
    expect((await get("/api/v1/units")).status).toBe(200);
    expect((await get("/api/v1/service-points")).status).toBe(200);
    const res = await fetch(`${server.url}/api/v1/responses`, {
      method: "POST",
      // A paired kiosk needs no staff session or API token: its device token is enough.
      headers: { "content-type": "application/json", ...(await pairDevice(server, "MC-BMT")).headers },
      body: JSON.stringify({ questionnaire: "sipas-kiosk", servicePoint: "MC-BMT", channel: "kiosk", answers: { "kiosk.access": 4 }, idempotencyKey: "open-endpoint-1" }),
    });
    expect(res.status).toBe(201);
  });
});
