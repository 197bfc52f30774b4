// The one staff page frame: what every staff page shows around its content.
import { effectivePermissions, type Permission } from "../domain/permissions";
import { menuFor, type NavItem, type StaffSection } from "../domain/staff-menu";
import type { SessionUser } from "./auth.server";
import { db, type Db } from "./db.server";
import { flashText } from "../domain/text";
import { requirePermission } from "./session.server";

export type { NavItem, StaffSection };

export interface FrameData {
  /** The database holds the demo province: the banner says so. */
  demo: boolean;
  /** The section's sub-menu: only the pages this user may open. */
  nav: NavItem[];
  me: { id: number; displayName: string };
}

/** Whether the database holds the demo province (its units are marked). */
export async function hasDemoData(db: Db): Promise<boolean> {
  const r = await db.selectFrom("admin_unit").select("id").where("is_demo", "=", 1).limit(1).executeTakeFirst();
  return !!r;
}

/** The frame of a staff page in a section: demo banner flag, the section's sub-menu, who is signed in. */
export async function staffFrame(db: Db, user: SessionUser, section: StaffSection): Promise<FrameData> {
  return {
    demo: await hasDemoData(db),
    nav: menuFor(effectivePermissions(user), section),
    me: { id: user.id, displayName: user.displayName },
  };
}

/**
 * The start of every staff page's loader: the permission checked (redirect to sign-in, or 403), the
 * URL, the database, and the frame with the success notice of a redirect (?ok=key&ref=…) if any.
 */
export async function staffPage(request: Request, permission: Permission, section: StaffSection, notices: Record<string, string> = {}) {
  const user = await requirePermission(request, permission);
  const url = new URL(request.url);
  const conn = db();
  const frame = await staffFrame(conn, user, section);
  return { user, url, conn, frame: { ...frame, flash: flashText(url.search, notices) } };
}
