// What every page's route module declares about itself: its stylesheets and its title.
import type { LinksFunction, MetaFunction } from "@remix-run/node";

/** The page's stylesheets, in order. */
export function stylesheets(...hrefs: string[]): LinksFunction {
  return () => hrefs.map((href) => ({ rel: "stylesheet", href }));
}

/** "Cơ quan — Quản trị" → the tab title "Cơ quan — Quản trị — Hài Lòng". */
export function pageTitle(title: string): MetaFunction {
  return () => [{ title: `${title} — Hài Lòng` }];
}
