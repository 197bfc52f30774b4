import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";
import { PERMISSIONS, type Permission } from "../../app/domain/permissions";
import { loginCookie } from "../helpers/auth";
import { startServer, type TestServer } from "../helpers/server";

/**
 * One table: every route file × every demo role (and anonymous) → the expected answer to a GET.
 * A route file without a rule here fails the first test, so a new route cannot ship unchecked.
 */
type Who = "anonymous" | "admin" | "lanhdao.tinh" | "lanhdao.bmt" | "canbo.stp" | "canbo.bmt" | "motcua.bmt";
const STAFF: Who[] = ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt", "motcua.bmt"];
const EVERYONE: Who[] = ["anonymous", ...STAFF];

type Rule =
  | { path: string; public: true; status?: number; signedIn?: number }
  | { path: string; api?: boolean; allow: Who[]; tokens: Permission[] | "any" };

const RULES: Record<string, Rule> = {
  "_index.tsx": { path: "/", public: true },
  "api.docs.tsx": { path: "/api/docs", public: true },
  "api.v1.units.ts": { path: "/api/v1/units", public: true },
  "api.v1.service-points.ts": { path: "/api/v1/service-points", public: true },
  "api.v1.responses.ts": { path: "/api/v1/responses", public: true, status: 405 }, // POST only, open to citizens' devices
  "api.v1.indices.ts": { path: "/api/v1/indices?year=2024", api: true, tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "dang-nhap.tsx": { path: "/dang-nhap", public: true, signedIn: 302 }, // signed in: on to the staff home
  "dang-xuat.tsx": { path: "/dang-xuat", public: true, status: 302 },
  "kiosk._index.tsx": { path: "/kiosk", public: true },
  "kiosk.$point.tsx": { path: "/kiosk/MC-BMT", public: true },
  "s.$slug.tsx": { path: "/s/sipas?point=MC-BMT", public: true },
  "phan-anh.tsx": { path: "/phan-anh", public: true },
  "tra-cuu._index.tsx": { path: "/tra-cuu", public: true },
  "tra-cuu.$code.tsx": { path: "/tra-cuu/2222-2222", public: true, status: 404 }, // unknown code: the same 404 for everyone
  "cong-khai.tsx": { path: "/cong-khai", public: true },
  // issue 17: a photo the coordinator published; photo 1 of the test data is not published: the same 404 for everyone.
  "anh-cong-khai.$photo.ts": { path: "/anh-cong-khai/1", public: true, status: 404 },
  "api.v1.feedback.ts": { path: "/api/v1/feedback", public: true, status: 405 }, // POST only, open to citizens' devices
  "api.v1.feedback.$code.ts": { path: "/api/v1/feedback/2222-2222", public: true, status: 404 },
  "api.v1.public-answers.ts": { path: "/api/v1/public-answers", public: true },
  "trang-can-bo.tsx": { path: "/trang-can-bo", tokens: "any", allow: STAFF },
  "doi-mat-khau.tsx": { path: "/doi-mat-khau", tokens: "any", allow: STAFF },
  "quan-tri.dot-khao-sat.tsx": { path: "/quan-tri/dot-khao-sat", tokens: ["manage:questionnaires"], allow: ["admin"] },
  "dot-khao-sat._index.tsx": { path: "/dot-khao-sat", tokens: ["read:indices", "enter:feedback"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "motcua.bmt"] }, // readers and interviewers
  "dot-khao-sat.$code.tsx": { path: "/dot-khao-sat/PAPI-2024-DEMO", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh"] }, // every quota unit must be in scope
  "dot-khao-sat.$code_.nhap.tsx": { path: "/dot-khao-sat/PAPI-2024-DEMO/nhap", tokens: ["enter:feedback"], allow: ["admin", "motcua.bmt"] }, // enter:feedback at a point of a quota unit
  "api.v1.rounds.$code.responses.ts": { path: "/api/v1/rounds/PAPI-2024-DEMO/responses", public: true, status: 405 }, // POST only: an interviewer's outbox (session, enter:feedback)
  "dashboard.tsx": { path: "/dashboard?year=2024", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  // A folded section of the dashboard, loaded when opened: the page's own rule (each leader's home unit).
  "dashboard_.phan.$section.tsx": { path: "/dashboard/phan/diem?year=2024", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "quan-tri.ap-phich.tsx": { path: "/quan-tri/ap-phich", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  // A ward desk of Buôn Ma Thuột: the city's leader reads it too; an Ea Kar desk would be a 403 for him.
  "dashboard_.diem.$point.tsx": { path: "/dashboard/diem/MC-BMT-TANLOI?year=2024&node=access", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  // A provincial department: the province's leader and the admin only.
  "dashboard_.co-quan.$agency.tsx": { path: "/dashboard/co-quan/STP?year=2024", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh"] },
  "quan-tri.don-vi.tsx": { path: "/quan-tri/don-vi", tokens: ["manage:org"], allow: ["admin"] },
  "quan-tri.sap-xep.tsx": { path: "/quan-tri/sap-xep", tokens: ["manage:org"], allow: ["admin"] },
  "quan-tri.co-quan.tsx": { path: "/quan-tri/co-quan", tokens: ["manage:org"], allow: ["admin"] },
  "quan-tri.diem-phuc-vu.tsx": { path: "/quan-tri/diem-phuc-vu", tokens: ["manage:org"], allow: ["admin"] },
  "quan-tri.nguoi-dung._index.tsx": { path: "/quan-tri/nguoi-dung", tokens: ["manage:users"], allow: ["admin"] },
  "quan-tri.nguoi-dung.$id.tsx": { path: "/quan-tri/nguoi-dung/1", tokens: ["manage:users"], allow: ["admin"] },
  "quan-tri.token.tsx": { path: "/quan-tri/token", tokens: ["manage:users"], allow: ["admin"] },
  "quan-tri.nhat-ky.tsx": { path: "/quan-tri/nhat-ky", tokens: ["read:audit"], allow: ["admin"] },
  "hop-thu._index.tsx": { path: "/hop-thu", tokens: ["read:feedback"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  // Item 1 is created below (chứng thực in Ea Kar → Sở Tư pháp): its agency, the province's leader and the admin read it.
  "hop-thu.$id.tsx": { path: "/hop-thu/1", tokens: ["read:feedback"], allow: ["admin", "lanhdao.tinh", "canbo.stp"] },
  "hop-thu.$id.anh.$photo.ts": { path: "/hop-thu/1/anh/1", tokens: ["read:feedback"], allow: ["admin", "lanhdao.tinh", "canbo.stp"] },
  "dieu-phoi.tsx": { path: "/dieu-phoi", tokens: ["assign:feedback"], allow: ["admin"] },
  "tiep-nhan.tsx": { path: "/tiep-nhan", tokens: ["enter:feedback"], allow: ["admin", "motcua.bmt"] },
  "nhap-phieu-giay.tsx": { path: "/nhap-phieu-giay", tokens: ["import:paper"], allow: ["admin", "motcua.bmt"] },
  "nhap-phieu-giay_.mau.ts": { path: "/nhap-phieu-giay/mau?bang-hoi=sipas&dang=xlsx", tokens: ["import:paper"], allow: ["admin", "motcua.bmt"] },
  "quan-tri.phan-loai.tsx": { path: "/quan-tri/phan-loai", tokens: ["manage:routing"], allow: ["admin"] },
  "quan-tri.ngay-nghi.tsx": { path: "/quan-tri/ngay-nghi", tokens: ["manage:routing"], allow: ["admin"] },
  "quan-tri.thu-gui.tsx": { path: "/quan-tri/thu-gui", tokens: ["manage:routing"], allow: ["admin"] },
  "quan-tri.trang-nguoi-dan.tsx": { path: "/quan-tri/trang-nguoi-dan", tokens: ["manage:routing"], allow: ["admin"] },
  // Targets: leaders read (their scope), the admin edits; alerts and PAR points follow read:indices.
  "quan-tri.chi-tieu.tsx": { path: "/quan-tri/chi-tieu?year=2024", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "canh-bao.tsx": { path: "/canh-bao", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  // Citizens' comments (masked) and their CSV: read:indices, the user's home unit by default.
  "y-kien.tsx": { path: "/y-kien", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "y-kien[.]csv.ts": { path: "/y-kien.csv", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "dashboard_.diem-par.tsx": { path: "/dashboard/diem-par?year=2024", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "ke-hoach._index.tsx": { path: "/ke-hoach", tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "ke-hoach.$code.tsx": { path: "/ke-hoach/PAPI-2021", tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "ke-hoach.bao-cao.tsx": { path: "/ke-hoach/bao-cao?plan=PAPI-2021", tokens: ["report:plans"], allow: ["admin", "canbo.stp", "canbo.bmt"] },
  "ke-hoach.theo-doi.tsx": { path: "/ke-hoach/theo-doi?plan=PAPI-2021", tokens: ["manage:plans"], allow: ["admin"] },
  "ke-hoach.moi.tsx": { path: "/ke-hoach/moi", tokens: ["manage:plans"], allow: ["admin"] },
  "ke-hoach.$code_.tong-hop.tsx": { path: "/ke-hoach/PAPI-2021/tong-hop?ky=9T", tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "ke-hoach.$code_.tong-hop[.]docx.ts": { path: "/ke-hoach/PAPI-2021/tong-hop.docx?ky=9T", tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "api.v1.plans.ts": { path: "/api/v1/plans", api: true, tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "api.v1.plans.$code.ts": { path: "/api/v1/plans/PAPI-2021", api: true, tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  // Evidence file 1 is uploaded below by Sở Tư pháp: its officer, the province's leader and the admin read it.
  "ke-hoach.minh-chung.$id.ts": { path: "/ke-hoach/minh-chung/1", tokens: ["read:plans"], allow: ["admin", "lanhdao.tinh", "canbo.stp"] },
  "ke-hoach.diem-papi.tsx": { path: "/ke-hoach/diem-papi", tokens: ["manage:plans"], allow: ["admin"] },
  "ke-hoach.ket-qua-cong-bo.tsx": { path: "/ke-hoach/ket-qua-cong-bo", tokens: ["manage:plans"], allow: ["admin"] },
  "ke-hoach.ket-qua-cong-bo_.mau.ts": { path: "/ke-hoach/ket-qua-cong-bo/mau?dang=csv", tokens: ["manage:plans"], allow: ["admin"] },
  "quan-tri.nhom-co-quan.tsx": { path: "/quan-tri/nhom-co-quan", tokens: ["manage:plans"], allow: ["admin"] },
  "chi-so-par._index.tsx": { path: "/chi-so-par", tokens: ["read:plans", "read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt"] },
  "chi-so-par.nhap.tsx": { path: "/chi-so-par/nhap", tokens: ["manage:plans"], allow: ["admin"] },
  "quan-tri.thiet-bi.tsx": { path: "/quan-tri/thiet-bi", tokens: ["manage:devices"], allow: ["admin"] },
  "quan-tri.phieu-gan-co.tsx": { path: "/quan-tri/phieu-gan-co", tokens: ["manage:devices"], allow: ["admin"] },
  "kiosk.ghep-noi.tsx": { path: "/kiosk/ghep-noi", public: true },
  "api.v1.devices.pair.ts": { path: "/api/v1/devices/pair", public: true, status: 405 }, // POST only: a tablet redeems its code
  "api.v1.devices.me.ts": { path: "/api/v1/devices/me", public: true, status: 403 }, // without x-device-token
  // Exports: the user's home unit when none is asked (the province for lanhdao.tinh, BMT for lanhdao.bmt).
  "xuat-du-lieu.tsx": { path: "/xuat-du-lieu", tokens: ["export:data"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "bao-cao.quy.tsx": { path: "/bao-cao/quy?year=2024&quarter=2", tokens: ["read:indices"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "quan-tri.cong-bo.tsx": { path: "/quan-tri/cong-bo", tokens: ["manage:targets"], allow: ["admin"] },
  "ket-qua.tsx": { path: "/ket-qua", public: true },
  "xuat.$file.ts": { path: "/xuat/chi-so.csv?year=2024", api: true, tokens: ["export:data"], allow: ["admin", "lanhdao.tinh", "lanhdao.bmt"] },
  "quan-tri.bang-hoi._index.tsx": { path: "/quan-tri/bang-hoi", tokens: ["manage:questionnaires"], allow: ["admin"] },
  "quan-tri.bang-hoi.$id.tsx": { path: "/quan-tri/bang-hoi/1", tokens: ["manage:questionnaires"], allow: ["admin"] },
  "quan-tri.bang-hoi.xuat.$id.ts": { path: "/quan-tri/bang-hoi/xuat/1", tokens: ["manage:questionnaires"], allow: ["admin"] },
  "api.v1.schemas.questionnaire[.]json.ts": { path: "/api/v1/schemas/questionnaire.json", public: true },
};

let server: TestServer;
const cookies = new Map<Who, string>();
beforeAll(async () => {
  server = await startServer();
  for (const who of STAFF) cookies.set(who, await loginCookie(server.url, who));
});
afterAll(async () => server?.stop());
// One API token of the admin per single permission: a token reaches a page only with its permission.
const tokens = new Map<Permission, string>();
beforeAll(async () => {
  const db = createDb(server.dbPath);
  try {
    const admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
    for (const p of PERMISSIONS) tokens.set(p, (await createApiToken(db, admin, { name: `matrix ${p}`, permissions: [p], days: 1 }, { userId: null })).token);
  } finally {
    await db.destroy();
  }
});
// One feedback item for the item page's row (a fresh database: it gets id 1).
beforeAll(async () => {
  const res = await fetch(`${server.url}/api/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "phan_anh", topic: "chung-thuc", unit: "EKA", text: "Phản ánh mẫu cho bảng phân quyền: chậm trả kết quả chứng thực." }),
  });
  if (res.status !== 201) throw new Error(`could not create the feedback item: ${res.status} ${await res.text()}`);
  // And a photo with it (id 1), as the public form stores one.
  const db = createDb(server.dbPath);
  try {
    const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
    await db.insertInto("feedback_photo").values({
      item_id: 1, content_type: "image/png", size: png.length, sha256: "0".repeat(64), bytes: png, location_shared: 0, published_at: null, published_by: null, created_at: new Date().toISOString(),
    }).execute();
  } finally {
    await db.destroy();
  }
});

// One evidence file (id 1): Sở Tư pháp reports on task 2.1 of the PAPI 2021 plan with a PDF.
beforeAll(async () => {
  const cookie = cookies.get("canbo.stp")!;
  const page = await (await fetch(`${server.url}/ke-hoach/bao-cao?plan=PAPI-2021`, { headers: { cookie } })).text();
  const task = /id="nv-(\d+)" data-task="2\.1"/.exec(page)?.[1];
  const body = new FormData();
  for (const [k, v] of Object.entries({ intent: "report", task: task ?? "", agency: "STP", plan: "PAPI-2021", period: "2021-9T", status: "in_progress", text: "Đã tổ chức tuyên truyền tại 15 xã." })) body.set(k, v);
  body.set("evidence", new Blob(["%PDF-1.4\n%%EOF\n"], { type: "application/pdf" }), "bao-cao.pdf");
  const res = await fetch(`${server.url}/ke-hoach/bao-cao`, { method: "POST", body, redirect: "manual", headers: { cookie, origin: server.url } });
  if (res.status !== 302) throw new Error(`could not upload the evidence file: ${res.status}`);
});

describe("permission matrix", () => {
  it("has a rule for every route file", () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f));
    const missing = files.filter((f) => !(f in RULES));
    expect(missing, `routes without an access rule: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(RULES).filter((f) => !files.includes(f));
    expect(stale, `rules for routes that no longer exist: ${stale.join(", ")}`).toEqual([]);
  });

  for (const [file, rule] of Object.entries(RULES)) {
    for (const who of EVERYONE) {
      const isPublic = "public" in rule;
      const allowed = isPublic || rule.allow.includes(who);
      const expected = isPublic
        ? (who !== "anonymous" && rule.signedIn) || (rule.status ?? 200)
        : allowed ? 200 : who === "anonymous" ? (rule.api ? 401 : 302) : 403;
      it(`${file} as ${who} → ${expected}`, async () => {
        const headers: Record<string, string> = {};
        if (who !== "anonymous") headers.cookie = cookies.get(who)!;
        const res = await fetch(`${server.url}${rule.path}`, { headers, redirect: "manual" });
        expect(res.status).toBe(expected);
        if (expected === 302 && !isPublic) expect(res.headers.get("location")).toMatch(/^\/dang-nhap\?next=/);
        if (!isPublic && rule.api && expected >= 400) expect((await res.json()).error.code).toBe(expected === 401 ? "unauthorized" : "forbidden");
      });
    }
    it(`${file} with an API token of each permission`, async () => {
      const wrong: string[] = [];
      for (const p of PERMISSIONS) {
        const isPublic = "public" in rule;
        const expected = isPublic ? rule.signedIn || (rule.status ?? 200) : rule.tokens === "any" || rule.tokens.includes(p) ? 200 : 403;
        const res = await fetch(`${server.url}${rule.path}`, { headers: { authorization: `Bearer ${tokens.get(p)}` }, redirect: "manual" });
        await res.arrayBuffer();
        if (res.status !== expected) wrong.push(`${p}: ${res.status}, expected ${expected}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
