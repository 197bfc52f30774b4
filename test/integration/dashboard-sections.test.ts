import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The dashboard overview's folded sections load on demand (GET /dashboard/phan/<section>) and the
 * overview's HTML stays small: what is folded away is not sent with the page.
 */
let server: TestServer;
let leader: string;
let commune: string;

beforeAll(async () => {
  // The demo as shipped: responses, and the 2025 reorganisation (its commune leaders).
  server = await startServer({ demoResponses: true, demoReform: true });
  [leader, commune] = await Promise.all([loginCookie(server.url, "lanhdao.tinh"), loginCookie(server.url, "lanhdao.pbmt")]);
});
afterAll(async () => {
  await server?.stop();
});

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùý]/i;

describe("the dashboard's sections on demand", () => {
  it("answers each section as JSON for the province's leader, with the rows the folds count", async () => {
    const page = await (await get("/dashboard?year=2024", leader)).text();
    const unitsCount = Number(/Các đơn vị trực thuộc \((\d+)\)/.exec(page)?.[1]);
    const pointsCount = Number(/Xếp hạng (\d+) điểm phục vụ/.exec(page)?.[1]);
    expect(unitsCount).toBeGreaterThan(0);
    expect(pointsCount).toBeGreaterThan(0);

    const units = await get("/dashboard/phan/don-vi?year=2024", leader);
    expect(units.status).toBe(200);
    expect(units.headers.get("content-type")).toContain("application/json");
    const u = await units.json();
    expect(u.ok).toBe(true);
    expect(u.data.children).toHaveLength(unitsCount);
    for (const c of u.data.children) expect(u.data.targets).toHaveProperty(c.code);

    const points = await (await get("/dashboard/phan/diem?year=2024", leader)).json();
    expect(points.data.points).toHaveLength(pointsCount);

    const weakest = await (await get("/dashboard/phan/yeu-nhat?year=2024", leader)).json();
    expect(weakest.data.root.code).toBe("SIPAS");
    expect(weakest.data.weakest.length).toBeGreaterThan(0);
    const trend = await (await get("/dashboard/phan/xu-huong?year=2024&channel=kiosk", leader)).json();
    expect(trend.data.monthly).toHaveLength(12);
    expect(trend.data.quarterly).toHaveLength(4);
    const criteria = await (await get("/dashboard/phan/tieu-chi?year=2024", leader)).json();
    expect(criteria.data.subIndices).toHaveLength(5);
    for (const s of criteria.data.subIndices) expect(s.children.length).toBeGreaterThan(0);
  });

  it("checks the page's permission: a commune's leader cannot read the province's sections", async () => {
    const res = await get("/dashboard/phan/don-vi?year=2026&unit=DLK", commune);
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(VIETNAMESE);
    // Their own commune answers.
    expect((await get("/dashboard/phan/diem?year=2026", commune)).status).toBe(200);
    // Signed out: to the login page, as the dashboard.
    const anonymous = await fetch(`${server.url}/dashboard/phan/diem?year=2024`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/dang-nhap\?next=/);
  });

  it("answers a bad request with a Vietnamese message, never a server error", async () => {
    const cases: Array<[string, number]> = [
      ["/dashboard/phan/khong-co?year=2024", 404],
      ["/dashboard/phan/units?year=2024", 404],
      ["/dashboard/phan/diem?year=abc", 400],
      ["/dashboard/phan/diem?year=1800", 400],
      ["/dashboard/phan/xu-huong?year=2024&channel=fax", 400],
      ["/dashboard/phan/don-vi?year=2024&tree=both", 400],
      ["/dashboard/phan/don-vi?year=2024&unit=KHONG-CO", 404],
    ];
    for (const [path, status] of cases) {
      const res = await get(path, leader);
      expect(res.status, path).toBe(status);
      const body = await res.json();
      expect(body.ok, path).toBe(false);
      expect(body.message, path).toMatch(VIETNAMESE);
    }
  });

  it("keeps the province's overview under 80 KB; mo= sends a section with the page, open", async () => {
    for (const q of ["", "?year=2024", "?year=2024&tree=current", "?year=2026"]) {
      const res = await get(`/dashboard${q}`, leader);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(Buffer.byteLength(html), q).toBeLessThan(80_000);
      // The folded rows are not in the page; the no-JavaScript link opens them through the page.
      expect(html).not.toContain('data-testid="league-row"');
      expect(html).toContain('href="/dashboard?year=');
      expect(html).toContain("Mở bảng này");
    }
    const one = await (await get("/dashboard?year=2024&mo=diem", leader)).text();
    expect(one).toMatch(/<details class="dash-fold" id="muc-diem" data-testid="fold-points" open="">/);
    expect(one).toContain('data-testid="league-row"');
    expect(one).not.toContain('data-testid="unit-sipas"');
    const all = await (await get("/dashboard?year=2024&mo=tat-ca", leader)).text();
    for (const t of ["fold-units", "fold-trend", "fold-points", "fold-weakest", "fold-criteria"]) {
      expect(all).toMatch(new RegExp(`data-testid="${t}" open=""`));
    }
    expect(all).toContain('data-testid="unit-sipas"');
    expect(all).toContain('data-testid="criterion-row"');
  });
});
