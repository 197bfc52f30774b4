import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { AuditDiff } from "../components/admin/AuditDiff";
import { formatDateTime, formatNumber } from "../i18n/format";
import { auditFilter, zodFields, type AuditFilter } from "../schemas/admin";
import { auditFacets, listAudit } from "../services/admin/users-admin.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Nhật ký thay đổi — Quản trị");

// Read-only by design: this route has no action (a POST answers 405), and no code path anywhere
// updates or deletes audit rows.

const PATH = "/quan-tri/nhat-ky";

const ENTITY_LABEL: Record<string, string> = {
  admin_unit: "Đơn vị hành chính",
  agency: "Cơ quan",
  service_point: "Điểm phục vụ",
  user: "Người dùng",
  role_grant: "Quyền (vai trò)",
  api_token: "Token API",
  import_batch: "Lô phiếu giấy",
  response: "Phiếu trả lời",
};

const ACTION_LABEL: Record<string, string> = {
  "unit.create": "Thêm đơn vị",
  "unit.update": "Sửa đơn vị",
  "unit.deactivate": "Ngừng hoạt động đơn vị",
  "unit.reactivate": "Kích hoạt lại đơn vị",
  "agency.create": "Thêm cơ quan",
  "agency.update": "Sửa cơ quan",
  "agency.deactivate": "Ngừng hoạt động cơ quan",
  "agency.reactivate": "Kích hoạt lại cơ quan",
  "service_point.create": "Thêm điểm phục vụ",
  "service_point.update": "Sửa điểm phục vụ",
  "service_point.deactivate": "Ngừng hoạt động điểm phục vụ",
  "service_point.reactivate": "Kích hoạt lại điểm phục vụ",
  "user.create": "Tạo người dùng",
  "user.update": "Sửa thông tin người dùng",
  "user.disable": "Vô hiệu hóa tài khoản",
  "user.enable": "Kích hoạt lại tài khoản",
  "user.password_reset": "Đặt lại mật khẩu",
  "password.change": "Tự đổi mật khẩu",
  "grant.create": "Cấp quyền",
  "grant.deactivate": "Thu hồi quyền",
  "token.create": "Tạo token API",
  "token.revoke": "Thu hồi token API",
  "import.paper": "Nhập lô phiếu khảo sát giấy",
  "import.withdraw": "Rút lô phiếu khảo sát giấy",
  "response.exclude": "Loại phiếu khỏi chỉ số",
  "response.include": "Tính lại phiếu vào chỉ số",
};

const EMPTY: AuditFilter = { user: null, entity: null, action: null, from: null, to: null, page: 1 };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "read:audit", "admin");
  const raw = Object.fromEntries(url.searchParams);
  const parsed = auditFilter.safeParse(raw);
  const filter = parsed.success ? parsed.data : EMPTY;
  const [facets, log] = await Promise.all([auditFacets(conn), listAudit(conn, filter)]);
  return json({
    ...chrome, facets, log, filter,
    form: { user: raw.user ?? "", entity: raw.entity ?? "", action: raw.action ?? "", from: raw.from ?? "", to: raw.to ?? "" },
    errors: parsed.success ? {} : zodFields(parsed.error),
  });
}

