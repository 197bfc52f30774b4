// The province through time (docs/decisions/0012): the demo's 2025 reorganisation files applied
// with `npm run units` to a database holding the 2024 layout and its responses. Past figures stay
// what they were, mapped figures equal a recount from raw answers under today's tree, references
// follow their successors, and a bad file or a dry run changes nothing. Runs on SQLite and PostgreSQL.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../db/client.server";
import { loadAnswerRows, recompute, type AnswerRows } from "../helpers/recompute";
import { loginCookie } from "../helpers/auth";
import { getJson, postJson, startServer, type TestServer } from "../helpers/server";

let server: TestServer;
let db: Db;
let dir: string;
const AGENCIES = path.resolve("db/seed/reform/2025-03-01-so-nganh.json");
const COMMUNES = path.resolve("db/seed/reform/2025-07-01-cap-xa.json");

function units(args: string[]) {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/units.ts", ...args], {
    env: { ...process.env, DATABASE_URL: server.dbPath }, encoding: "utf8", timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Fig { value: number | null; n: number; ciLow: number | null; ciHigh: number | null }
async function figure(q: string): Promise<{ root: Fig; subs: Record<string, Fig>; json: any; status: number }> {
  const r = await getJson(`${server.url}/api/v1/indices?${q}`);
  const root = r.json.nodes?.[0];
  const pick = (n: any): Fig => ({ value: n.value, n: n.n, ciLow: n.ciLow, ciHigh: n.ciHigh });
  return { root: root ? pick(root) : (null as never), subs: Object.fromEntries((root?.children ?? []).map((c: any) => [c.code, pick(c)])), json: r.json, status: r.status };
}
async function counts() {
  const c = async (t: "org_version" | "reorg_event" | "org_lineage" | "admin_unit" | "routing_rule" | "feedback_event" | "target") =>
    Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
  return { versions: await c("org_version"), events: await c("reorg_event"), lineage: await c("org_lineage"), units: await c("admin_unit"), rules: await c("routing_rule"), feedbackEvents: await c("feedback_event"), targets: await c("target") };
}
function writeFile(name: string, body: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof body === "string" ? body : JSON.stringify(body));
  return f;
}

// The 2024 layout's units and a few communes whose figures must not move.
const SCOPES = ["DLK", "BMT", "BHO", "EKA", "KBU", "BMT-TANLOI", "BMT-TANAN", "LAK-LIENSON"];
const before = new Map<string, { root: Fig; subs: Record<string, Fig> }>();
let answers: AnswerRows;
let feedbackCode = "";

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hailong-reorg-"));
  server = await startServer({ demoResponses: true });
  db = createDb(server.dbPath);
  for (const year of [2024, 2025]) {
    for (const unit of SCOPES) {
      const f = await figure(`year=${year}&unit=${unit}`);
      before.set(`${year}|${unit}`, { root: f.root, subs: f.subs });
    }
  }
  // An open item routed to the Department of Planning and Investment (dang-ky-kinh-doanh → SKHDT).
  const fb = await postJson(`${server.url}/api/v1/feedback`, { kind: "kien_nghi", topic: "dang-ky-kinh-doanh", text: "Đề nghị rút ngắn thời gian cấp giấy đăng ký kinh doanh.", idempotencyKey: "reorg-fb-000001" });
  expect(fb.status).toBe(201);
  feedbackCode = fb.json.trackingCode;
  // A 2026 target on two communes that merge into one ward (the same target) and on one that merges alone.
  const unitId = async (code: string) => (await db.selectFrom("admin_unit").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
  for (const code of ["BMT-TANAN", "BMT-EATU", "BMT-TANLOI"]) {
    await db.insertInto("target").values({ year: 2026, node_code: "SIPAS", unit_id: await unitId(code), kind: "absolute", value: code === "BMT-TANLOI" ? 0.9 : 0.86, baseline_source: "measured", baseline_value: null, point_target: null, note: null }).execute();
  }
  answers = await loadAnswerRows(db);
}, 180_000);

