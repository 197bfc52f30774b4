/**
 * A reorganisation (sắp xếp đơn vị hành chính, hợp nhất cơ quan) as a dated event: the changes of
 * one file are applied in order to the history, on its effective day, and either all hold or
 * none (docs/decisions/0012). Pure: the service loads the history, plans, shows the dry run and
 * writes the difference in one transaction.
 */
import { inForce, type LineageEdge, type OrgEntity, type OrgVersion } from "./lineage";
import { dayBefore, viDay } from "./days";

export type ReorgChange =
  | { kind: "create_unit"; code: string; name: string; nameEn?: string | null; level: string; parent: string; formerly?: string | null }
  | { kind: "merge_units"; into: string; name?: string | null; nameEn?: string | null; level?: string | null; parent?: string | null; from: string[]; formerly?: string | null }
  | { kind: "split_unit"; unit: string; into: Array<{ code: string; name?: string | null; nameEn?: string | null; level?: string | null; parent?: string | null }>; points: Record<string, string> }
  | { kind: "move_unit"; unit: string; parent: string }
  | { kind: "rename_unit"; unit: string; name?: string | null; nameEn?: string | null; code?: string | null }
  | { kind: "dissolve_level"; level: string; parent?: string | null }
  | { kind: "create_agency"; code: string; name: string; nameEn?: string | null; agencyKind: string; parent?: string | null; unit?: string | null }
  | { kind: "merge_agencies"; into: string; name?: string | null; nameEn?: string | null; agencyKind?: string | null; parent?: string | null; unit?: string | null; from: string[] }
  | { kind: "rename_agency"; agency: string; name?: string | null; nameEn?: string | null; code?: string | null }
  | { kind: "dissolve_agency"; agency: string; successor?: string | null }
  | { kind: "open_point"; code: string; name: string; nameEn?: string | null; pointKind: string; unit: string; agency: string }
  | { kind: "close_point"; point: string; successor?: string | null }
  | { kind: "move_point"; point: string; unit?: string | null; agency?: string | null };

export interface ReorgFile {
  title: string;
  document?: string | null;
  /** YYYY-MM-DD: the first day of the new organisation. */
  effectiveOn: string;
  changes: ReorgChange[];
}

/** A version as planned: `rowId` is its org_version row (absent for a new or not yet stored one). */
export interface PlannedVersion extends OrgVersion {
  rowId?: number;
}

interface PlanError {
  /** 1-based row of the change in the file (CSV: the line number given by the reader). */
  row: number;
  message: string;
}

interface PlanLine {
  row: number;
  text: string;
}

/** What a follow-up of references needs: which entity ended and where it went. */
interface Succession {
  entity: OrgEntity;
  id: number;
  /** The one successor, or null when there is none or several (a split, a dissolution). */
  successor: number | null;
  kind: "merge" | "split" | "dissolve" | "close";
}

export interface ReorgPlan {
  errors: PlanError[];
  versions: PlannedVersion[];
  edges: LineageEdge[];
  /** New entities, with the temporary (negative) ids their versions carry. */
  created: Array<{ entity: OrgEntity; id: number; code: string }>;
  successions: Succession[];
  lines: PlanLine[];
}

interface LevelDef {
  code: string;
  name: string;
  rank: number;
}

const ENTITY_NAME: Record<OrgEntity, string> = { unit: "đơn vị hành chính", agency: "cơ quan", point: "điểm phục vụ" };

/**
 * Applies the changes of a file to a copy of the history. `rowOf(i)` gives the row number that an
 * error of change i names. `takenCodes` are codes that exist in the database at any time (base
 * rows), per entity: a new code must not reuse one.
 */
