import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe("a fresh server", () => {
  it("has migrated and loaded the demo province (15 district-level units, no demo responses)", async () => {
    const { status, json } = await getJson(`${server.url}/api/v1/units`);
    expect(status).toBe(200);
    expect(json.units.filter((u: any) => u.level === "district")).toHaveLength(15);
    const indices = await getJson(`${server.url}/api/v1/indices?year=2024`);
    expect(indices.json.nodes[0].code).toBe("SIPAS");
    expect(indices.json.nodes[0].n).toBe(0);
    expect(indices.json.nodes[0].value).toBeNull();
  });
});
