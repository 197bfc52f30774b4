import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ActiveBadge, ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { AGENCY_KIND_LABEL, AGENCY_KINDS, agencyCreate, agencyEdit, formFields, rowCode } from "../schemas/admin";
import { db } from "../platform/db.server";
import { orgRowAction, rowNotices, createAgency, listAgenciesAdmin, orgOptions, setAgencyActive, updateAgency } from "../services/org/org-admin.server";
import { clientIp, requirePermission } from "../platform/session.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Cơ quan — Quản trị");

const PATH = "/quan-tri/co-quan";
const FLASH = rowNotices("cơ quan", "dữ liệu cũ vẫn được giữ");

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:org", "admin", FLASH);
  const [agencies, options] = await Promise.all([listAgenciesAdmin(conn), orgOptions(conn)]);
  const edit = url.searchParams.get("edit")?.toUpperCase() ?? null;
  return json({ ...chrome, agencies, units: options.units, editing: edit ? agencies.find((a) => a.code === edit) ?? null : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:org");
  const fields = formFields(await request.formData());
  return orgRowAction(PATH, db(), fields, { userId: user.id, ip: clientIp(request) }, {
    create: [agencyCreate, createAgency],
    update: [agencyEdit, updateAgency],
    setActive: setAgencyActive,
    rowCode,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Agency = Data["agencies"][number];
type Unit = Data["units"][number];

const kindLabel = (k: string) => (AGENCY_KIND_LABEL as Record<string, string>)[k] ?? k;

/** Agencies that may be the parent: active, and (when editing) neither the agency itself nor one below it. */
function parentOptions(agencies: Agency[], self?: Agency) {
  const below = new Set<string>();
  if (self) {
    below.add(self.code);
    let grew = true;
    while (grew) {
      grew = false;
      for (const a of agencies) {
        if (a.parent && below.has(a.parent) && !below.has(a.code)) {
          below.add(a.code);
          grew = true;
        }
      }
    }
  }
  return agencies.filter((a) => a.active && !below.has(a.code)).map((a) => ({ value: a.code, label: `${"\u00a0\u00a0".repeat(a.depth)}${a.code} — ${a.name}` }));
}

const unitOptions = (units: Unit[]) => units.map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.code} — ${u.name}` }));
const kindOptions = AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABEL[k] }));

function AgencyForm({ agencies, units, editing }: { agencies: Agency[]; units: Unit[]; editing: Agency | null }) {
  const failure = useFailure(editing ? "update" : "create", editing ? editing.code : null);
  const f = editing ? "agency-edit" : "agency-new";
  return (
    <Form method="post" className={`card admin-form ${editing ? "editing" : ""}`} id="bieu-mau" noValidate>
      <h2>{editing ? `Sửa cơ quan ${editing.code}` : "Thêm cơ quan"}</h2>
      {editing ? (
        <input type="hidden" name="code" value={editing.code} />
      ) : (
        <TextField form={f} name="code" label="Mã cơ quan" required failure={failure} hint="Ví dụ: UBND-BMT, STP. Không đổi được sau khi tạo." maxLength={40} upper spellCheck={false} />
      )}
      <TextField form={f} name="name" label="Tên cơ quan" required failure={failure} defaultValue={editing?.name} maxLength={200} />
      <TextField form={f} name="nameEn" label="Tên tiếng Anh" failure={failure} defaultValue={editing?.nameEn} maxLength={200} />
      <SelectField form={f} name="kind" label="Loại cơ quan" required failure={failure} defaultValue={editing?.kind} empty="— Chọn loại —" options={kindOptions} />
      <SelectField
        form={f} name="parent" label="Cơ quan cấp trên" failure={failure} defaultValue={editing?.parent} empty="— Không có (cấp cao nhất) —"
        hint="Phản ánh quá hạn được chuyển lên cơ quan này."
        options={parentOptions(agencies, editing ?? undefined)}
      />
      <SelectField form={f} name="unit" label="Đơn vị hành chính phục vụ" required failure={failure} defaultValue={editing?.unit} empty="— Chọn đơn vị —" options={unitOptions(units)} />
      <div className="form-actions">
        <SubmitButton intent={editing ? "update" : "create"} label={editing ? "Lưu thay đổi" : "Thêm cơ quan"} />
        {editing ? <Link to={PATH} className="btn secondary">Hủy</Link> : null}
      </div>
    </Form>
  );
}

export default function AgenciesAdmin() {
  const { demo, nav, agencies, units, editing, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Cơ quan" flash={flash}
      intro={<p>Cơ quan, cơ quan cấp trên (dùng khi chuyển phản ánh lên cấp trên) và đơn vị hành chính mà cơ quan phục vụ. Cơ quan không bị xóa, chỉ ngừng hoạt động.</p>}
    >
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="agencies-list" className="admin-main">
          <h2 id="agencies-list" className="sr-only">Danh sách cơ quan</h2>
          <p className="muted admin-count">{agencies.filter((a) => a.active).length} cơ quan đang hoạt động / {agencies.length} cơ quan.</p>
          <table className="data admin-table">
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tên</th>
                <th scope="col">Cấp trên</th>
                <th scope="col">Đơn vị</th>
                <th scope="col">Trạng thái</th>
                <th scope="col"><span className="sr-only">Thao tác</span></th>
              </tr>
            </thead>
            <tbody>
              {agencies.map((a) => (
                <tr key={a.code} className={`${a.active ? "" : "row-inactive"} ${editing?.code === a.code ? "row-editing" : ""}`} data-code={a.code}>
                  <td data-label="Mã"><code>{a.code}</code></td>
                  <td data-label="Tên">
                    <span className="tree-name" style={{ paddingLeft: `${a.depth * 1.25}rem` }}>
                      {a.depth > 0 ? <span className="tree-mark" aria-hidden="true">└</span> : null}
                      <span>
                        {a.name}
                        <span className="sub">{kindLabel(a.kind)}</span>
                      </span>
                    </span>
                  </td>
                  <td data-label="Cấp trên" className="nowrap">{a.parent ? <abbr title={byCode.get(a.parent)?.name}>{a.parent}</abbr> : "—"}</td>
                  <td data-label="Đơn vị" className="nowrap">{a.unit ? <abbr title={a.unitName ?? undefined}>{a.unit}</abbr> : "—"}</td>
                  <td data-label="Trạng thái" className="nowrap"><ActiveBadge active={a.active} /></td>
                  <td className="actions">
                    <Link to={`${PATH}?edit=${encodeURIComponent(a.code)}#bieu-mau`} className="btn small secondary" aria-label={`Sửa cơ quan ${a.code}`}>Sửa</Link>
                    {a.active ? (
                      <RowAction intent="deactivate" fields={{ code: a.code }} label="Ngừng" ariaLabel={`Ngừng hoạt động cơ quan ${a.code}`} confirm={`Ngừng hoạt động cơ quan ${a.code}? Dữ liệu cũ vẫn được giữ.`} />
                    ) : (
                      <RowAction intent="reactivate" fields={{ code: a.code }} label="Kích hoạt lại" ariaLabel={`Kích hoạt lại cơ quan ${a.code}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside">
          <AgencyForm key={editing?.code ?? "new"} agencies={agencies} units={units} editing={editing} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
