import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { requireUser } from "../platform/session.server";
import { effectivePermissions } from "../domain/permissions";
import { menuFor } from "../domain/staff-menu";
import { pageTitle } from "../components/page";

export const meta = pageTitle("Trang cán bộ");

const ROLE_LABEL: Record<string, string> = {
  admin: "Quản trị / điều phối",
  leader: "Lãnh đạo",
  agency_officer: "Cán bộ cơ quan",
  desk_officer: "Công chức Một cửa",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const perms = effectivePermissions(user);
  return json({
    user: { displayName: user.displayName, username: user.username, isDemo: user.isDemo },
    grants: user.grants.map((g) => ({ role: ROLE_LABEL[g.role] ?? g.role, scope: g.role === "admin" ? "Toàn tỉnh" : g.unitCode ?? g.agencyCode ?? g.servicePointCode ?? "—" })),
    menu: menuFor(perms),
  });
}

export default function StaffHome() {
  const { user, grants, menu } = useLoaderData<typeof loader>();
  return (
    <Chrome lang="vi" demo={user.isDemo}>
      <main className="page narrow">
        <h1>Xin chào, {user.displayName}</h1>
        {user.isDemo ? <p className="demo-banner" role="note">Đây là tài khoản mẫu (demo), chỉ dùng để thử.</p> : null}
        <p className="muted">Vai trò: {grants.map((g) => `${g.role} (${g.scope})`).join("; ")}</p>
        <nav aria-label="Chức năng" className="card">
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
