import { useEffect, useState } from "react";
import { ROLES, type Role } from "../../domain/permissions";
import { ROLE_LABEL, ROLE_SCOPE_HINT } from "../../schemas/admin";
import { CheckboxGroup, SelectField, useHydrated, type ActionFailure } from "../forms";

interface ScopeOptions {
  units: Array<{ code: string; name: string; depth: number }>;
  agencies: Array<{ code: string; name: string; unit: string | null; depth: number }>;
  points: Array<{ code: string; name: string; unit: string | null }>;
}

/**
 * A role and its scope. Before the page's script runs every scope field shows (the server checks
 * that the scope fits the role); afterwards only the one the chosen role uses.
 */
export function GrantFields({ form, failure, options, defaultRole = "" }: { form: string; failure: ActionFailure | null; options: ScopeOptions; defaultRole?: Role | "" }) {
  const hydrated = useHydrated();
  const [role, setRole] = useState<Role | "">(((failure?.values.role as string | undefined) ?? defaultRole) as Role | "");
  // A role chosen before the script ran is in the DOM only: pick it up once hydrated.
  useEffect(() => {
    const el = document.getElementById(`${form}-role`) as HTMLSelectElement | null;
    if (el && el.value) setRole(el.value as Role);
  }, [form]);
  const show = (r: Role) => !hydrated || role === r;
  const unitName = new Map(options.units.map((u) => [u.code, u.name]));
  return (
    <div className="grant-fields">
      <SelectField
        form={form} name="role" label="Vai trò" required failure={failure} defaultValue={role} empty="— Chọn vai trò —"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        hint={hydrated && role ? ROLE_SCOPE_HINT[role] : "Lãnh đạo: chọn đơn vị. Cán bộ cơ quan: chọn cơ quan. Công chức Một cửa: chọn điểm phục vụ. Quản trị: không chọn phạm vi."}
        onChange={(v) => setRole(v as Role | "")}
      />
      {show("leader") ? (
        <SelectField
          form={form} name="unit" label={hydrated ? "Phạm vi: đơn vị hành chính" : "Đơn vị hành chính (chỉ cho Lãnh đạo)"} failure={failure} empty="— Chọn đơn vị —"
          options={options.units.map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.code} — ${u.name}` }))}
        />
      ) : null}
      {show("agency_officer") ? (
        <CheckboxGroup
          form={form} name="agencies" label={hydrated ? "Phạm vi: cơ quan" : "Cơ quan (chỉ cho Cán bộ cơ quan)"} failure={failure} scroll filter
          hint="Có thể chọn nhiều cơ quan; mỗi cơ quan là một quyền riêng."
          options={[...options.agencies]
            .sort((a, b) => (a.unit === b.unit ? 0 : a.unit === null ? 1 : b.unit === null ? -1 : options.units.findIndex((u) => u.code === a.unit) - options.units.findIndex((u) => u.code === b.unit)))
            .map((a) => ({ value: a.code, label: `${a.code} — ${a.name}`, group: a.unit ? `${unitName.get(a.unit) ?? a.unit}` : "Không gắn đơn vị" }))}
        />
      ) : null}
      {show("desk_officer") ? (
        <SelectField
          form={form} name="servicePoint" label={hydrated ? "Phạm vi: điểm phục vụ" : "Điểm phục vụ (chỉ cho Công chức Một cửa)"} failure={failure} empty="— Chọn điểm phục vụ —"
          options={options.points.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
        />
      ) : null}
      {hydrated && role === "admin" ? <p className="hint">Quản trị có phạm vi toàn tỉnh.</p> : null}
    </div>
  );
}

const roleLabel = (r: string) => (ROLE_LABEL as Record<string, string>)[r] ?? r;

/** "Lãnh đạo — BMT" as text, with the scope's name as a tooltip. */
export function GrantLabel({ role, scope, scopeName }: { role: string; scope: string | null; scopeName: string | null }) {
  return (
    <span className={`grant role-${role}`}>
      <span className="grant-role">{roleLabel(role)}</span>
      {" — "}
      {role === "admin" ? <span>toàn tỉnh</span> : scope ? <abbr title={scopeName ?? undefined}>{scope}</abbr> : <span className="muted">(không có phạm vi)</span>}
    </span>
  );
}
