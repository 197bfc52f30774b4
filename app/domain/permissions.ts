/**
 * Roles, permissions and scopes. A person holds role grants; each grant ties a role to a scope
 * (the whole province, an admin unit and its subtree, an agency, a service point). Checks are
 * pure: the organisation's shape is passed in.
 */
export const ROLES = ["admin", "leader", "agency_officer", "desk_officer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "read:indices",
  "export:data",
  "manage:targets",
  "read:feedback",
  "enter:feedback",
  "answer:feedback",
  "transfer:feedback",
  "assign:feedback",
  "publish:feedback",
  "manage:routing",
  "manage:org",
  "manage:users",
  "manage:questionnaires",
  "manage:devices",
  "read:audit",
  "read:plans",
  "report:plans",
  "manage:plans",
  "import:paper",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  leader: ["read:indices", "export:data", "read:feedback", "read:plans"],
  // Agency and desk views of the indices come with the agency dashboards; until then these roles
  // work on feedback only, so no menu entry leads them to a page they cannot open.
  agency_officer: ["read:feedback", "answer:feedback", "transfer:feedback", "report:plans", "read:plans"],
  // issue 20: desk officers upload the paper forms of their own service points.
  desk_officer: ["enter:feedback", "import:paper"],
};

export interface Grant {
  role: Role;
  unitId: number | null;
  agencyId: number | null;
  servicePointId: number | null;
}

/** What a check is about: a unit (and its subtree), an agency, or a service point. */
export interface Target {
  unitId?: number | null;
  agencyId?: number | null;
  servicePointId?: number | null;
}

export interface OrgShape {
  unitParent: Map<number, number | null>;
  agencyParent: Map<number, number | null>;
  agencyUnit: Map<number, number | null>;
  servicePoint: Map<number, { unitId: number; agencyId: number }>;
}

function isWithinUnit(org: OrgShape, unitId: number, ancestorId: number): boolean {
  const seen = new Set<number>();
  for (let u: number | null | undefined = unitId; u !== null && u !== undefined && !seen.has(u); u = org.unitParent.get(u)) {
    if (u === ancestorId) return true;
    seen.add(u);
  }
  return false;
}

function targetUnit(t: Target, org: OrgShape): number | null {
  if (t.unitId != null) return t.unitId;
  if (t.servicePointId != null) return org.servicePoint.get(t.servicePointId)?.unitId ?? null;
  if (t.agencyId != null) return org.agencyUnit.get(t.agencyId) ?? null;
  return null;
}

function targetAgency(t: Target, org: OrgShape): number | null {
  if (t.unitId != null) return null; // a unit is not one agency's
  if (t.agencyId != null) return t.agencyId;
  if (t.servicePointId != null) return org.servicePoint.get(t.servicePointId)?.agencyId ?? null;
  return null;
}

/**
 * Whether one grant's scope covers the target: an admin covers everything; a unit grant covers
 * what lies in its subtree (units, their agencies and service points); an agency grant covers the
 * agency and its service points; a service point grant covers that point only.
 */
export function grantCovers(g: Grant, target: Target | null, org: OrgShape): boolean {
  if (g.role === "admin") return true;
  if (!target) return true;
  if (g.unitId !== null) {
    const u = targetUnit(target, org);
    return u !== null && isWithinUnit(org, u, g.unitId);
  }
  if (g.agencyId !== null) return targetAgency(target, org) === g.agencyId;
  if (g.servicePointId !== null) return target.unitId == null && target.agencyId == null && target.servicePointId === g.servicePointId;
  return false;
}

export function can(grants: Grant[], permission: Permission, target: Target | null, org: OrgShape): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission) && grantCovers(g, target, org));
}

/** Permissions a user has in at least one scope. */
export function permissionsOf(grants: Grant[]): Set<Permission> {
  return new Set(grants.flatMap((g) => ROLE_PERMISSIONS[g.role]));
}

/** Who acts: a user's grants and, through an API token, the permissions that token carries. */
export interface GrantHolder {
  grants: Grant[];
  /** For API tokens: the subset of permissions the token carries. */
  tokenPermissions?: readonly Permission[];
}

/** Whether the actor's token (if any) carries the permission; a session without a token always does. */
export function tokenAllows(actor: GrantHolder, permission: Permission): boolean {
  return !actor.tokenPermissions || actor.tokenPermissions.includes(permission);
}

/** The permissions an actor really has: the roles' permissions, narrowed to the token's. */
export function effectivePermissions(actor: GrantHolder): Set<Permission> {
  const perms = permissionsOf(actor.grants);
  for (const p of [...perms]) if (!tokenAllows(actor, p)) perms.delete(p);
  return perms;
}

/** The grants that count for a permission: those whose role has it (none when the token lacks it). */
export function grantsFor<G extends Grant>(actor: { grants: G[]; tokenPermissions?: readonly Permission[] }, permission: Permission): G[] {
  if (!tokenAllows(actor, permission)) return [];
  return actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

/** The unit a user's dashboards open on: the province for an admin, else the first unit grant. */
export function homeUnit(grants: Grant[], rootUnitId: number): number | null {
  if (grants.some((g) => g.role === "admin")) return rootUnitId;
  return grants.find((g) => g.unitId !== null && ROLE_PERMISSIONS[g.role].includes("read:indices"))?.unitId ?? null;
}
