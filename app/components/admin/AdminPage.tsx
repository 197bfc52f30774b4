import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { Chrome } from "../Chrome";

interface AdminNavItem {
  href: string;
  label: string;
}

/**
 * The frame of every admin page: top bar and demo banner (Chrome), a way back to the staff home,
 * the admin sub-menu (only the pages this user may open), the title and a success notice.
 */
export function AdminPage({
  demo, nav, current, title, intro, flash, children,
}: {
  demo: boolean;
  nav: AdminNavItem[];
  current: string;
  title: string;
  intro?: ReactNode;
  flash?: string | null;
  children: ReactNode;
}) {
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page admin">
        <nav className="admin-nav" aria-label="Quản trị">
          <Link className="admin-back" to="/trang-can-bo">← Trang cán bộ</Link>
          <ul>
            {nav.map((n) => (
              <li key={n.href}>
                <Link to={n.href} aria-current={current === n.href ? "page" : undefined}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <h1>{title}</h1>
        {intro ? <div className="admin-intro muted">{intro}</div> : null}
        {flash ? <p className="admin-flash" role="status">{flash}</p> : null}
        {children}
      </main>
    </Chrome>
  );
}
