import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client.server";
import { createApiToken } from "../../app/platform/auth.server";
import { PERMISSIONS, type Permission } from "../../app/domain/permissions";
import { loginCookie } from "../helpers/auth";
import { routeManifest } from "../helpers/routes";
import { startServer, type TestServer } from "../helpers/server";

/**
 * The POST side of the permission matrix, generated from the route manifest: every route with an
 * action × every intent its action names × every demo role, an anonymous visitor and an API token
 * of each single permission. A route with an action but no rule here fails, and so does a rule for
 * an intent that no longer exists. The form carries only the intent (and nothing to act on), so an
 * allowed request ends in a validation answer, never a 5xx; a refused one is 401/403 or the way to
 * the login page. GET is covered by permission-matrix.test.ts.
 */
type Role = "admin" | "lanhdao.tinh" | "lanhdao.bmt" | "canbo.stp" | "canbo.bmt" | "motcua.bmt";
type Who = "anonymous" | Role | `token:${Permission}`;
const ROLES: Role[] = ["admin", "lanhdao.tinh", "lanhdao.bmt", "canbo.stp", "canbo.bmt", "motcua.bmt"];
const ALL: Who[] = ["anonymous", ...ROLES, ...PERMISSIONS.map((p) => `token:${p}` as const)];

/** Who may: "public" (everyone), or the roles that may plus the permissions a token needs (all of them). */
type Access = "public" | { roles: Role[]; needs: Permission[] };
interface Rule {
  path: string;
  access: Access;
  /** Per intent, when intents differ. */
  intents?: Record<string, Access>;
}
const ADMIN = (needs: Permission[]): Access => ({ roles: ["admin"], needs });

