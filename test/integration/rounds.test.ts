import { afterAll, beforeAll, describe, expect, it } from "vitest";
import questionnaires from "../../db/seed/questionnaires.json";
import { localDay } from "../../app/domain/periods";
import { loginCookie, withSession } from "../helpers/auth";
import { getJson, startServer, type TestServer } from "../helpers/server";

/**
 * A PAPI-style round over real HTTP on a fresh database (no demo responses): quotas BMT (N 300),
 * CKU (N 100), KPA (N 100, left empty); entries through the interviewer page; the round page's
 * figures against hand-computed values.
 */
let server: TestServer;
const cookies: Record<string, string> = {};
const CODES = questionnaires.find((q) => q.code === "sipas")!.questions.map((q) => q.code);
const today = localDay(new Date());

function post(who: string, path: string, fields: Record<string, string>) {
  return fetch(`${server.url}${path}`, withSession(server.url, cookies[who], {
    method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString(),
  }));
}
function get(who: string, path: string) {
  return fetch(`${server.url}${path}`, withSession(server.url, cookies[who]));
}
function entry(point: string, value: string, key: string): Record<string, string> {
  return { servicePoint: point, idempotencyKey: key, ...Object.fromEntries(CODES.map((c) => [`answers.${c}`, value])) };
}
/** The text of a figure cell: the round page's row for a node, column by data-label. */
function cell(html: string, node: string, label: string): string {
  const row = html.match(new RegExp(`<tr data-node="${node.replace(".", "\\.")}">([\\s\\S]*?)</tr>`))?.[1] ?? "";
  return (row.match(new RegExp(`data-label="${label}">([^<]*)<`))?.[1] ?? "").replace(/\s/g, "");
}

const ROUND = {
  intent: "create", code: "R-TEST", name: "Đợt thử nghiệm", questionnaire: "sipas", startsOn: today, endsOn: today, weighting: "population",
  confidence: "0.95", margin: "0.05", allocation: "proportional",
  inc_BMT: "1", pop_BMT: "300", n_BMT: "3", inc_CKU: "1", pop_CKU: "100", n_CKU: "2", inc_KPA: "1", pop_KPA: "100", n_KPA: "2",
};

