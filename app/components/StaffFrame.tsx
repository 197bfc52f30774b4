import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import type { NavItem, StaffSection } from "../domain/staff-menu";
import { Chrome } from "./Chrome";

const SECTION: Record<StaffSection, { label: string; className: string }> = {
  admin: { label: "Quản trị", className: "admin" },
  plans: { label: "Nâng cao chỉ số", className: "admin" },
  feedback: { label: "Phản ánh, kiến nghị", className: "fb-staff" },
  indices: { label: "Chỉ số hài lòng", className: "admin" },
};

/**
 * The one frame of every staff page: top bar and demo banner (Chrome), the way back to the staff
 * home, the section's sub-menu (only the pages this user may open), the title and a success notice.
 */
export function StaffFrame({
  section, demo, nav, current, title, intro, flash, crumb, children,
}: {
  section: StaffSection;
  demo: boolean;
  nav: NavItem[];
  current: string;
  title: ReactNode;
  intro?: ReactNode;
  flash?: string | null;
  crumb?: ReactNode;
  children: ReactNode;
}) {
  const s = SECTION[section];
  return (
    <Chrome lang="vi" demo={demo}>
      <main className={`page ${s.className}`}>
        <nav className="admin-nav" aria-label={s.label}>
          <Link className="admin-back" to="/trang-can-bo">← Trang cán bộ</Link>
          <ul>
            {nav.map((n) => (
              <li key={n.href}>
                <Link to={n.href} aria-current={current === n.href ? "page" : undefined}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        {crumb ? <p className="admin-crumb">{crumb}</p> : null}
        <h1>{title}</h1>
        {intro ? <div className="admin-intro muted">{intro}</div> : null}
        {flash ? <p className="admin-flash" role="status">{flash}</p> : null}
        {children}
      </main>
    </Chrome>
  );
}