const RULES: Record<string, Rule> = {
  "api.v1.devices.pair.ts": { path: "/api/v1/devices/pair", access: "public" },
  "api.v1.feedback.$code.ts": { path: "/api/v1/feedback/2222-2222", access: "public" }, // 405
  "api.v1.feedback.ts": { path: "/api/v1/feedback", access: "public" },
  "api.v1.public-answers.ts": { path: "/api/v1/public-answers", access: "public" }, // 405
  "api.v1.responses.ts": { path: "/api/v1/responses", access: "public" },
  "api.v1.rounds.$code.responses.ts": { path: "/api/v1/rounds/PAPI-2024-DEMO/responses", access: { roles: ["admin", "motcua.bmt"], needs: ["enter:feedback"] } },
  "canh-bao.tsx": { path: "/canh-bao", access: { roles: ["admin", "lanhdao.tinh", "lanhdao.bmt"], needs: ["read:indices"] } },
  "chi-so-par.nhap.tsx": { path: "/chi-so-par/nhap", access: ADMIN(["manage:plans"]) },
  "dang-nhap.tsx": { path: "/dang-nhap", access: "public" },
  "dieu-phoi.tsx": { path: "/dieu-phoi", access: ADMIN(["assign:feedback"]) },
  "doi-mat-khau.tsx": { path: "/doi-mat-khau", access: { roles: ROLES, needs: [] } },
  "dot-khao-sat.$code_.nhap.tsx": { path: "/dot-khao-sat/PAPI-2024-DEMO/nhap", access: { roles: ["admin", "motcua.bmt"], needs: ["enter:feedback"] } },
  // Item 1: a chứng thực item of Ea Kar routed to Sở Tư pháp. Readers (leaders) may not act on it.
  "hop-thu.$id.tsx": {
    path: "/hop-thu/1",
    access: ADMIN(["read:feedback"]),
    intents: {
      answer: { roles: ["admin", "canbo.stp"], needs: ["read:feedback", "answer:feedback"] },
      transfer: { roles: ["admin", "canbo.stp"], needs: ["read:feedback", "transfer:feedback"] },
      // A token needs read:feedback and one of answer/transfer/assign: the single-permission tokens here have none of these pairs.
      note: { roles: ["admin", "canbo.stp"], needs: ["read:feedback", "answer:feedback"] },
      assign: ADMIN(["read:feedback", "assign:feedback"]),
      publish: ADMIN(["read:feedback", "publish:feedback"]),
      // issue 17: publishing a photo is the coordinator's, like publishing the item.
      photo: ADMIN(["read:feedback", "publish:feedback"]),
    },
  },
  "ke-hoach.$code.tsx": { path: "/ke-hoach/PAPI-2021", access: ADMIN(["manage:plans"]) },
  "ke-hoach.bao-cao.tsx": { path: "/ke-hoach/bao-cao?plan=PAPI-2021", access: { roles: ["admin", "canbo.stp", "canbo.bmt"], needs: ["report:plans"] } },
  "ke-hoach.diem-papi.tsx": { path: "/ke-hoach/diem-papi", access: ADMIN(["manage:plans"]) },
  "ke-hoach.moi.tsx": { path: "/ke-hoach/moi", access: ADMIN(["manage:plans"]) },
  "ke-hoach.ket-qua-cong-bo.tsx": { path: "/ke-hoach/ket-qua-cong-bo", access: ADMIN(["manage:plans"]) },
  "ke-hoach.theo-doi.tsx": { path: "/ke-hoach/theo-doi?plan=PAPI-2021", access: ADMIN(["manage:plans"]) },
  "phan-anh.tsx": { path: "/phan-anh", access: "public" },
  "quan-tri.bang-hoi.$id.tsx": { path: "/quan-tri/bang-hoi/1", access: ADMIN(["manage:questionnaires"]) },
  "quan-tri.bang-hoi._index.tsx": { path: "/quan-tri/bang-hoi", access: ADMIN(["manage:questionnaires"]) },
  "quan-tri.chi-tieu.tsx": { path: "/quan-tri/chi-tieu?year=2024", access: ADMIN(["manage:targets"]) },
  "quan-tri.co-quan.tsx": { path: "/quan-tri/co-quan", access: ADMIN(["manage:org"]) },
  "quan-tri.cong-bo.tsx": { path: "/quan-tri/cong-bo", access: ADMIN(["manage:targets"]) },
  "quan-tri.diem-phuc-vu.tsx": { path: "/quan-tri/diem-phuc-vu", access: ADMIN(["manage:org"]) },
  "quan-tri.don-vi.tsx": { path: "/quan-tri/don-vi", access: ADMIN(["manage:org"]) },
  "quan-tri.sap-xep.tsx": { path: "/quan-tri/sap-xep", access: ADMIN(["manage:org"]) },
  "quan-tri.dot-khao-sat.tsx": { path: "/quan-tri/dot-khao-sat", access: ADMIN(["manage:questionnaires"]) },
  "quan-tri.ngay-nghi.tsx": { path: "/quan-tri/ngay-nghi", access: ADMIN(["manage:routing"]) },
  "quan-tri.nguoi-dung.$id.tsx": { path: "/quan-tri/nguoi-dung/2", access: ADMIN(["manage:users"]) },
  "quan-tri.nguoi-dung._index.tsx": { path: "/quan-tri/nguoi-dung", access: ADMIN(["manage:users"]) },
  "quan-tri.nhom-co-quan.tsx": { path: "/quan-tri/nhom-co-quan", access: ADMIN(["manage:plans"]) },
  "quan-tri.phan-loai.tsx": { path: "/quan-tri/phan-loai", access: ADMIN(["manage:routing"]) },
  "quan-tri.phieu-gan-co.tsx": { path: "/quan-tri/phieu-gan-co", access: ADMIN(["manage:devices"]) },
  "quan-tri.thiet-bi.tsx": { path: "/quan-tri/thiet-bi", access: ADMIN(["manage:devices"]) },
  "quan-tri.thu-gui.tsx": { path: "/quan-tri/thu-gui", access: ADMIN(["manage:routing"]) },
  "quan-tri.trang-nguoi-dan.tsx": { path: "/quan-tri/trang-nguoi-dan", access: ADMIN(["manage:routing"]) },
  "quan-tri.token.tsx": { path: "/quan-tri/token", access: ADMIN(["manage:users"]) },
  "s.$slug.tsx": { path: "/s/sipas?point=MC-BMT", access: "public" },
  "tiep-nhan.tsx": { path: "/tiep-nhan", access: { roles: ["admin", "motcua.bmt"], needs: ["enter:feedback"] } },
  "nhap-phieu-giay.tsx": { path: "/nhap-phieu-giay", access: { roles: ["admin", "motcua.bmt"], needs: ["import:paper"] } },
  "tra-cuu.$code.tsx": { path: "/tra-cuu/2222-2222", access: "public" },
  // Last: signing out ends the shared sessions.
  "dang-xuat.tsx": { path: "/dang-xuat", access: "public" },
};