export function planReorganisation(
  history: { versions: PlannedVersion[]; edges: LineageEdge[] },
  file: ReorgFile,
  levels: LevelDef[],
  takenCodes: Record<OrgEntity, Set<string>>,
  rowOf: (i: number) => number = (i) => i + 1,
): ReorgPlan {
  const day = file.effectiveOn;
  const before = dayBefore(day);
  const versions: PlannedVersion[] = history.versions.map((v) => ({ ...v }));
  const edges: LineageEdge[] = [...history.edges];
  const errors: PlanError[] = [];
  const lines: PlanLine[] = [];
  const created: ReorgPlan["created"] = [];
  const successions: Succession[] = [];
  const consumed = new Map<string, number>(); // entity:code → row that ended it
  const newCodes: Record<OrgEntity, Set<string>> = { unit: new Set(), agency: new Set(), point: new Set() };
  let nextId = -1;
  const rank = new Map(levels.map((l) => [l.code, l.rank]));
  const levelName = new Map(levels.map((l) => [l.code, l.name]));

  const current = (entity: OrgEntity, id: number) => versions.find((v) => v.entity === entity && v.id === id && inForce(v, day));
  const byCode = (entity: OrgEntity, code: string) => versions.find((v) => v.entity === entity && v.code === code && inForce(v, day));
  const label = (v: OrgVersion) => `${v.name} (${v.code})`;

  /** Ends an entity's version in force on the day (the day before). */
  const end = (v: PlannedVersion) => {
    if (v.from === day) {
      // Changed (or created) earlier in this same file: today's version is dropped, so the
      // entity ends with the version it had the day before (a created one never existed).
      versions.splice(versions.indexOf(v), 1);
      const made = created.findIndex((x) => x.entity === v.entity && x.id === v.id);
      if (made >= 0) created.splice(made, 1);
    } else v.to = before;
  };
  /** A new version from the day with some attributes changed. */
  const change = (v: PlannedVersion, patch: Partial<OrgVersion>): PlannedVersion => {
    if (v.from === day) {
      Object.assign(v, patch);
      return v;
    }
    const next: PlannedVersion = { ...v, ...patch, from: day, to: v.to, rowId: undefined };
    v.to = before;
    versions.push(next);
    return next;
  };
  const create = (entity: OrgEntity, attrs: Omit<OrgVersion, "entity" | "id" | "from" | "to">): PlannedVersion => {
    const v: PlannedVersion = { entity, id: nextId--, from: day, to: null, ...attrs };
    versions.push(v);
    created.push({ entity, id: v.id, code: v.code });
    newCodes[entity].add(v.code);
    return v;
  };
  const codeFree = (entity: OrgEntity, code: string) => !takenCodes[entity].has(code) && !newCodes[entity].has(code);

  const ancestors = (unitId: number): number[] => {
    const out: number[] = [];
    for (let u = current("unit", unitId); u && u.parentId !== null && out.length < 50; u = current("unit", u.parentId)) out.push(u.parentId);
    return out;
  };

  for (const [i, c] of file.changes.entries()) {
    const row = rowOf(i);
    const fail = (message: string) => errors.push({ row, message });
    const find = (entity: OrgEntity, code: string | null | undefined, what = ENTITY_NAME[entity]): PlannedVersion | undefined => {
      if (!code) return undefined;
      const v = byCode(entity, code);
      if (v) return v;
      const ended = consumed.get(`${entity}:${code}`);
      if (ended !== undefined) fail(`${capital(what)} "${code}" đã được sắp xếp ở dòng ${ended}; mỗi ${what} chỉ được sáp nhập, chia tách hay giải thể một lần.`);
      else fail(`Không có ${what} mã "${code}" đang hoạt động vào ngày ${viDay(day)}.`);
      return undefined;
    };
    const consume = (v: PlannedVersion) => consumed.set(`${v.entity}:${v.code}`, row);
    const checkLevel = (level: string, parent: PlannedVersion | undefined): boolean => {
      const r = rank.get(level);
      if (r === undefined) {
        fail(`Cấp "${level}" không có trong danh sách cấp hành chính (${levels.map((l) => l.code).join(", ")}).`);
        return false;
      }
      if (parent) {
        const pr = rank.get(parent.level ?? "");
        if (pr !== undefined && pr >= r) {
          fail(`${label(parent)} (${levelName.get(parent.level ?? "") ?? parent.level}) không thể là đơn vị cấp trên của một đơn vị ${levelName.get(level) ?? level}.`);
          return false;
        }
      }
      return true;
    };
    const followUnit = (from: PlannedVersion, to: PlannedVersion) => {
      // Children, points and agencies of a merged unit follow its successor.
      for (const v of versions.filter((x) => inForce(x, day) && ((x.entity === "unit" && x.parentId === from.id) || (x.entity !== "unit" && x.unitId === from.id)))) {
        if (v.entity === "unit") change(v, { parentId: to.id });
        else change(v, { unitId: to.id });
        lines.push({ row, text: `  ${capital(ENTITY_NAME[v.entity])} ${label(v)} chuyển sang ${label(to)}.` });
      }
    };
    const followAgency = (from: PlannedVersion, to: PlannedVersion) => {
      for (const v of versions.filter((x) => inForce(x, day) && ((x.entity === "agency" && x.parentId === from.id) || (x.entity === "point" && x.agencyId === from.id)))) {
        if (v.entity === "agency") change(v, { parentId: to.id });
        else change(v, { agencyId: to.id });
        lines.push({ row, text: `  ${capital(ENTITY_NAME[v.entity])} ${label(v)} chuyển sang ${label(to)}.` });
      }
    };

    switch (c.kind) {
      case "create_unit": {
        const parent = find("unit", c.parent, "đơn vị cấp trên");
        if (!parent) break;
        if (!codeFree("unit", c.code)) { fail(`Mã đơn vị "${c.code}" đã có; hãy dùng mã khác.`); break; }
        if (!checkLevel(c.level, parent)) break;
        const v = create("unit", { code: c.code, name: c.name, nameEn: c.nameEn ?? null, level: c.level, kind: null, parentId: parent.id, unitId: null, agencyId: null });
        lines.push({ row, text: `Thành lập ${label(v)} thuộc ${parent.name}${c.formerly ? ` (từ ${c.formerly})` : ""}.` });
        break;
      }
      case "merge_units": {
        const from = c.from.map((code) => find("unit", code));
        if (from.some((f) => !f)) break;
        if (new Set(c.from).size !== c.from.length) { fail("Một đơn vị được kê hai lần trong cùng một dòng sáp nhập."); break; }
        let into = byCode("unit", c.into);
        if (into && c.from.includes(c.into)) { fail(`Đơn vị "${c.into}" vừa nhận vừa bị sáp nhập.`); break; }
        if (!into) {
          if (!codeFree("unit", c.into)) { fail(`Mã đơn vị "${c.into}" đã có; hãy dùng mã khác.`); break; }
          if (!c.name) { fail(`Đơn vị mới "${c.into}" cần có tên.`); break; }
          const parent = c.parent ? find("unit", c.parent, "đơn vị cấp trên") : current("unit", from[0]!.parentId ?? 0);
          if (!parent) { if (!c.parent) fail("Cần ghi đơn vị cấp trên của đơn vị mới."); break; }
          const level = c.level ?? from[0]!.level ?? "";
          if (!checkLevel(level, parent)) break;
          into = create("unit", { code: c.into, name: c.name, nameEn: c.nameEn ?? null, level, kind: null, parentId: parent.id, unitId: null, agencyId: null });
          lines.push({ row, text: `Thành lập ${label(into)} thuộc ${parent.name}, trên cơ sở sáp nhập ${from.map((f) => f!.name).join(", ")}${c.formerly ? ` và ${c.formerly}` : ""}.` });
        } else {
          lines.push({ row, text: `Sáp nhập ${from.map((f) => f!.name).join(", ")} vào ${label(into)}.` });
          if (c.name || c.parent) {
            const parent = c.parent ? find("unit", c.parent, "đơn vị cấp trên") : undefined;
            into = change(into, { ...(c.name ? { name: c.name, nameEn: c.nameEn ?? null } : {}), ...(parent ? { parentId: parent.id } : {}) });
          }
        }
        for (const f of from) {
          if (ancestors(into.id).includes(f!.id)) { fail(`Không thể sáp nhập ${label(f!)} vào đơn vị cấp dưới của chính nó.`); continue; }
          followUnit(f!, into);
          end(f!);
          consume(f!);
          edges.push({ entity: "unit", from: f!.id, to: into.id, on: day, kind: "merge" });
          successions.push({ entity: "unit", id: f!.id, successor: into.id, kind: "merge" });
        }
        break;
      }
      case "split_unit": {
        const unit = find("unit", c.unit);
        if (!unit) break;
        const parts: PlannedVersion[] = [];
        for (const p of c.into) {
          const existing = byCode("unit", p.code);
          if (existing) { parts.push(existing); continue; }
          if (!codeFree("unit", p.code)) { fail(`Mã đơn vị "${p.code}" đã có; hãy dùng mã khác.`); continue; }
          if (!p.name) { fail(`Đơn vị mới "${p.code}" cần có tên.`); continue; }
          const parent = p.parent ? find("unit", p.parent, "đơn vị cấp trên") : current("unit", unit.parentId ?? 0);
          if (!parent) continue;
          const level = p.level ?? unit.level ?? "";
          if (!checkLevel(level, parent)) continue;
          parts.push(create("unit", { code: p.code, name: p.name, nameEn: p.nameEn ?? null, level, kind: null, parentId: parent.id, unitId: null, agencyId: null }));
        }
        if (parts.length !== c.into.length) break;
        lines.push({ row, text: `Chia tách ${label(unit)} thành ${parts.map((p) => p.name).join(", ")}.` });
        const points = versions.filter((x) => x.entity === "point" && inForce(x, day) && x.unitId === unit.id);
        const missing = points.filter((p) => !c.points[p.code]);
        if (missing.length) { fail(`Chưa chia điểm phục vụ của ${unit.name}: ${missing.map((p) => p.code).join(", ")} (cột "diem_phuc_vu": mã điểm=mã đơn vị mới).`); break; }
        for (const [pointCode, unitCode] of Object.entries(c.points)) {
          const p = points.find((x) => x.code === pointCode);
          const to = parts.find((x) => x.code === unitCode);
          if (!p) { fail(`Điểm phục vụ "${pointCode}" không thuộc ${unit.name}.`); continue; }
          if (!to) { fail(`Đơn vị "${unitCode}" không phải là một đơn vị sau chia tách.`); continue; }
          change(p, { unitId: to.id });
          lines.push({ row, text: `  Điểm phục vụ ${label(p)} chuyển sang ${to.name}.` });
        }
        if (versions.some((x) => x.entity === "unit" && inForce(x, day) && x.parentId === unit.id)) {
          fail(`${unit.name} còn đơn vị cấp dưới; hãy chuyển chúng (move_unit) trước khi chia tách.`);
          break;
        }
        end(unit);
        consume(unit);
        for (const p of parts) edges.push({ entity: "unit", from: unit.id, to: p.id, on: day, kind: "split" });
        successions.push({ entity: "unit", id: unit.id, successor: null, kind: "split" });
        break;
      }
      case "move_unit": {
        const unit = find("unit", c.unit);
        const parent = find("unit", c.parent, "đơn vị cấp trên");
        if (!unit || !parent) break;
        if (parent.id === unit.id || ancestors(parent.id).includes(unit.id)) { fail(`Không thể chuyển ${label(unit)} vào chính nó hay đơn vị cấp dưới của nó (vòng lặp).`); break; }
        if (!checkLevel(unit.level ?? "", parent)) break;
        change(unit, { parentId: parent.id });
        lines.push({ row, text: `Chuyển ${label(unit)} sang trực thuộc ${parent.name}.` });
        break;
      }
      case "rename_unit":
      case "rename_agency": {
        const entity: OrgEntity = c.kind === "rename_unit" ? "unit" : "agency";
        const v = find(entity, c.kind === "rename_unit" ? c.unit : c.agency);
        if (!v) break;
        if (c.code && c.code !== v.code && !codeFree(entity, c.code)) { fail(`Mã "${c.code}" đã có; hãy dùng mã khác.`); break; }
        if (!c.name && !c.code) { fail("Cần ghi tên mới hoặc mã mới."); break; }
        const next = change(v, { ...(c.name ? { name: c.name, nameEn: c.nameEn ?? null } : {}), ...(c.code ? { code: c.code } : {}) });
        if (c.code) newCodes[entity].add(c.code);
        lines.push({ row, text: `Đổi ${label(v)} thành ${label(next)}.` });
        break;
      }
      case "dissolve_level": {
        if (!rank.has(c.level)) { fail(`Cấp "${c.level}" không có trong danh sách cấp hành chính.`); break; }
        const target = c.parent ? find("unit", c.parent, "đơn vị cấp trên") : undefined;
        if (c.parent && !target) break;
        const dissolved = versions.filter((x) => x.entity === "unit" && inForce(x, day) && x.level === c.level);
        if (dissolved.length === 0) { fail(`Không còn đơn vị ${levelName.get(c.level) ?? c.level} nào vào ngày ${viDay(day)}.`); break; }
        lines.push({ row, text: `Bỏ cấp ${levelName.get(c.level) ?? c.level}: ${dissolved.length} đơn vị kết thúc hoạt động; đơn vị cấp dưới chuyển lên ${target?.name ?? "đơn vị cấp trên của chúng"}.` });
        for (const d of dissolved) {
          const up = target ?? current("unit", d.parentId ?? 0);
          for (const child of versions.filter((x) => x.entity === "unit" && inForce(x, day) && x.parentId === d.id)) {
            if (!up) { fail(`${label(d)} không có đơn vị cấp trên để nhận đơn vị cấp dưới.`); continue; }
            change(child, { parentId: up.id });
            lines.push({ row, text: `  ${child.name} chuyển sang trực thuộc ${up.name}.` });
          }
          end(d);
          consume(d);
          successions.push({ entity: "unit", id: d.id, successor: null, kind: "dissolve" });
        }
        break;
      }
      case "create_agency": {
        if (!codeFree("agency", c.code)) { fail(`Mã cơ quan "${c.code}" đã có; hãy dùng mã khác.`); break; }
        const parent = c.parent ? find("agency", c.parent, "cơ quan cấp trên") : undefined;
        const unit = c.unit ? find("unit", c.unit) : undefined;
        if ((c.parent && !parent) || (c.unit && !unit)) break;
        const v = create("agency", { code: c.code, name: c.name, nameEn: c.nameEn ?? null, level: null, kind: c.agencyKind, parentId: parent?.id ?? null, unitId: unit?.id ?? null, agencyId: null });
        lines.push({ row, text: `Thành lập ${label(v)}.` });
        break;
      }
      case "merge_agencies": {
        const from = c.from.map((code) => find("agency", code));
        if (from.some((f) => !f)) break;
        let into = byCode("agency", c.into);
        if (into && c.from.includes(c.into)) { fail(`Cơ quan "${c.into}" vừa nhận vừa bị hợp nhất.`); break; }
        if (!into) {
          if (!codeFree("agency", c.into)) { fail(`Mã cơ quan "${c.into}" đã có; hãy dùng mã khác.`); break; }
          if (!c.name) { fail(`Cơ quan mới "${c.into}" cần có tên.`); break; }
          const parent = c.parent ? find("agency", c.parent, "cơ quan cấp trên") : current("agency", from[0]!.parentId ?? 0);
          const unit = c.unit ? find("unit", c.unit) : current("unit", from[0]!.unitId ?? 0);
          if ((c.parent && !parent) || (c.unit && !unit)) break;
          into = create("agency", { code: c.into, name: c.name, nameEn: c.nameEn ?? null, level: null, kind: c.agencyKind ?? from[0]!.kind, parentId: parent?.id ?? null, unitId: unit?.id ?? null, agencyId: null });
          lines.push({ row, text: `Thành lập ${label(into)} trên cơ sở hợp nhất ${from.map((f) => f!.name).join(", ")}.` });
        } else {
          lines.push({ row, text: `Hợp nhất ${from.map((f) => f!.name).join(", ")} vào ${label(into)}.` });
          if (c.name) into = change(into, { name: c.name, nameEn: c.nameEn ?? null });
        }
        for (const f of from) {
          followAgency(f!, into);
          end(f!);
          consume(f!);
          edges.push({ entity: "agency", from: f!.id, to: into.id, on: day, kind: "merge" });
          successions.push({ entity: "agency", id: f!.id, successor: into.id, kind: "merge" });
        }
        break;
      }
      case "dissolve_agency": {
        const a = find("agency", c.agency);
        const successor = c.successor ? find("agency", c.successor, "cơ quan kế thừa") : undefined;
        if (!a || (c.successor && !successor)) break;
        if (successor) followAgency(a, successor);
        end(a);
        consume(a);
        if (successor) edges.push({ entity: "agency", from: a.id, to: successor.id, on: day, kind: "successor" });
        successions.push({ entity: "agency", id: a.id, successor: successor?.id ?? null, kind: successor ? "merge" : "dissolve" });
        lines.push({ row, text: `Giải thể ${label(a)}${successor ? `; ${successor.name} kế thừa` : "; không có cơ quan kế thừa"}.` });
        break;
      }
      case "open_point": {
        if (!codeFree("point", c.code)) { fail(`Mã điểm phục vụ "${c.code}" đã có; hãy dùng mã khác.`); break; }
        const unit = find("unit", c.unit);
        const agency = find("agency", c.agency);
        if (!unit || !agency) break;
        const v = create("point", { code: c.code, name: c.name, nameEn: c.nameEn ?? null, level: null, kind: c.pointKind, parentId: null, unitId: unit.id, agencyId: agency.id });
        lines.push({ row, text: `Mở ${label(v)} tại ${unit.name}.` });
        break;
      }
      case "close_point": {
        const p = find("point", c.point);
        const successor = c.successor ? find("point", c.successor, "điểm phục vụ kế thừa") : undefined;
        if (!p || (c.successor && !successor)) break;
        end(p);
        consume(p);
        if (successor) edges.push({ entity: "point", from: p.id, to: successor.id, on: day, kind: "successor" });
        successions.push({ entity: "point", id: p.id, successor: successor?.id ?? null, kind: "close" });
        lines.push({ row, text: `Đóng ${label(p)}${successor ? `; hồ sơ chuyển về ${successor.name}` : "; không có điểm kế thừa"}.` });
        break;
      }
      case "move_point": {
        const p = find("point", c.point);
        const unit = c.unit ? find("unit", c.unit) : undefined;
        const agency = c.agency ? find("agency", c.agency) : undefined;
        if (!p || (c.unit && !unit) || (c.agency && !agency)) break;
        if (!unit && !agency) { fail("Cần ghi đơn vị hoặc cơ quan mới của điểm phục vụ."); break; }
        change(p, { ...(unit ? { unitId: unit.id } : {}), ...(agency ? { agencyId: agency.id } : {}) });
        lines.push({ row, text: `Chuyển ${label(p)}${unit ? ` sang ${unit.name}` : ""}${agency ? ` (cơ quan quản lý: ${agency.name})` : ""}.` });
        break;
      }
    }
  }

  // The tree that results must hold together on the day: no point or agency left on a unit or
  // agency that ended, no unit under a parent that ended.
  if (errors.length === 0) {
    const last = file.changes.length;
    for (const v of versions) {
      if (!inForce(v, day)) continue;
      const unitGone = v.entity !== "unit" && v.unitId !== null && !current("unit", v.unitId);
      const parentGone = v.entity !== "point" && v.parentId !== null && !current(v.entity, v.parentId);
      const agencyGone = v.entity === "point" && v.agencyId !== null && !current("agency", v.agencyId);
      if (unitGone) errors.push({ row: rowOf(last - 1), message: `${capital(ENTITY_NAME[v.entity])} ${label(v)} còn thuộc một đơn vị đã kết thúc; hãy chuyển, đóng hoặc giải thể nó trong tệp.` });
      else if (agencyGone) errors.push({ row: rowOf(last - 1), message: `Điểm phục vụ ${label(v)} còn thuộc một cơ quan đã kết thúc; hãy chuyển hoặc đóng nó trong tệp.` });
      else if (parentGone) errors.push({ row: rowOf(last - 1), message: `${capital(ENTITY_NAME[v.entity])} ${label(v)} còn trực thuộc một ${ENTITY_NAME[v.entity]} đã kết thúc.` });
    }
  }
  return { errors, versions, edges, created, successions, lines };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