afterAll(async () => {
  await db?.destroy();
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("reorganisation files", () => {
  it("refuses a bad file whole, naming the row, and changes nothing", async () => {
    const start = await counts();
    const cases: Array<[string, unknown, RegExp]> = [
      ["unknown.json", { title: "Thử", effectiveOn: "2025-07-01", changes: [{ kind: "merge_units", into: "X-MOI", name: "Xã Mới", from: ["BMT-TANLOI", "KHONG-CO"] }] }, /Dòng 1: Không có đơn vị hành chính mã "KHONG-CO"/],
      ["twice.json", { title: "Thử", effectiveOn: "2025-07-01", changes: [
        { kind: "merge_units", into: "X-A", name: "Xã A", from: ["BMT-TANLOI"] },
        { kind: "merge_units", into: "X-B", name: "Xã B", from: ["BMT-TANLOI", "BMT-TANAN"] },
      ] }, /Dòng 2: Đơn vị hành chính "BMT-TANLOI" đã được sắp xếp ở dòng 1/],
      ["cycle.json", { title: "Thử", effectiveOn: "2025-07-01", changes: [{ kind: "move_unit", unit: "BMT", parent: "BMT-TANLOI" }] }, /Dòng 1: .*vòng lặp/],
      ["kind.csv", "loai,ma,ten,cap,cap_tren,ngay_hieu_luc,tieu_de\ncreate_unit,X-MOI,Xã Mới,commune,DLK,01/07/2025,Thử\nsap_nhap,X-KHAC,Xã Khác,commune,DLK,01/07/2025,Thử\n", /Dòng 3: Loại thay đổi "sap_nhap" không hợp lệ/],
    ];
    for (const [name, body, message] of cases) {
      const r = units(["apply", writeFile(name, body)]);
      expect(r.code, r.out + r.err).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.err).toMatch(/không có gì thay đổi/);
    }
    expect(await counts()).toEqual(start);
  });

  it("a dry run prints every change and what follows, and writes nothing", async () => {
    const start = await counts();
    const r = units(["apply", AGENCIES, "--dry-run"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính \(STC\)/);
    expect(r.out).toMatch(/1 phản ánh đang xử lý của Sở Kế hoạch và Đầu tư chuyển cho Sở Tài chính/);
    expect(r.out).toMatch(/quy tắc phân loại của Sở Kế hoạch và Đầu tư được thay bằng quy tắc giao cho Sở Tài chính/);
    expect(r.out).toMatch(/Chạy thử: chưa ghi gì/);
    expect(await counts()).toEqual(start);
  });

  it("applies the department mergers: the open item, its rule and grants follow the successor, with a timeline event", async () => {
    const r = units(["apply", AGENCIES]);
    expect(r.code, r.err).toBe(0);
    const item = await db.selectFrom("feedback_item as f").innerJoin("agency as a", "a.id", "f.agency_id").select(["a.code", "f.id"]).where("f.tracking_code", "=", feedbackCode).executeTakeFirstOrThrow();
    expect(item.code).toBe("STC");
    const ev = await db.selectFrom("feedback_event").select(["kind", "reason"]).where("item_id", "=", item.id).where("kind", "=", "transferred").execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].reason).toMatch(/sắp xếp tổ chức/);
    const rules = await db.selectFrom("routing_rule as r").innerJoin("agency as a", "a.id", "r.agency_id").select(["a.code", "r.active"]).where("r.topic", "=", "dang-ky-kinh-doanh").orderBy("r.id").execute();
    expect(rules).toEqual([{ code: "SKHDT", active: 0 }, { code: "STC", active: 1 }]);
    // A new item on that topic now goes to the successor.
    const fb = await postJson(`${server.url}/api/v1/feedback`, { kind: "gop_y", topic: "dang-ky-kinh-doanh", text: "Góp ý về thủ tục đăng ký hộ kinh doanh sau khi sáp nhập sở.", idempotencyKey: "reorg-fb-000002" });
    const routed = await db.selectFrom("feedback_item as f").innerJoin("agency as a", "a.id", "f.agency_id").select("a.code").where("f.tracking_code", "=", fb.json.trackingCode).executeTakeFirstOrThrow();
    expect(routed.code).toBe("STC");
    // The new department exists from 1 March 2025 with its predecessors.
    const u = await getJson(`${server.url}/api/v1/units?at=2025-03-01`);
    expect(u.status).toBe(200);
  });

  it("refuses a file dated before an applied reorganisation", async () => {
    const start = await counts();
    const r = units(["apply", writeFile("early.json", { title: "Sớm", effectiveOn: "2025-02-01", changes: [{ kind: "rename_unit", unit: "BMT", name: "Thành phố Buôn Ma Thuột (mới)" }] })]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/sớm hơn lần sắp xếp đã áp dụng/);
    expect(await counts()).toEqual(start);
  });

  it("applies the commune reform: the district level ends, 102 communes under the province", async () => {
    const r = units(["apply", COMMUNES]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Bỏ cấp Huyện, thị xã, thành phố thuộc tỉnh: 15 đơn vị kết thúc hoạt động/);
    const then = await getJson(`${server.url}/api/v1/units?at=2024-06-30`);
    expect(then.json.units).toHaveLength(28);
    expect(then.json.units.filter((u: any) => u.level === "district")).toHaveLength(15);
    const bmt = then.json.units.find((u: any) => u.code === "BMT");
    expect(bmt).toMatchObject({ validTo: "2025-06-30", successors: [] });
    const now = await getJson(`${server.url}/api/v1/units?at=2026-12-01`);
    expect(now.json.units).toHaveLength(103);
    expect(now.json.units.filter((u: any) => u.level === "commune" && u.parent === "DLK")).toHaveLength(102);
    const ward = now.json.units.find((u: any) => u.code === "P-BUONMATHUOT");
    expect(ward).toMatchObject({ name: "Phường Buôn Ma Thuột", validFrom: "2025-07-01", validTo: null, predecessors: [{ code: "BMT-TANLOI", kind: "merge", effectiveOn: "2025-07-01" }] });
    const points = await getJson(`${server.url}/api/v1/service-points?at=2024-06-30`);
    expect(points.json.servicePoints.find((p: any) => p.code === "MC-BMT")).toMatchObject({ unit: "BMT", validTo: "2025-06-30", successor: "TTPV-P-BUONMATHUOT" });
    expect(points.json.servicePoints.find((p: any) => p.code === "MC-BDO")).toMatchObject({ successor: null });
    const today = await getJson(`${server.url}/api/v1/service-points`);
    expect(today.json.servicePoints.some((p: any) => p.code === "MC-BMT")).toBe(false);
    expect(today.json.servicePoints.find((p: any) => p.code === "TTPV-P-BUONMATHUOT")).toMatchObject({ unit: "P-BUONMATHUOT", validFrom: "2025-07-01" });
    expect((await getJson(`${server.url}/api/v1/units?at=2024-02-30`)).status).toBe(400);
  });

  it("leaves every 2024 and 2025 figure as it was (value, n and interval), as organised then", async () => {
    for (const year of [2024, 2025]) {
      for (const unit of SCOPES) {
        const now = await figure(`year=${year}&unit=${unit}`);
        expect(now.status).toBe(200);
        expect(now.json.scope.tree.mode).toBe("then");
        expect(JSON.stringify({ root: now.root, subs: now.subs }), `${year} ${unit}`).toBe(JSON.stringify(before.get(`${year}|${unit}`)));
      }
    }
  });

  it("maps 2024 to today's units as a recount from raw answers does, and says what cannot be mapped", async () => {
    const cases: Array<[string, string[]]> = [
      // The city's desk went to the ward that holds its seat; Tân Lợi's desk to the same ward.
      ["P-BUONMATHUOT", ["MC-BMT", "MC-BMT-TANLOI"]],
      ["P-TANAN", ["MC-BMT-TANAN", "MC-BMT-EATU"]],
      ["X-EAKAR", ["MC-EKA"]],
      ["X-EAKNOP", ["MC-EKA-EAKNOP"]],
    ];
    for (const [unit, points] of cases) {
      const got = await figure(`year=2024&unit=${unit}&tree=current`);
      expect(got.json.scope.tree.mode).toBe("current");
      const want = await recompute(db, { points }, "all", 2024, answers);
      expect(got.root.n, unit).toBe(want.get("SIPAS")!.n);
      expect(got.root.value!, unit).toBeCloseTo(want.get("SIPAS")!.value!, 10);
      expect(got.root.ciLow!, unit).toBeCloseTo(want.get("SIPAS")!.ciLow!, 9);
    }
    // The province: every 2024 desk but Buôn Đôn's and Krông Búk's, whose successors are not known.
    const all = (await db.selectFrom("service_point").select("code").where("valid_from", "is", null).execute()).map((p) => p.code);
    const mapped = all.filter((c) => c !== "MC-BDO" && c !== "MC-KBU");
    const dlk = await figure("year=2024&unit=DLK&tree=current");
    const want = await recompute(db, { points: mapped }, "all", 2024, answers);
    expect(dlk.root.n).toBe(want.get("SIPAS")!.n);
    expect(dlk.root.value!).toBeCloseTo(want.get("SIPAS")!.value!, 10);
    const lost = await recompute(db, { points: ["MC-BDO", "MC-KBU"] }, "all", 2024, answers);
    expect(dlk.json.scope.tree.unmapped).toEqual({ servicePoints: 2, respondents: lost.get("SIPAS")!.n });
    // 26 desks counted; the other 2 are reported as not mappable.
    expect(dlk.json.scope.servicePoints).toBe(26);
    // A unit that did not exist says so instead of showing zero.
    const none = await figure("year=2024&unit=P-BUONMATHUOT");
    expect(none.status).toBe(404);
    expect(none.json.error.message).toMatch(/được thành lập từ 01\/07\/2025/);
    const gone = await figure("year=2026&unit=BMT");
    expect(gone.status).toBe(404);
    expect(gone.json.error.message).toMatch(/hoạt động đến 30\/06\/2025/);
  });

  it("gives a merged unit its predecessors' target, and a baseline recounted from their responses", async () => {
    const target = await db.selectFrom("target as t").innerJoin("admin_unit as u", "u.id", "t.unit_id").select(["u.code", "t.value", "t.note"]).where("t.year", "=", 2026).where("u.code", "in", ["P-TANAN", "P-BUONMATHUOT"]).orderBy("u.code").execute();
    expect(target.map((t) => [t.code, t.value])).toEqual([["P-BUONMATHUOT", 0.9], ["P-TANAN", 0.86]]);
    // 2026's "previous year" for the new ward counts 2025's responses of its predecessors' desks.
    const r = await figure("year=2026&unit=P-TANAN");
    const want = await recompute(db, { points: ["MC-BMT-TANAN", "MC-BMT-EATU", "TTPV-P-TANAN"] }, "all", 2025, await loadAnswerRows(db));
    expect(r.json.nodes[0].previous).toBeCloseTo(want.get("SIPAS")!.value!, 10);
  });

  it("refuses a response dated when its service point was not in service", async () => {
    const late = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: "sipas", servicePoint: "MC-BMT", channel: "online", answers: { "access.1": 5 }, idempotencyKey: "reorg-resp-late-1", submittedAt: "2026-03-02T09:00:00+07:00",
    });
    expect(late.status).toBe(422);
    expect(late.json.error.fields.submittedAt).toBe("Điểm phục vụ \"MC-BMT\" đã ngừng hoạt động từ 01/07/2025, nên không nhận phiếu ngày 02/03/2026.");
    const early = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: "sipas", servicePoint: "TTPV-P-BUONMATHUOT", channel: "online", answers: { "access.1": 5 }, idempotencyKey: "reorg-resp-early-1", submittedAt: "2024-03-02T09:00:00+07:00",
    });
    expect(early.status).toBe(422);
    expect(early.json.error.fields.submittedAt).toMatch(/chưa hoạt động vào ngày 02\/03\/2024/);
    const ok = await postJson(`${server.url}/api/v1/responses`, {
      questionnaire: "sipas", servicePoint: "TTPV-P-BUONMATHUOT", channel: "online", answers: { "access.1": 5 }, idempotencyKey: "reorg-resp-ok-1", submittedAt: "2026-03-02T09:00:00+07:00",
    });
    expect(ok.status).toBe(201);
    // The paper import says the same for a form of a closed desk, and stores none of the file.
    const { csvText, importPaperCsv } = await import("../../app/services/surveys/import.server");
    const responses = async () => Number((await db.selectFrom("response").select((eb) => eb.fn.countAll<number>().as("c")).executeTakeFirstOrThrow()).c);
    const before = await responses();
    const csv = "respondent_id,service_point,submitted_at,access.1\nG-1,TTPV-P-BUONMATHUOT,2026-03-02 09:00,5\nG-2,MC-BMT,2026-03-02 09:00,4\n";
    const r = await importPaperCsv(db, csvText(csv));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e.row, e.column, e.message])).toEqual([[3, "submitted_at", "Điểm phục vụ \"MC-BMT\" đã ngừng hoạt động từ 01/07/2025, nên không nhận phiếu ngày 02/03/2026."]]);
    expect(await responses()).toBe(before);
  });

  it("undoes only the latest reorganisation, and only while nothing depends on it", async () => {
    const events = await db.selectFrom("reorg_event").select(["id", "title"]).orderBy("id").execute();
    expect(events).toHaveLength(2);
    const { undoReorganisation } = await import("../../app/services/org/reorganisation.server");
    // The commune reform has a response at a centre it opened: it cannot be undone.
    await expect(undoReorganisation(db, events[1].id, null)).rejects.toThrow(/đã có phiếu khảo sát tại điểm phục vụ do lần sắp xếp này mở/);
    await expect(undoReorganisation(db, events[0].id, null)).rejects.toThrow(/áp dụng sau và dựa trên lần này/);
    // A fresh rename can be undone, and the name comes back.
    const r = units(["apply", writeFile("rename.json", { title: "Đổi tên thử", effectiveOn: "2026-01-01", changes: [{ kind: "rename_unit", unit: "X-EAKAR", name: "Xã Ea Kar (tên thử)" }] })]);
    expect(r.code, r.err).toBe(0);
    const start = await counts();
    const id = (await db.selectFrom("reorg_event").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
    await undoReorganisation(db, id, null);
    const unit = await db.selectFrom("admin_unit").select("name").where("code", "=", "X-EAKAR").executeTakeFirstOrThrow();
    expect(unit.name).toBe("Xã Ea Kar");
    const after = await counts();
    expect(after.versions).toBeLessThan(start.versions);
    expect((await db.selectFrom("reorg_event").select("undone_at").where("id", "=", id).executeTakeFirstOrThrow()).undone_at).not.toBeNull();
  });
  it("the unit form takes a commune directly under the province, and records a move as a dated event", async () => {
    const cookie = await loginCookie(server.url, "admin");
    const post = (fields: Record<string, string>) => fetch(`${server.url}/quan-tri/don-vi`, {
      method: "POST", body: new URLSearchParams(fields), headers: { cookie, Origin: server.url }, redirect: "manual",
    });
    const events = async () => Number((await db.selectFrom("reorg_event").select((eb) => eb.fn.countAll<number>().as("c")).where("undone_at", "is", null).executeTakeFirstOrThrow()).c);
    expect((await post({ intent: "create", code: "P-THUNGHIEM", name: "Phường Thử Nghiệm", level: "commune", parent: "DLK" })).status).toBe(302);
    expect((await post({ intent: "create", code: "H-THUNGHIEM", name: "Huyện Thử Nghiệm", level: "district", parent: "DLK" })).status).toBe(302);
    const before = await events();
    // A new parent is a move from today, recorded as a reorganisation (the unit's past stays where it was).
    const moved = await post({ intent: "update", code: "X-EAKAR", name: "Xã Ea Kar", parent: "H-THUNGHIEM" });
    expect(moved.status).toBe(302);
    expect(await events()).toBe(before + 1);
    const parents = await db.selectFrom("org_version as v").leftJoin("admin_unit as p", "p.id", "v.parent_id").select(["p.code", "v.valid_from"])
      .where("v.entity", "=", "unit").where("v.entity_id", "=", (await db.selectFrom("admin_unit").select("id").where("code", "=", "X-EAKAR").executeTakeFirstOrThrow()).id).orderBy("v.id").execute();
    expect(parents.map((p) => p.code)).toEqual(["DLK", "H-THUNGHIEM"]);
    expect(parents[0].valid_from).toBe("2025-07-01");
    const bad = await post({ intent: "update", code: "H-THUNGHIEM", name: "Huyện Thử Nghiệm", parent: "P-THUNGHIEM" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("phải là đơn vị tỉnh");
  });
});