function allowed(access: Access, who: Who): boolean {
  if (access === "public") return true;
  if (who === "anonymous") return false;
  if (who.startsWith("token:")) {
    const p = who.slice(6) as Permission;
    // A token is the admin's, limited to its one permission; a route without a permission (signed in only) takes any token.
    return access.needs.length === 0 ? access.roles.includes("admin") : access.needs.every((n) => n === p) && access.roles.includes("admin");
  }
  return access.roles.includes(who as Role);
}

let server: TestServer;
const auth = new Map<Who, Record<string, string>>();
beforeAll(async () => {
  server = await startServer();
  auth.set("anonymous", {});
  for (const r of ROLES) auth.set(r, { cookie: await loginCookie(server.url, r) });
  const db = createDb(server.dbPath);
  try {
    const admin = (await db.selectFrom("app_user").select("id").where("username", "=", "admin").executeTakeFirstOrThrow()).id;
    for (const p of PERMISSIONS) auth.set(`token:${p}`, { authorization: `Bearer ${(await createApiToken(db, admin, { name: `matrix ${p}`, permissions: [p], days: 1 }, { userId: null })).token}` });
  } finally {
    await db.destroy();
  }
  // Item 1 for the item page's row.
  const res = await fetch(`${server.url}/api/v1/feedback`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "phan_anh", topic: "chung-thuc", unit: "EKA", text: "Phản ánh mẫu cho bảng phân quyền: chậm trả kết quả chứng thực." }),
  });
  if (res.status !== 201) throw new Error(`could not create the feedback item: ${res.status}`);
});
afterAll(async () => server?.stop());

const manifest = routeManifest().filter((r) => r.hasAction);
const ordered = [...manifest].sort((a, b) => Number(a.file === "dang-xuat.tsx") - Number(b.file === "dang-xuat.tsx"));

describe("POST intent matrix (route manifest × intents × roles, anonymous, tokens)", () => {
  it("has a rule for every route with an action, and per-intent rules only for existing intents", () => {
    const missing = manifest.filter((r) => !(r.file in RULES)).map((r) => r.file);
    expect(missing, `routes with an action but no POST rule: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys(RULES).filter((f) => !manifest.some((r) => r.file === f));
    expect(stale, `POST rules for routes without an action: ${stale.join(", ")}`).toEqual([]);
    for (const [file, rule] of Object.entries(RULES)) {
      const intents = manifest.find((r) => r.file === file)?.intents ?? [];
      for (const i of Object.keys(rule.intents ?? {})) expect(intents, `${file}: rule for unknown intent ${i}`).toContain(i);
      if (rule.intents) for (const i of intents) expect(rule.intents, `${file}: intent ${i} has no rule`).toHaveProperty(i);
    }
  });

  for (const route of ordered) {
    const rule = RULES[route.file];
    if (!rule) continue;
    for (const intent of route.intents.length ? route.intents : [""]) {
      const access = rule.intents?.[intent] ?? rule.access;
      it(`${route.file} ${intent || "(no intent)"}: ${ALL.length} callers`, async () => {
        const wrong: string[] = [];
        for (const who of ALL) {
          const api = rule.path.startsWith("/api/");
          const res = await fetch(`${server.url}${rule.path}`, {
            method: "POST",
            redirect: "manual",
            headers: { origin: server.url, "content-type": api ? "application/json" : "application/x-www-form-urlencoded", ...auth.get(who) },
            body: api ? JSON.stringify(intent ? { intent } : {}) : new URLSearchParams(intent ? { intent } : {}).toString(),
          });
          await res.arrayBuffer();
          // For a public route (signing out, say) the way to the login page is its answer, not a refusal.
          const toLogin = access !== "public" && (res.status === 302 || res.status === 303) && (res.headers.get("location") ?? "").startsWith("/dang-nhap");
          const refused = res.status === 401 || res.status === 403 || toLogin;
          const expectAllowed = allowed(access, who);
          if (res.status >= 500) wrong.push(`${who}: ${res.status}`);
          else if (expectAllowed === refused) wrong.push(`${who}: ${res.status} (${expectAllowed ? "should be allowed" : "should be refused"})`);
        }
        expect(wrong).toEqual([]);
      });
    }
  }
});