beforeAll(async () => {
  server = await startServer();
  for (const who of ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "motcua.bmt"]) cookies[who] = await loginCookie(server.url, who);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("survey rounds", () => {
  it("refuses a bad round with a Vietnamese message and stores nothing", async () => {
    const res = await post("admin", "/quan-tri/dot-khao-sat", { ...ROUND, margin: "0.5", n_BMT: "0" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Chỉ tiêu mẫu của BMT phải là số nguyên từ 1 trở lên.");
    const bad = await post("admin", "/quan-tri/dot-khao-sat", { ...ROUND, margin: "0.5" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Sai số tối đa là 0,2");
    expect((await get("admin", "/dot-khao-sat/R-TEST")).status).toBe(404);
  });

  it("admin creates and opens a round; only staff with the rights reach its pages", async () => {
    expect((await post("admin", "/quan-tri/dot-khao-sat", ROUND)).status).toBe(302);
    // a draft takes no entries
    const draft = await post("admin", "/dot-khao-sat/R-TEST/nhap", entry("MC-BMT", "5", "draft-0001"));
    expect(draft.status).toBe(409);
    expect((await post("admin", "/quan-tri/dot-khao-sat", { intent: "open", code: "R-TEST" })).status).toBe(302);
    expect((await get("lanhdao.tinh", "/dot-khao-sat/R-TEST")).status).toBe(200);
    expect((await get("lanhdao.bmt", "/dot-khao-sat/R-TEST")).status).toBe(403); // CKU, KPA outside Buôn Ma Thuột
    expect((await get("canbo.stp", "/dot-khao-sat/R-TEST/nhap")).status).toBe(403);
    // the round list shows a round only to those who may read it or enter for it
    expect(await (await get("lanhdao.tinh", "/dot-khao-sat")).text()).toContain('data-round="R-TEST"');
    expect(await (await get("lanhdao.bmt", "/dot-khao-sat")).text()).not.toContain('data-round="R-TEST"');
    expect(await (await get("motcua.bmt", "/dot-khao-sat")).text()).toContain('data-round="R-TEST"');
    expect((await get("canbo.stp", "/dot-khao-sat")).status).toBe(403);
    expect((await get("motcua.bmt", "/dot-khao-sat/R-TEST/nhap")).status).toBe(200);
    expect((await post("lanhdao.tinh", "/quan-tri/dot-khao-sat", { intent: "closed", code: "R-TEST" })).status).toBe(403);
    // the desk officer of Buôn Ma Thuột may not enter for Cư Kuin
    const other = await post("motcua.bmt", "/dot-khao-sat/R-TEST/nhap", entry("MC-CKU", "5", "other-0001"));
    expect(other.status).toBe(403);
  });

  it("entries are idempotent and the figures are the hand-computed post-stratified ones", async () => {
    // BMT: two interviews all 5 (satisfied), one of them sent twice; CKU: one interview all 2; KPA: none.
    expect((await post("motcua.bmt", "/dot-khao-sat/R-TEST/nhap", entry("MC-BMT", "5", "bmt-0001"))).status).toBe(303);
    expect((await post("motcua.bmt", "/dot-khao-sat/R-TEST/nhap", entry("MC-BMT", "5", "bmt-0001"))).status).toBe(303);
    expect((await post("admin", "/dot-khao-sat/R-TEST/nhap", entry("MC-BMT", "5", "bmt-0002"))).status).toBe(303);
    expect((await post("admin", "/dot-khao-sat/R-TEST/nhap", entry("MC-CKU", "2", "cku-0001"))).status).toBe(303);
    const missing = await post("admin", "/dot-khao-sat/R-TEST/nhap", { servicePoint: "MC-CKU", idempotencyKey: "cku-0002" });
    expect(missing.status).toBe(422);

    const html = (await (await get("lanhdao.tinh", "/dot-khao-sat/R-TEST")).text()).replace(/<!-- -->/g, "");
    expect(html).toMatch(/data-unit="BMT" data-done="2"/);
    expect(html).toMatch(/data-unit="CKU" data-done="1"/);
    expect(html).toMatch(/data-unit="KPA" data-done="0"/);
    // Unweighted: every criterion 2 of 3 satisfied = 66,67 %. Weighted: W_BMT = 300/400, W_CKU = 100/400
    // (KPA empty, weights renormalised) → 0,75·100 % + 0,25·0 % = 75,00 %, for the index and each sub-index.
    for (const node of ["SIPAS", "access", "results"]) {
      expect(cell(html, node, "Chưa gia quyền")).toBe("66,67%");
      expect(cell(html, node, "Gia quyền theo dân số")).toBe("75,00%");
      expect(cell(html, node, "Số phiếu")).toBe("3");
    }
    expect(html).toContain("Chưa có phiếu ở 1 đơn vị (Huyện Krông Pắc)");
    expect(html).toContain("80% dân số");
    // Dashboard honesty: the page names the round, the channel and the weighting.
    expect(html).toContain("kênh giấy");
    expect(html).toContain("hậu phân tầng theo dân số");
  });

  it("the dashboard and the indices API name the round among the sources of the figures", async () => {
    const year = today.slice(0, 4);
    const api = await getJson(`${server.url}/api/v1/indices?year=${year}&unit=DLK`);
    expect(api.status).toBe(200);
    expect(api.json.sources.rounds).toEqual([{ code: "R-TEST", name: "Đợt thử nghiệm", year: Number(year), channel: "paper", status: "open", respondents: 3 }]);
    expect(api.json.sources.channels.find((c: { channel: string }) => c.channel === "paper").respondents).toBe(3);
    expect(api.json.sources.respondents).toBe(api.json.nodes[0].n);
    // A kiosk-only figure counts no round.
    expect((await getJson(`${server.url}/api/v1/indices?year=${year}&unit=DLK&channel=kiosk`)).json.sources.rounds).toEqual([]);
    const dash = (await (await get("lanhdao.tinh", `/dashboard?year=${year}`)).text()).replace(/<!-- -->/g, "");
    expect(dash).toContain("Nguồn số liệu");
    expect(dash).toMatch(/data-round="R-TEST" data-n="3"/);
    expect(dash).toContain('href="/dot-khao-sat/R-TEST"');
    const desk = (await (await get("lanhdao.tinh", `/dashboard/diem/MC-CKU?year=${year}`)).text()).replace(/<!-- -->/g, "");
    expect(desk).toMatch(/data-round="R-TEST" data-n="1"/);
    expect(desk).toMatch(/data-channel="paper" data-n="1"/);
    const agency = (await (await get("lanhdao.tinh", `/dashboard/co-quan/UBND-BMT?year=${year}`)).text()).replace(/<!-- -->/g, "");
    expect(agency).toMatch(/data-round="R-TEST" data-n="2"/);
  });
});
