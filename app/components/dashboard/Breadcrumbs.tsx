import { Link } from "@remix-run/react";
import type { Lang } from "../../i18n/format";
import { td } from "../../i18n/dashboard";

export interface Crumb {
  label: string;
  href: string | null;
  /** What the step is (province, district, service point, sub-index…), shown small before it. */
  kind?: string;
}

/** Province › district › commune › service point › sub-index › criterion; every step but the last is a link. */
export function Breadcrumbs({ lang, crumbs }: { lang: Lang; crumbs: Crumb[] }) {
  if (crumbs.length < 2) return null;
  return (
    <nav aria-label={td(lang, "drill.crumbs")} className="dash-breadcrumb" data-testid="breadcrumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={`${i}-${c.label}`}>
            {c.href && i < crumbs.length - 1 ? (
              <Link to={c.href} data-testid="crumb">{c.label}</Link>
            ) : (
              <span aria-current="page" data-testid="crumb-current">{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
