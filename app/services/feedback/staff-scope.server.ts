// Who may see which feedback items: read scopes from grants, and the checks on one item.
import { can, type Permission, grantsFor } from "../../domain/permissions";
import { isFormal, type FeedbackKind } from "../../domain/routing";
import { loadOrg, type SessionUser } from "../../platform/auth.server";
import { subtreeIds } from "../org/reference.server";
import type { Db } from "../../platform/db.server";

/**
 * The staff side of feedback (góp ý, phản ánh, kiến nghị): who may see which items, the agency
 * inbox, the coordinator's queue, desk entry, routing / holiday / deadline admin, the outbox and
 * the figures for leaders. The handling itself (assign, transfer, answer, publish) lives in
 * feedback.server.ts; this module only adds queries, scopes and the admin use cases.
 */


export const OPEN_STATUSES = ["received", "assigned"] as const;
export const DONE_STATUSES = ["answered", "published", "closed"];


/** The items a user may read: everything (admin), some agencies' items, items in some unit subtrees. */
export interface ReadScope {
  all: boolean;
  agencyIds: number[];
  unitIds: number[];
}


/**
 * read:feedback: an admin reads all items; an agency grant reads the items owned by that agency;
 * a unit grant (leader) reads the items whose admin unit lies in the unit's subtree.
 */
export async function readScope(db: Db, user: SessionUser): Promise<ReadScope> {
  const grants = grantsFor(user, "read:feedback");
  if (grants.some((g) => g.role === "admin")) return { all: true, agencyIds: [], unitIds: [] };
  const agencyIds = new Set<number>();
  const unitIds = new Set<number>();
  const unitGrants = grants.filter((g) => g.unitId !== null);
  if (unitGrants.length) {
    const units = await db.selectFrom("admin_unit").select(["id", "code", "name", "name_en", "level", "parent_id"]).execute();
    for (const g of unitGrants) for (const id of subtreeIds(units, g.unitId!)) unitIds.add(id);
  }
  for (const g of grants) if (g.agencyId !== null) agencyIds.add(g.agencyId);
  return { all: false, agencyIds: [...agencyIds], unitIds: [...unitIds] };
}

/** The user's feedback scope in words, e.g. "Sở Tư pháp" or "Thành phố Buôn Ma Thuột và các đơn vị trực thuộc". */
export async function scopeDescription(db: Db, user: SessionUser): Promise<string> {
  const grants = grantsFor(user, "read:feedback");
  if (grants.some((g) => g.role === "admin")) return "toàn tỉnh";
  const parts: string[] = [];
  for (const g of grants) {
    if (g.agencyId !== null) {
      const a = await db.selectFrom("agency").select("name").where("id", "=", g.agencyId).executeTakeFirst();
      parts.push(a?.name ?? g.agencyCode ?? "");
    } else if (g.unitId !== null) {
      const u = await db.selectFrom("admin_unit").select("name").where("id", "=", g.unitId).executeTakeFirst();
      parts.push(`phản ánh trên địa bàn ${u?.name ?? g.unitCode} và các đơn vị trực thuộc`);
    }
  }
  return parts.join("; ");
}

/**
 * Whether a read scope covers an item. A complaint or a denunciation (khiếu nại, tố cáo) is read
 * only by the body it is routed to (an agency grant) and the coordinator (admin), never through a
 * unit grant: the leaders of the unit it concerns may be the ones it is about, and the text often
 * names the sender (docs/decisions/0013-sensitive-kinds.md).
 */
export function scopeCovers(scope: ReadScope, item: { agency_id: number | null; unit_id: number | null; kind: string }): boolean {
  if (scope.all) return true;
  if (item.agency_id !== null && scope.agencyIds.includes(item.agency_id)) return true;
  return !isFormal(item.kind as FeedbackKind) && item.unit_id !== null && scope.unitIds.includes(item.unit_id);
}

/** Internal notes are written by those who handle the item (answer, transfer or assign it), not by readers. */
export async function canNoteOnItem(db: Db, user: SessionUser, item: { agency_id: number | null }): Promise<boolean> {
  for (const p of ["answer:feedback", "transfer:feedback", "assign:feedback"] as const) if (await canOnItem(db, user, p, item)) return true;
  return false;
}

/** Whether the user holds `permission` for the item's current owner (none for the coordinator's queue, except an admin). */
export async function canOnItem(db: Db, user: SessionUser, permission: Permission, item: { agency_id: number | null }): Promise<boolean> {
  const grants = grantsFor(user, permission);
  if (!grants.length) return false;
  return can(grants, permission, { agencyId: item.agency_id ?? -1 }, await loadOrg(db));
}

const FORBIDDEN = "Bạn không có quyền xem hoặc xử lý phản ánh này: phản ánh thuộc cơ quan hoặc địa bàn khác.";

/** The item, or a 404 / 403 response (thrown, for loaders and actions). */
export async function itemForStaff(db: Db, user: SessionUser, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Không tìm thấy phản ánh.", { status: 404 });
  const item = await db.selectFrom("feedback_item").selectAll().where("id", "=", id).executeTakeFirst();
  if (!item) throw new Response("Không tìm thấy phản ánh.", { status: 404 });
  if (!scopeCovers(await readScope(db, user), item)) throw new Response(FORBIDDEN, { status: 403, statusText: "Forbidden" });
  return item;
}

/** Throws a 403 unless the user holds `permission` for the item. */
export async function requireOnItem(db: Db, user: SessionUser, permission: Permission, item: { agency_id: number | null }) {
  if (!(await canOnItem(db, user, permission, item))) throw new Response(FORBIDDEN, { status: 403, statusText: "Forbidden" });
}
