import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DueBadge, StatusBadge } from "../components/feedback-staff/DueBadge";
import { StaffFrame } from "../components/StaffFrame";
import { formatDate, formatNumber } from "../i18n/format";
import { CHANNEL_LABEL, STATUS_SHORT } from "../domain/feedback-labels";
import { KIND_LABEL } from "../services/feedback/feedback.server";
import { labelOptions } from "../services/feedback/label-options.server";
import { feedbackOptions, listInbox, parseInboxFilter } from "../services/feedback/inbox.server";
import { scopeDescription } from "../services/feedback/staff-scope.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Hộp thư phản ánh, kiến nghị");

/** GET /hop-thu?status=&overdue=1&kind=&unit=&channel=&page= */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, url, conn, frame: chrome } = await staffPage(request, "read:feedback", "feedback");
  const { filter, errors } = parseInboxFilter(url);
  const [inbox, options, scopeText] = await Promise.all([listInbox(conn, user, filter), feedbackOptions(conn, user), scopeDescription(conn, user)]);
  return json({
    ...chrome,
    scopeText,
    inbox,
    errors,
    units: options.units,
    labels: { kind: KIND_LABEL as Record<string, string>, status: STATUS_SHORT, channel: CHANNEL_LABEL as Record<string, string> },
    ...labelOptions(),
    form: {
      status: url.searchParams.get("status") ?? "",
      overdue: filter.overdue,
      kind: url.searchParams.get("kind") ?? "",
      unit: url.searchParams.get("unit") ?? "",
      channel: url.searchParams.get("channel") ?? "",
    },
  });
}

function pageHref(form: Record<string, string | boolean>, page: number) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) p.set(k, v === true ? "1" : String(v));
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `/hop-thu?${s}` : "/hop-thu";
}

export default function Inbox() {
  const { demo, nav, scopeText, inbox, errors, units, labels, kinds, statuses, channels, form } = useLoaderData<typeof loader>();
  const filtered = !!(form.status || form.overdue || form.kind || form.unit || form.channel);
  const overdueHere = inbox.items.filter((i) => i.due.overdue).length;
  return (
    <StaffFrame section="feedback"
      demo={demo} nav={nav} current="/hop-thu" title="Hộp thư phản ánh, kiến nghị"
      intro={<p>Phản ánh, kiến nghị trong phạm vi của bạn: <strong>{scopeText}</strong>. Mục quá hạn ở trên cùng, sau đó theo hạn xử lý gần nhất. Hạn tính theo ngày làm việc (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ).</p>}
    >
      <Form method="get" className="card fb-filter" aria-label="Lọc phản ánh">
        <div className="field">
          <label htmlFor="f-status">Trạng thái</label>
          <select id="f-status" name="status" defaultValue={form.status} aria-invalid={errors.status ? true : undefined}>
            <option value="">Tất cả</option>
            <option value="open">Chưa trả lời (đang mở)</option>
            {statuses.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
          {errors.status ? <span className="error-text">{errors.status}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="f-kind">Loại</label>
          <select id="f-kind" name="kind" defaultValue={form.kind} aria-invalid={errors.kind ? true : undefined}>
            <option value="">Tất cả</option>
            {kinds.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
          {errors.kind ? <span className="error-text">{errors.kind}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="f-unit">Địa bàn</label>
          <select id="f-unit" name="unit" defaultValue={form.unit}>
            <option value="">Tất cả</option>
            {units.map((u) => <option key={u.value} value={u.value}>{u.label}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-channel">Kênh tiếp nhận</label>
          <select id="f-channel" name="channel" defaultValue={form.channel} aria-invalid={errors.channel ? true : undefined}>
            <option value="">Tất cả</option>
            {channels.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
          {errors.channel ? <span className="error-text">{errors.channel}</span> : null}
        </div>
        <div className="field fb-check">
          <label htmlFor="f-overdue">
            <input id="f-overdue" type="checkbox" name="overdue" value="1" defaultChecked={form.overdue} />
            <span>Chỉ mục quá hạn</span>
          </label>
        </div>
        <div className="fb-filter-actions">
          <button className="btn" type="submit">Lọc</button>
          {filtered ? <Link className="btn secondary" to="/hop-thu">Bỏ lọc</Link> : null}
        </div>
      </Form>

      <p className="muted fb-count" role="status">
        {formatNumber(inbox.total)} mục{filtered ? " phù hợp bộ lọc" : ""}
        {overdueHere ? <> · <strong className="fb-red">{formatNumber(overdueHere)} quá hạn trên trang này</strong></> : null}
        {inbox.pages > 1 ? ` · trang ${inbox.page}/${inbox.pages}` : ""}
      </p>

      {inbox.items.length === 0 ? (
        <p className="card fb-empty">{filtered ? "Không có phản ánh nào phù hợp bộ lọc." : "Chưa có phản ánh nào trong phạm vi của bạn."}</p>
      ) : (
        <table className="data admin-table fb-inbox" data-testid="inbox">
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Loại</th>
              <th scope="col">Lĩnh vực</th>
              <th scope="col">Địa bàn</th>
              <th scope="col">Cơ quan xử lý</th>
              <th scope="col">Tiếp nhận</th>
              <th scope="col">Hạn xử lý</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {inbox.items.map((i) => (
              <tr key={i.id} data-code={i.tracking_code} className={i.due.overdue ? "row-overdue" : undefined}>
                <td data-label="Mã" className="nowrap">
                  <Link className="strong-link" to={`/hop-thu/${i.id}`} aria-label={`Mở phản ánh ${i.tracking_code}`}><code>{i.tracking_code}</code></Link>
                  {i.is_demo ? <span className="badge demo fb-demo" title="Dữ liệu mẫu (demo)">Mẫu</span> : null}
                </td>
                <td data-label="Loại">{labels.kind[i.kind] ?? i.kind}</td>
                <td data-label="Lĩnh vực">{i.topic_name ?? i.topic ?? <span className="muted">—</span>}</td>
                <td data-label="Địa bàn">{i.unit_name ?? <span className="muted">—</span>}</td>
                <td data-label="Cơ quan xử lý">{i.agency_name ?? <span className="muted">Chờ điều phối</span>}</td>
                <td data-label="Tiếp nhận" className="nowrap">
                  {formatDate(i.received_at)}
                  <span className="sub">{labels.channel[i.channel] ?? i.channel}</span>
                </td>
                <td data-label="Hạn xử lý"><DueBadge dueDay={i.due_day} due={i.due} /></td>
                <td data-label="Trạng thái"><StatusBadge status={i.status} label={labels.status[i.status] ?? i.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {inbox.pages > 1 ? (
        <nav className="pager" aria-label="Phân trang">
          {inbox.page > 1 ? <Link to={pageHref(form, inbox.page - 1)}>← Trang trước</Link> : <span />}
          <span>Trang {inbox.page}/{inbox.pages}</span>
          {inbox.page < inbox.pages ? <Link to={pageHref(form, inbox.page + 1)}>Trang sau →</Link> : <span />}
        </nav>
      ) : null}
    </StaffFrame>
  );
}
