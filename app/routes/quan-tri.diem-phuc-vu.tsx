import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ActiveBadge, ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { formFields, POINT_KIND_LABEL, POINT_KINDS, pointCreate, pointEdit, rowCode } from "../schemas/admin";
import { db } from "../platform/db.server";
import { orgRowAction, rowNotices, createPoint, listPointsAdmin, orgOptions, setPointActive, updatePoint } from "../services/org/org-admin.server";
import { clientIp, requirePermission } from "../platform/session.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Điểm phục vụ — Quản trị");

const PATH = "/quan-tri/diem-phuc-vu";
const FLASH = rowNotices("điểm phục vụ", "các phiếu đã nhận vẫn được giữ");

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:org", "admin", FLASH);
  const [points, options] = await Promise.all([listPointsAdmin(conn), orgOptions(conn)]);
  const edit = url.searchParams.get("edit")?.toUpperCase() ?? null;
  return json({
    ...chrome, points, units: options.units, agencies: options.agencies,
    editing: edit ? points.find((p) => p.code === edit) ?? null : null,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:org");
  const fields = formFields(await request.formData());
  return orgRowAction(PATH, db(), fields, { userId: user.id, ip: clientIp(request) }, {
    create: [pointCreate, createPoint],
    update: [pointEdit, updatePoint],
    setActive: setPointActive,
    rowCode,
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Point = Data["points"][number];

const kindLabel = (k: string) => (POINT_KIND_LABEL as Record<string, string>)[k] ?? k;
const kindOptions = POINT_KINDS.map((k) => ({ value: k, label: POINT_KIND_LABEL[k] }));

function PointForm({ units, agencies, editing }: { units: Data["units"]; agencies: Data["agencies"]; editing: Point | null }) {
  const failure = useFailure(editing ? "update" : "create", editing ? editing.code : null);
  const f = editing ? "point-edit" : "point-new";
  return (
    <Form method="post" className={`card admin-form ${editing ? "editing" : ""}`} id="bieu-mau" noValidate>
      <h2>{editing ? `Sửa điểm ${editing.code}` : "Thêm điểm phục vụ"}</h2>
      {editing ? (
        <input type="hidden" name="code" value={editing.code} />
      ) : (
        <TextField form={f} name="code" label="Mã điểm phục vụ" required failure={failure} hint="Dùng trong địa chỉ kiosk /kiosk/<mã>; ví dụ MC-BMT-TANLOI. Không đổi được sau khi tạo." maxLength={40} upper spellCheck={false} />
      )}
      <TextField form={f} name="name" label="Tên điểm phục vụ" required failure={failure} defaultValue={editing?.name} maxLength={200} />
      <TextField form={f} name="nameEn" label="Tên tiếng Anh" failure={failure} defaultValue={editing?.nameEn} maxLength={200} />
      <SelectField form={f} name="kind" label="Loại điểm" required failure={failure} defaultValue={editing?.kind} empty="— Chọn loại —" options={kindOptions} />
      <SelectField
        form={f} name="unit" label="Đơn vị hành chính" required failure={failure} defaultValue={editing?.unit} empty="— Chọn đơn vị —"
        options={units.map((u) => ({ value: u.code, label: `${"\u00a0\u00a0".repeat(u.depth)}${u.code} — ${u.name}` }))}
      />
      <SelectField
        form={f} name="agency" label="Cơ quan quản lý" required failure={failure} defaultValue={editing?.agency} empty="— Chọn cơ quan —"
        options={agencies.map((a) => ({ value: a.code, label: `${"\u00a0\u00a0".repeat(a.depth)}${a.code} — ${a.name}` }))}
      />
      <div className="form-actions">
        <SubmitButton intent={editing ? "update" : "create"} label={editing ? "Lưu thay đổi" : "Thêm điểm phục vụ"} />
        {editing ? <Link to={PATH} className="btn secondary">Hủy</Link> : null}
      </div>
    </Form>
  );
}

export default function PointsAdmin() {
  const { demo, nav, points, units, agencies, editing, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Điểm phục vụ" flash={flash}
      intro={<p>Nơi người dân nộp hồ sơ và đánh giá: Trung tâm Phục vụ hành chính công, Bộ phận Một cửa cấp huyện và cấp xã. Mỗi điểm có một kiosk đánh giá tại <code>/kiosk/&lt;mã&gt;</code>.</p>}
    >
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="points-list" className="admin-main">
          <h2 id="points-list" className="sr-only">Danh sách điểm phục vụ</h2>
          <p className="muted admin-count">{points.filter((p) => p.active).length} điểm đang hoạt động / {points.length} điểm.</p>
          <table className="data admin-table">
            <thead>
              <tr>
                <th scope="col">Mã</th>
                <th scope="col">Tên</th>
                <th scope="col">Loại</th>
                <th scope="col">Đơn vị, cơ quan</th>
                <th scope="col">Trạng thái</th>
                <th scope="col"><span className="sr-only">Thao tác</span></th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.code} className={`${p.active ? "" : "row-inactive"} ${editing?.code === p.code ? "row-editing" : ""}`} data-code={p.code}>
                  <td data-label="Mã"><code>{p.code}</code></td>
                  <td data-label="Tên">
                    {p.name}
                    {p.active ? (
                      <a className="sub kiosk-link" href={`/kiosk/${encodeURIComponent(p.code)}`} target="_blank" rel="noreferrer" title={`/kiosk/${p.code}`}>
                        Mở kiosk <span aria-hidden="true">↗</span>
                        <span className="sr-only"> {`/kiosk/${p.code}`} (mở trong thẻ mới)</span>
                      </a>
                    ) : null}
                  </td>
                  <td data-label="Loại">{kindLabel(p.kind)}</td>
                  <td data-label="Đơn vị, cơ quan">
                    <span className="nowrap"><abbr title={p.unitName}>{p.unit}</abbr></span>
                    <span className="sub nowrap"><abbr title={p.agencyName}>{p.agency}</abbr></span>
                  </td>
                  <td data-label="Trạng thái" className="nowrap"><ActiveBadge active={p.active} /></td>
                  <td className="actions">
                    <Link to={`${PATH}?edit=${encodeURIComponent(p.code)}#bieu-mau`} className="btn small secondary" aria-label={`Sửa điểm phục vụ ${p.code}`}>Sửa</Link>
                    {p.active ? (
                      <RowAction intent="deactivate" fields={{ code: p.code }} label="Ngừng" ariaLabel={`Ngừng hoạt động điểm ${p.code}`} confirm={`Ngừng hoạt động điểm ${p.code}? Kiosk của điểm sẽ không nhận phiếu mới; phiếu cũ vẫn được giữ.`} />
                    ) : (
                      <RowAction intent="reactivate" fields={{ code: p.code }} label="Kích hoạt lại" ariaLabel={`Kích hoạt lại điểm ${p.code}`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside">
          <PointForm key={editing?.code ?? "new"} units={units} agencies={agencies} editing={editing} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