function pageHref(filter: AuditFilter, page: number): string {
  const q = new URLSearchParams();
  if (filter.user !== null) q.set("user", String(filter.user));
  if (filter.entity) q.set("entity", filter.entity);
  if (filter.action) q.set("action", filter.action);
  if (filter.from) q.set("from", filter.from);
  if (filter.to) q.set("to", filter.to);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `${PATH}?${s}` : PATH;
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["log"]["rows"][number];

function EntityRef({ row }: { row: Row }) {
  const label = ENTITY_LABEL[row.entity] ?? row.entity;
  if (!row.entityId) return <>{label}</>;
  if (row.entity === "user") return <>{label} <Link to={`/quan-tri/nguoi-dung/${encodeURIComponent(row.entityId)}`}>#{row.entityId}</Link></>;
  return <>{label} <span className="muted">#{row.entityId}</span></>;
}

export default function AuditLog() {
  const { demo, nav, facets, log, filter, form, errors } = useLoaderData<typeof loader>();
  const filtered = !!(filter.user !== null || filter.entity || filter.action || filter.from || filter.to);
  const first = (log.page - 1) * log.pageSize + 1;
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Nhật ký thay đổi"
      intro={<p>Mọi thay đổi về tổ chức, người dùng, quyền và token, mới nhất ở trên. Nhật ký chỉ để xem: không ai sửa hay xóa được.</p>}
    >
      <Form method="get" className="card audit-filter" aria-label="Lọc nhật ký">
        <div className="field">
          <label htmlFor="f-user">Người thực hiện</label>
          <select id="f-user" name="user" defaultValue={form.user}>
            <option value="">Tất cả</option>
            {facets.users.map((u) => <option key={u.id} value={u.id}>{u.username}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-entity">Đối tượng</label>
          <select id="f-entity" name="entity" defaultValue={form.entity}>
            <option value="">Tất cả</option>
            {facets.entities.map((e) => <option key={e} value={e}>{ENTITY_LABEL[e] ?? e}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-action">Thao tác</label>
          <select id="f-action" name="action" defaultValue={form.action}>
            <option value="">Tất cả</option>
            {facets.actions.map((a) => <option key={a} value={a}>{ACTION_LABEL[a] ?? a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">Từ ngày</label>
          <input id="f-from" name="from" type="date" defaultValue={form.from} aria-invalid={errors.from ? true : undefined} aria-describedby={errors.from ? "f-from-error" : undefined} />
          {errors.from ? <span id="f-from-error" className="error-text">{errors.from}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="f-to">Đến ngày</label>
          <input id="f-to" name="to" type="date" defaultValue={form.to} aria-invalid={errors.to ? true : undefined} aria-describedby={errors.to ? "f-to-error" : undefined} />
          {errors.to ? <span id="f-to-error" className="error-text">{errors.to}</span> : null}
        </div>
        <div className="filter-actions">
          <button type="submit" className="btn">Lọc</button>
          {filtered || Object.keys(errors).length ? <Link to={PATH} className="btn secondary">Bỏ lọc</Link> : null}
        </div>
      </Form>
      {Object.keys(errors).length ? <p className="error-summary" role="alert">Bộ lọc chưa hợp lệ nên chưa được áp dụng: {Object.values(errors).join(" ")}</p> : null}
      <p className="muted admin-count" role="status">
        {log.total ? `${formatNumber(log.total)} mục${filtered ? " khớp bộ lọc" : ""}; đang xem ${formatNumber(first)}–${formatNumber(first + log.rows.length - 1)}.` : filtered ? "Không có mục nào khớp bộ lọc." : "Nhật ký chưa có mục nào."}
      </p>
      {log.rows.length ? (
        <table className="data admin-table audit-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">Thời điểm</th>
              <th scope="col">Người thực hiện</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Thay đổi (trước → sau)</th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((r) => (
              <tr key={r.id} data-action={r.action} data-entity={r.entity} data-entity-id={r.entityId ?? ""}>
                <td data-label="Thời điểm" className="nowrap">
                  <time dateTime={r.at}>{formatDateTime(r.at)}</time>
                  {r.ip ? <span className="sub">IP {r.ip}</span> : null}
                </td>
                <td data-label="Người thực hiện">
                  {r.username ? <>{r.username}<span className="sub">{r.displayName}</span></> : <span className="muted">Hệ thống</span>}
                </td>
                <td data-label="Thao tác">
                  <strong>{ACTION_LABEL[r.action] ?? r.action}</strong>
                  <span className="sub"><EntityRef row={r} /> · <code>{r.action}</code></span>
                </td>
                <td data-label="Thay đổi"><AuditDiff before={r.before} after={r.after} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {log.pages > 1 ? (
        <nav className="pager" aria-label="Phân trang">
          {log.page > 1 ? <Link to={pageHref(filter, log.page - 1)} rel="prev">← Mới hơn</Link> : <span className="muted">← Mới hơn</span>}
          <span>{`Trang ${log.page} / ${log.pages}`}</span>
          {log.page < log.pages ? <Link to={pageHref(filter, log.page + 1)} rel="next">Cũ hơn →</Link> : <span className="muted">Cũ hơn →</span>}
        </nav>
      ) : null}
    </StaffFrame>
  );
}
