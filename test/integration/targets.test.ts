import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { loginCookie } from "../helpers/auth";
import { pageText, staffClient } from "../helpers/forms";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The targets page over HTTP: the 2024 demo targets with status and projection, create / update /
 * delete with validation (Vietnamese messages, nothing changed on refusal), audit rows, the
 * admin-only edit and the leaders' scoped reading; alert thresholds and the PAR points rule.
 */
let server: TestServer;
let db: Db;
const cookies = new Map<string, string>();
let http: ReturnType<typeof staffClient>;
const PATH = "/quan-tri/chi-tieu";
const valid = { intent: "create", year: "2025", node: "SIPAS", unit: "BMT", kind: "absolute", value: "85", baselineSource: "measured", baselineValue: "", pointTarget: "8,5", note: "Chỉ tiêu thử của thành phố" };
const count = async () => Number((await db.selectFrom("target").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
const audits = (action: string) => db.selectFrom("audit_log").selectAll().where("action", "=", action).orderBy("id", "desc").execute();

beforeAll(async () => {
  server = await startServer({ env: { JOBS: "0" }, demoResponses: true });
  db = createDb(server.dbPath);
  http = staffClient(server.url, cookies);
  for (const u of ["admin", "lanhdao.tinh", "lanhdao.bmt"]) cookies.set(u, await loginCookie(server.url, u));
}, 180_000);
afterAll(async () => {
  await db?.destroy();
  await server?.stop();
});

describe("targets page", () => {
  it("shows the six 2024 targets of Đắk Lắk with status, interval and projection", async () => {
    const r = await http.get(`${PATH}?year=2024`, "admin");
    expect(r.status).toBe(200);
    const t = pageText(r.text);
    for (const node of ["SIPAS", "access", "procedures", "servants", "results", "feedback"]) expect(r.text).toContain(`data-testid="target-DLK-${node}"`);
    expect(t).toContain("Chỉ tiêu: ≥ 85,00%");
    expect(t).toMatch(/KTC 95%: \d+,\d+% – \d+,\d+%/);
    // 2024 is over: judged on the measured value, with no projection and no request for more responses.
    expect(t).toContain("Đánh giá cả năm");
    expect(t).not.toContain("Dự báo đến cuối năm");
    expect(t).not.toMatch(/cần khoảng [\d.]+ phiếu/);
    expect(r.text).toMatch(/data-outlook="closed"/);
    expect(r.text).not.toMatch(/data-outlook="(undecided|likely_met|likely_missed)"/);
    expect(t).toContain("8,5 / 10 điểm");
  });

  it("an empty year explains what to do", async () => {
    const t = pageText((await http.get(`${PATH}?year=2030`, "admin")).text);
    expect(t).toContain("Chưa có chỉ tiêu nào cho năm 2030");
    expect(t).toContain("Thêm chỉ tiêu");
  });

  it("refuses bad input with a Vietnamese message per field and changes nothing", async () => {
    const before = await count();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ value: "abc" }, "value", "phải là một số"],
      [{ value: "120" }, "value", "không quá 100"],
      [{ kind: "improve", value: "3" }, "value", "hãy để trống ô này"],
      [{ kind: "delta_pp", value: "3", baselineSource: "stated", baselineValue: "" }, "baselineValue", "mức cơ sở nêu trong kế hoạch"],
      [{ baselineSource: "measured", baselineValue: "80" }, "baselineValue", "để trống ô này"],
      [{ kind: "tang" }, "kind", "loại chỉ tiêu"],
      [{ node: "access", pointTarget: "3" }, "pointTarget", "không được vượt điểm tối đa"],
      [{ unit: "XYZ" }, "unit", "Không có đơn vị"],
      [{ year: "1990" }, "year", "từ 2000 đến 2100"],
    ];
    for (const [patch, field, message] of cases) {
      const r = await http.post(PATH, "admin", { ...valid, ...patch });
      expect(r.status, JSON.stringify(patch)).toBe(400);
      // The form comes back with the message at the top and next to the field (id target-<field>-error).
      const t = pageText(r.text);
      expect(t, JSON.stringify(patch)).toContain("Chưa lưu được");
      const fieldError = new RegExp(`id="target-${field}-error" class="error-text">([^<]*)<`).exec(r.text)?.[1] ?? "";
      expect(fieldError, JSON.stringify(patch)).toContain(message);
    }
    expect(await count()).toBe(before);
  });

  it("creates, refuses a duplicate, updates and deletes — each audited", async () => {
    const created = await http.post(PATH, "admin", valid);
    expect(created.status).toBe(302);
    expect(created.location).toBe(`${PATH}?year=2025&ok=created`);
    const row = await db.selectFrom("target as t").innerJoin("admin_unit as u", "u.id", "t.unit_id").selectAll("t").where("u.code", "=", "BMT").where("t.year", "=", 2025).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ node_code: "SIPAS", kind: "absolute", baseline_source: "measured", baseline_value: null, point_target: 8.5, note: "Chỉ tiêu thử của thành phố" });
    expect(row.value).toBeCloseTo(0.85, 12);
    const [a] = await audits("target.create");
    expect(a.entity_id).toBe(String(row.id));
    expect(JSON.parse(a.after_json!).value).toBeCloseTo(0.85, 12);

    const dup = await http.post(PATH, "admin", valid);
    expect(dup.status).toBe(409);
    expect(pageText(dup.text)).toContain("đã có chỉ tiêu năm 2025");

    const updated = await http.post(PATH, "admin", { ...valid, intent: "update", id: String(row.id), kind: "delta_pp", value: "3", baselineSource: "stated", baselineValue: "81,57" });
    expect(updated.status).toBe(302);
    const after = await db.selectFrom("target").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(after.kind).toBe("delta_pp");
    expect(after.value).toBeCloseTo(0.03, 12);
    expect(after.baseline_value).toBeCloseTo(0.8157, 12);
    const [u] = await audits("target.update");
    expect(JSON.parse(u.before_json!).kind).toBe("absolute");
    expect(JSON.parse(u.after_json!).kind).toBe("delta_pp");
    const page = pageText((await http.get(`${PATH}?year=2025`, "admin")).text);
    expect(page).toContain("Chỉ tiêu: +3 điểm % so với 2024 (cơ sở 81,57%");

    const editForm = await http.get(`${PATH}?year=2025&sua=${row.id}`, "admin");
    expect(pageText(editForm.text)).toContain("Sửa chỉ tiêu");
    expect(editForm.text).toContain('value="81,57"');

    const deleted = await http.post(PATH, "admin", { intent: "delete", id: String(row.id) });
    expect(deleted.status).toBe(302);
    expect(await db.selectFrom("target").select("id").where("id", "=", row.id).executeTakeFirst()).toBeUndefined();
    const [d] = await audits("target.delete");
    expect(d.entity_id).toBe(String(row.id));
    expect(JSON.parse(d.before_json!).kind).toBe("delta_pp");
    const gone = await http.post(PATH, "admin", { intent: "delete", id: String(row.id) });
    expect(gone.status).toBe(404);
  });

  it("leaders read the targets of their scope only and cannot change them", async () => {
    expect((await http.post(PATH, "admin", { ...valid, year: "2024", unit: "BMT", value: "86" })).status).toBe(302);
    const bmt = await http.get(`${PATH}?year=2024`, "lanhdao.bmt");
    expect(bmt.status).toBe(200);
    expect(bmt.text).toContain('data-testid="target-BMT-SIPAS"');
    expect(bmt.text).not.toContain('data-testid="target-DLK-SIPAS"');
    expect(bmt.text).not.toContain("Thêm chỉ tiêu");
    const tinh = await http.get(`${PATH}?year=2024`, "lanhdao.tinh");
    expect(tinh.text).toContain('data-testid="target-DLK-SIPAS"');
    expect(tinh.text).toContain('data-testid="target-BMT-SIPAS"');
    const before = await count();
    for (const who of ["lanhdao.tinh", "lanhdao.bmt"]) {
      expect((await http.post(PATH, who, { ...valid, year: "2026" })).status).toBe(403);
    }
    expect(await count()).toBe(before);
  });
});

