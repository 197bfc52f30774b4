import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { StaffFrame } from "../components/StaffFrame";
import { ActiveBadge, ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure, useHydrated } from "../components/forms";
import { formatDate } from "../i18n/format";
import { dayAfter } from "../domain/days";
import { formFields, PARENT_LEVELS, rowCode, UNIT_LEVEL_LABEL, UNIT_LEVELS, unitCreate, unitEdit, type UnitLevel } from "../schemas/admin";
import { db } from "../platform/db.server";
import { orgRowAction, rowNotices, createUnit, listUnitsAdmin, setUnitActive, updateUnit } from "../services/org/org-admin.server";
import { clientIp, requirePermission } from "../platform/session.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Đơn vị hành chính — Quản trị");

const PATH = "/quan-tri/don-vi";
const FLASH = rowNotices("đơn vị", "dữ liệu cũ vẫn được giữ");

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:org", "admin", FLASH);
  const [units] = await Promise.all([listUnitsAdmin(conn)]);
  const edit = url.searchParams.get("edit")?.toUpperCase() ?? null;
  return json({ ...chrome, units, editing: edit ? units.find((u) => u.code === edit) ?? null : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:org");
  const fields = formFields(await request.formData());
  return orgRowAction(PATH, db(), fields, { userId: user.id, ip: clientIp(request) }, {
    create: [unitCreate, createUnit],
    update: [unitEdit, updateUnit],
    setActive: setUnitActive,
    rowCode,
  });
}

type Unit = ReturnType<typeof useLoaderData<typeof loader>>["units"][number];

function parentOptions(units: Unit[], level: UnitLevel | "", exclude?: string) {
  const want = level ? PARENT_LEVELS[level] : null;
  return units
    .filter((u) => u.active && u.inForce && u.level !== "commune" && u.code !== exclude && (!want || want.includes(u.level)))
    .map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.code} — ${u.name}` }));
}

function CreateUnitForm({ units }: { units: Unit[] }) {
  const failure = useFailure("create");
  const hydrated = useHydrated();
  const [level, setLevel] = useState<UnitLevel | "">(((failure?.values.level as string) || "") as UnitLevel | "");
  const isProvince = hydrated && level === "province";
  return (
    <Form method="post" className="card admin-form" id="bieu-mau" noValidate>
      <h2>Thêm đơn vị</h2>
      <TextField form="unit-new" name="code" label="Mã đơn vị" required failure={failure} hint="Chữ không dấu, số, gạch ngang; ví dụ BMT-TANLOI. Không đổi được sau khi tạo." maxLength={40} upper spellCheck={false} />
      <TextField form="unit-new" name="name" label="Tên đơn vị" required failure={failure} maxLength={200} />
      <TextField form="unit-new" name="nameEn" label="Tên tiếng Anh" failure={failure} maxLength={200} />
      <SelectField
        form="unit-new" name="level" label="Cấp hành chính" required failure={failure} empty="— Chọn cấp —"
        options={UNIT_LEVELS.map((l) => ({ value: l, label: UNIT_LEVEL_LABEL[l] }))}
        onChange={(v) => setLevel(v as UnitLevel | "")}
      />
      {isProvince ? (
        <p className="hint">Đơn vị cấp tỉnh không có đơn vị cấp trên.</p>
      ) : (
        <SelectField
          key={level}
          form="unit-new" name="parent" label="Đơn vị cấp trên" failure={failure} empty="— Không có (cấp tỉnh) —"
          hint={hydrated && level ? `Chọn một đơn vị ${PARENT_LEVELS[level].map((l) => UNIT_LEVEL_LABEL[l].toLowerCase()).join(" hoặc ")}.` : "Cấp huyện thuộc tỉnh; cấp xã thuộc tỉnh (từ 01/07/2025) hoặc cấp huyện (trước đó)."}
          options={parentOptions(units, hydrated ? level : "")}
        />
      )}
      <SubmitButton intent="create" label="Thêm đơn vị" />
    </Form>
  );
}

function EditUnitForm({ unit, units }: { unit: Unit; units: Unit[] }) {
  const failure = useFailure("update", unit.code);
  return (
    <Form method="post" className="card admin-form editing" id="bieu-mau" noValidate>
      <h2>Sửa đơn vị {unit.code}</h2>
      <p className="muted">Cấp: {UNIT_LEVEL_LABEL[unit.level]}. Mã và cấp không đổi được. Sửa tên ở đây là đính chính; đổi đơn vị cấp trên được ghi thành một lần sắp xếp có hiệu lực từ hôm nay, số liệu trước đó giữ nguyên. Sáp nhập, chia tách, đổi tên theo nghị quyết: dùng trang <Link to="/quan-tri/sap-xep">Sắp xếp tổ chức</Link>.</p>
      <input type="hidden" name="code" value={unit.code} />
      <TextField form="unit-edit" name="name" label="Tên đơn vị" required failure={failure} defaultValue={unit.name} maxLength={200} />
      <TextField form="unit-edit" name="nameEn" label="Tên tiếng Anh" failure={failure} defaultValue={unit.nameEn} maxLength={200} />
      {unit.level === "province" ? (
        <input type="hidden" name="parent" value="" />
      ) : (
        <SelectField form="unit-edit" name="parent" label="Đơn vị cấp trên" required failure={failure} defaultValue={unit.parent} options={parentOptions(units, unit.level, unit.code)} />
      )}
      <div className="form-actions">
        <SubmitButton intent="update" label="Lưu thay đổi" />
        <Link to={PATH} className="btn secondary">Hủy</Link>
      </div>
    </Form>
  );
}

export default function UnitsAdmin() {
  const { demo, nav, units, editing, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const byCode = new Map(units.map((u) => [u.code, u]));
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Đơn vị hành chính" flash={flash}
      intro={<p>Cây đơn vị theo thời gian: đến 30/06/2025 tỉnh → cấp huyện → cấp xã; từ 01/07/2025 tỉnh → cấp xã. Đơn vị không bao giờ bị xóa: đơn vị đã sáp nhập, chia tách hay giải thể giữ nguyên số liệu của thời kỳ đó. Sáp nhập, chia tách, bỏ cấp theo nghị quyết: <Link to="/quan-tri/sap-xep">Sắp xếp tổ chức</Link>.</p>}
    >
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="units-list" className="admin-main">
          <h2 id="units-list" className="sr-only">Danh sách đơn vị</h2>
          <p className="muted admin-count">{units.filter((u) => u.active && u.inForce).length} đơn vị đang hoạt động / {units.length} đơn vị (kể cả đơn vị đã sắp xếp).</p>
          <table className="data admin-table">
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tên</th>
                <th scope="col">Cấp</th>
                <th scope="col">Cấp trên</th>
                <th scope="col">Trạng thái</th>
                <th scope="col"><span className="sr-only">Thao tác</span></th>
              </tr>
            </thead>
            <tbody>
              {units.map((u) => (
                <tr key={u.code} className={`${u.active ? "" : "row-inactive"} ${editing?.code === u.code ? "row-editing" : ""}`} data-code={u.code}>
                  <td data-label="Mã"><code>{u.code}</code></td>
                  <td data-label="Tên">
                    <span className="tree-name" style={{ paddingLeft: `${u.depth * 1.25}rem` }}>
                      {u.depth > 0 ? <span className="tree-mark" aria-hidden="true">└</span> : null}
                      <span>
                        {u.name}
                        {u.nameEn ? <span className="sub" lang="en">{u.nameEn}</span> : null}
                      </span>
                    </span>
                  </td>
                  <td data-label="Cấp" className="nowrap">{UNIT_LEVEL_LABEL[u.level] ?? u.level}</td>
                  <td data-label="Cấp trên" className="nowrap">{u.parent ? <abbr title={byCode.get(u.parent)?.name}>{u.parent}</abbr> : "—"}</td>
                  <td data-label="Trạng thái" className="nowrap">
                    {u.inForce ? <ActiveBadge active={u.active} /> : <span className="badge muted">{u.validTo ? `Hết hiệu lực từ ${formatDate(dayAfter(u.validTo))}` : `Hiệu lực từ ${formatDate(u.validFrom)}`}</span>}
                  </td>
                  {!u.inForce ? <td className="actions" /> : <td className="actions">
                    <Link to={`${PATH}?edit=${encodeURIComponent(u.code)}#bieu-mau`} className="btn small secondary" aria-label={`Sửa đơn vị ${u.code}`}>Sửa</Link>
                    {u.active ? (
                      <RowAction intent="deactivate" fields={{ code: u.code }} label="Ngừng" ariaLabel={`Ngừng hoạt động đơn vị ${u.code}`} confirm={`Ngừng hoạt động đơn vị ${u.code}? Dữ liệu cũ vẫn được giữ.`} />
                    ) : (
                      <RowAction intent="reactivate" fields={{ code: u.code }} label="Kích hoạt lại" ariaLabel={`Kích hoạt lại đơn vị ${u.code}`} />
                    )}
                  </td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside">
          {editing ? <EditUnitForm key={editing.code} unit={editing} units={units} /> : <CreateUnitForm units={units} />}
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
