/**
 * The folded sections of a dashboard overview that load on demand (GET /dashboard/phan/<slug>),
 * or come with the page when `mo=<slug>` asks for them (`mo=tat-ca`: every one).
 */
export const DASHBOARD_SECTIONS = ["don-vi", "diem", "yeu-nhat", "xu-huong", "tieu-chi"] as const;
export type DashboardSection = (typeof DASHBOARD_SECTIONS)[number];

/** `mo=` that opens every section. */
export const OPEN_ALL = "tat-ca";

/** The element id of a section's fold, for the no-JavaScript link's #anchor. */
export const sectionFoldId = (s: DashboardSection): string => `muc-${s}`;

/** The sections a dashboard URL's `mo=` parameters ask for (unknown values are ignored). */
export function openSections(values: string[]): Set<DashboardSection> {
  const out = new Set<DashboardSection>();
  for (const raw of values) {
    for (const v of raw.split(",")) {
      if (v === OPEN_ALL) DASHBOARD_SECTIONS.forEach((s) => out.add(s));
      else if ((DASHBOARD_SECTIONS as readonly string[]).includes(v)) out.add(v as DashboardSection);
    }
  }
  return out;
}

/** How many alerts the dashboard's alerts fold lists (the page sends those, with the counts of all). */
export const ALERTS_SHOWN = 5;
