import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { Chrome } from "../Chrome";

interface NavItem {
  href: string;
  label: string;
}

/**
 * Frame of the feedback work pages (/hop-thu, /dieu-phoi, /tiep-nhan): top bar and demo banner,
 * the way back to the staff home, the feedback sub-menu, the title and a success notice.
 */
export function StaffFrame({
  demo, nav, current, title, intro, flash, crumb, children,
}: {
  demo: boolean;
  nav: NavItem[];
  current: string;
  title: ReactNode;
  intro?: ReactNode;
  flash?: string | null;
  crumb?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page fb-staff">
        <nav className="fb-nav" aria-label="Phản ánh, kiến nghị">
          <Link className="fb-back" to="/trang-can-bo">← Trang cán bộ</Link>
          <ul>
            {nav.map((n) => (
              <li key={n.href}>
                <Link to={n.href} aria-current={current === n.href ? "page" : undefined}>{n.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        {crumb ? <p className="fb-crumb">{crumb}</p> : null}
        <h1>{title}</h1>
        {intro ? <div className="fb-intro muted">{intro}</div> : null}
        {flash ? <p className="fb-flash" role="status">{flash}</p> : null}
        {children}
      </main>
    </Chrome>
  );
}