describe("alert thresholds and the PAR points rule", () => {
  it("validates and saves the alert thresholds (audited)", async () => {
    const bad = await http.post(PATH, "admin", { intent: "alerts", minSatisfaction: "0", targetMargin: "5", minResponses: "10", silenceLookbackDays: "14" });
    expect(bad.status).toBe(400);
    expect(/id="alerts-minSatisfaction-error" class="error-text">([^<]*)</.exec(bad.text)?.[1]).toContain("phải từ 1 đến 100");
    const ok = await http.post(PATH, "admin", { intent: "alerts", minSatisfaction: "72,5", targetMargin: "4", minResponses: "8", silenceLookbackDays: "10" });
    expect(ok.status).toBe(302);
    const rows = await db.selectFrom("setting").selectAll().where("key", "like", "alert.%").execute();
    expect(Object.fromEntries(rows.map((r) => [r.key, Number(r.value)]))).toEqual({
      "alert.minSatisfaction": 0.725, "alert.targetMargin": 0.04, "alert.minResponses": 8, "alert.silenceLookbackDays": 10,
    });
    expect((await audits("settings.alerts")).length).toBe(1);
    expect((await http.post(PATH, "lanhdao.tinh", { intent: "alerts", minSatisfaction: "50", targetMargin: "4", minResponses: "8", silenceLookbackDays: "10" })).status).toBe(403);
  });

  it("bands change the points shown on the PAR page; a bad line is refused", async () => {
    const linear = pageText((await http.get("/dashboard/diem-par?year=2024", "lanhdao.tinh")).text);
    expect(linear).toContain("Quy đổi tuyến tính");
    const bad = await http.post(PATH, "admin", { intent: "points", rule: "bands", bands: "90 → 100\nhai mươi" });
    expect(bad.status).toBe(400);
    expect(/id="points-bands-error" class="error-text">([^<]*)</.exec(bad.text)?.[1]).toContain("Dòng 2");
    const ok = await http.post(PATH, "admin", { intent: "points", rule: "bands", bands: "90 → 100\n80 → 80\n0 → 50" });
    expect(ok.status).toBe(302);
    const r = await http.get("/dashboard/diem-par?year=2024", "lanhdao.tinh");
    const t = pageText(r.text);
    expect(t).toContain("Quy đổi theo ngưỡng: từ 90% được 100% số điểm; từ 80% được 80% số điểm; từ 0% được 50% số điểm");
    // 2024 demo sub-indices: 80,1 / 81,8 / 84,0 / 82,5 % → 80 % of 1,5 / 1,5 / 2,5 / 2,5; 78,4 % → half of 2: 1,2 + 1,2 + 2 + 2 + 1 = 7,4.
    expect(r.text.replace(/<!-- -->/g, "")).toMatch(/data-testid="par-servants-points">2 \/ 2,5</);
    expect(t).toContain("Tổng điểm 7,4 / 10 điểm · chỉ tiêu 8,5 điểm Chỉ tiêu điểm PAR : Không đạt");
    // 2024 is over: 8.1.3 misses its rate target (84,0 % < 84,32 %) but earns its 2 points; both are shown, labelled.
    expect(r.text).toMatch(/data-testid="par-servants-rate-status" data-status="missed"/);
    expect(r.text).toMatch(/data-testid="par-servants-points-status" data-status="met"/);
    // The dashboard's cards follow the same rule.
    const dash = await http.get("/dashboard?year=2024", "lanhdao.tinh");
    expect(pageText(dash.text)).toMatch(/2,00 \/ 2,5 điểm/);
    await http.post(PATH, "admin", { intent: "points", rule: "linear", bands: "" });
    expect((await audits("settings.par_points")).length).toBe(2);
  });

  it("the PAR page is scoped: a district leader cannot open the province", async () => {
    expect((await http.get("/dashboard/diem-par?year=2024&unit=DLK", "lanhdao.bmt")).status).toBe(403);
    const own = await http.get("/dashboard/diem-par?year=2024", "lanhdao.bmt");
    expect(own.status).toBe(200);
    expect(pageText(own.text)).toContain("Thành phố Buôn Ma Thuột");
  });
});
