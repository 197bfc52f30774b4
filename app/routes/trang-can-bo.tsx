import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { requireUser } from "../platform/session.server";
import { effectivePermissions, tokenAllows } from "../domain/permissions";
import { menuFor } from "../domain/staff-menu";
import { pageTitle, stylesheets } from "../components/page";
import { db } from "../platform/db.server";
import { grantScopeNames, readableUnit } from "../services/org/scope.server";
import { leaderOverview } from "../services/indices/leader-summary.server";
import { LeaderSummary } from "../components/dashboard/LeaderSummary";
import dashStyles from "../styles/dashboard.css?url";

export const meta = pageTitle("Trang cán bộ");
export const links = stylesheets(dashStyles);

const ROLE_LABEL: Record<string, string> = {
  admin: "Quản trị / điều phối",
  leader: "Lãnh đạo",
  agency_officer: "Cán bộ cơ quan",
  desk_officer: "Công chức Một cửa",
};

/** GET /trang-can-bo: the staff home. A user who reads indices sees their unit's overview first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const perms = effectivePermissions(user);
  const conn = db();
  const scopes = await grantScopeNames(conn, user);
  let overview = null;
  if (tokenAllows(user, "read:indices") && perms.has("read:indices")) {
    const home = await readableUnit(user, null).catch(() => null);
    if (home) overview = await leaderOverview(conn, user, home.code);
  }
  return json({
    user: { displayName: user.displayName, username: user.username, isDemo: user.isDemo },
    grants: user.grants.map((g, i) => ({ role: ROLE_LABEL[g.role] ?? "Cán bộ", scope: scopes[i] })),
    menu: menuFor(perms),
    overview,
  });
}

export default function StaffHome() {
  const { user, grants, menu, overview } = useLoaderData<typeof loader>();
  return (
    <Chrome lang="vi" demo={user.isDemo}>
      <main className={overview ? "page dash staff-home" : "page narrow"}>
        <h1>Xin chào, {user.displayName}</h1>
        {overview ? (
          <LeaderSummary
            lang="vi" year={overview.year} scopeName={overview.unit.name} root={overview.root} summary={overview.summary}
            links={{
              feedback: "/hop-thu", alerts: "/canh-bao",
              node: (code) => `/dashboard?year=${overview.year}&unit=${encodeURIComponent(overview.unit.code)}&node=${encodeURIComponent(code)}`,
              place: (code) => `/dashboard?year=${overview.year}&unit=${encodeURIComponent(code)}`,
            }}
          />
        ) : null}
        {user.isDemo ? <p className="demo-banner" role="note">Đây là tài khoản mẫu (demo), chỉ dùng để thử.</p> : null}
        <p className="muted">Vai trò: {grants.map((g) => `${g.role} (${g.scope})`).join("; ")}</p>
        <nav aria-label="Chức năng" className="card staff-menu">
          <ul data-testid="staff-menu">
            {menu.map((m) => <li key={m.href}><a href={m.href}>{m.label}</a></li>)}
          </ul>
          {menu.length === 0 ? <p>Tài khoản chưa được giao chức năng nào. Liên hệ quản trị viên.</p> : null}
        </nav>
        <p><a href="/doi-mat-khau">Đổi mật khẩu</a></p>
        <Form method="post" action="/dang-xuat" style={{ marginTop: 16 }}>
          <button className="btn secondary" type="submit">Đăng xuất</button>
        </Form>
      </main>
    </Chrome>
  );
}
