import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { startServer, type TestServer } from "../helpers/server";

// Issue 17, part 3: the feedback form's place picker follows the tree in force today. After the
// 2025 reform (two levels), the communes and wards sit directly under the province.

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ demoReform: true });
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

describe("the feedback form on today's tree", () => {
  it("offers today's communes and wards, and their service centres, by name", async () => {
    const html = await (await fetch(`${server.url}/phan-anh`)).text();
    const unitSelect = /<select id="unit"[\s\S]*?<\/select>/.exec(html)![0];
    const communes = /<optgroup label="Xã, phường">([\s\S]*?)<\/optgroup>/.exec(unitSelect);
    expect(communes).not.toBeNull();
    const options = [...communes![1].matchAll(/<option value="([^"]+)">([^<]+)</g)];
    // Nghị quyết 1660/NQ-UBTVQH15: 102 communes and wards for the new Đắk Lắk.
    expect(options.length).toBe(102);
    expect(options.every(([, , name]) => /^(Xã|Phường) /.test(name))).toBe(true);
    // No district of 2024 is offered any more.
    expect(unitSelect).not.toContain("Huyện ");
    const points = /<select id="servicePoint"[\s\S]*?<\/select>/.exec(html)![0];
    expect(points).toContain('label="Cấp xã (từ 01/07/2025)"');
    expect(points).not.toContain('label="Khác"');
  });

  it("a feedback item about a commune is stored with that commune", async () => {
    const html = await (await fetch(`${server.url}/phan-anh`)).text();
    const code = /<optgroup label="Xã, phường"><option value="([^"]+)"/.exec(html)![1];
    const res = await fetch(`${server.url}/api/v1/feedback`, {
      method: "POST", headers: { "content-type": "application/json", origin: server.url },
      body: JSON.stringify({ kind: "phan_anh", unit: code, text: "Đường vào trung tâm phục vụ hành chính công của xã bị ngập, người dân khó đi lại.", idempotencyKey: "today-commune-1" }),
    });
    expect(res.status).toBe(201);
    const db = createDb(server.dbPath);
    try {
      const row = await db.selectFrom("feedback_item as f").innerJoin("admin_unit as u", "u.id", "f.unit_id").select("u.code").where("f.text", "like", "Đường vào trung tâm%").executeTakeFirstOrThrow();
      expect(row.code).toBe(code);
    } finally {
      await db.destroy();
    }
  });
});
