import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, useAnyFailure } from "../components/forms";
import { formatDateTime, formatNumber } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { OUTBOX_STATUS_LABEL, OUTBOX_STATUSES } from "../domain/feedback-labels";
import { listOutbox, outboxRetry, retryOutbox } from "../services/feedback/outbox-admin.server";
import { flashText } from "../domain/text";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Thư gửi đi — Quản trị");

const PATH = "/quan-tri/thu-gui";
const FLASH: Record<string, string> = {
  sent: "Đã gửi lại thư số {ref} thành công.",
  queued: "Thư số {ref} đã được đưa lại vào hàng đợi nhưng chưa gửi được; hệ thống sẽ tự thử lại.",
};
const CHANNEL: Record<string, string> = { sms: "SMS", email: "Email", log: "Nội bộ" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:routing", "admin");
  const status = url.searchParams.get("status");
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const [outbox] = await Promise.all([listOutbox(conn, { status: status && (OUTBOX_STATUSES as readonly string[]).includes(status) ? status : null, page })]);
  return json({ ...chrome, outbox, status: outbox && status && (OUTBOX_STATUSES as readonly string[]).includes(status) ? status : "", page, flash: flashText(url.search, FLASH) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:routing");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  if (intent !== "retry") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    const { id } = parseForm(outboxRetry, fields);
    const after = await retryOutbox(db(), id, { userId: user.id, ip: clientIp(request) });
    return redirect(`${PATH}?ok=${after.status === "sent" ? "sent" : "queued"}&ref=${id}`);
  }, String(fields.id ?? ""));
}

export default function OutboxAdmin() {
  const { demo, nav, outbox, status, page, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const tab = (s: string) => (s ? `${PATH}?status=${s}` : PATH);
  const all = outbox.counts.pending + outbox.counts.sent + outbox.counts.failed;
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Thư gửi đi (SMS, email)" flash={flash}
      intro={<p>Tin báo gửi người dân (xác nhận đã nhận, đã trả lời) và nhắc hạn gửi cơ quan. Thư lỗi được tự thử lại với khoảng cách tăng dần; sau {outbox.maxAttempts} lần không được, thư chuyển sang “Gửi lỗi” và chờ quản trị viên gửi lại. Số điện thoại, email được che một phần.</p>}
    >
      <ErrorSummary failure={failure} />
      <nav className="fb-tabs" aria-label="Lọc theo trạng thái">
        <Link to={tab("")} aria-current={status === "" ? "page" : undefined}>Tất cả ({formatNumber(all)})</Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link key={s} to={tab(s)} aria-current={status === s ? "page" : undefined} className={s === "failed" && outbox.counts.failed ? "bad" : undefined}>
            {OUTBOX_STATUS_LABEL[s]} ({formatNumber(outbox.counts[s])})
          </Link>
        ))}
      </nav>
      {outbox.items.length === 0 ? <p className="card fb-empty">Không có thư nào.</p> : (
        <table className="data admin-table fb-outbox" data-testid="outbox">
          <thead>
            <tr>
              <th scope="col">Số</th>
              <th scope="col">Kênh</th>
              <th scope="col">Người nhận</th>
              <th scope="col">Nội dung</th>
              <th scope="col">Trạng thái</th>
              <th scope="col" className="num">Số lần gửi</th>
              <th scope="col">Lỗi gần nhất</th>
              <th scope="col"><span className="sr-only">Thao tác</span></th>
            </tr>
          </thead>
          <tbody>
            {outbox.items.map((m) => (
              <tr key={m.id} data-id={m.id} data-status={m.status}>
                <td data-label="Số">{m.id}</td>
                <td data-label="Kênh">{CHANNEL[m.channel] ?? m.channel}</td>
                <td data-label="Người nhận" className="nowrap"><code>{m.recipient}</code></td>
                <td data-label="Nội dung">
                  {m.subject ? <strong className="fb-subject">{m.subject}</strong> : null}
                  <span className="sub">{m.body}</span>
                  <span className="sub">Tạo lúc {formatDateTime(m.createdAt)}</span>
                </td>
                <td data-label="Trạng thái" className="nowrap">
                  <span className={`fb-status ${m.status === "failed" ? "overdue-tone" : m.status === "sent" ? "published" : "open"}`}>{OUTBOX_STATUS_LABEL[m.status]}</span>
                  <span className="sub">{m.status === "sent" ? formatDateTime(m.sentAt) : m.status === "pending" ? `Lần gửi tới: ${formatDateTime(m.nextAttemptAt)}` : ""}</span>
                </td>
                <td data-label="Số lần gửi" className="num">{m.attempts}</td>
                <td data-label="Lỗi gần nhất" className="fb-error-cell">{m.lastError ?? <span className="muted">—</span>}</td>
                <td className="actions">
                  {m.status === "failed" ? <RowAction intent="retry" fields={{ id: m.id }} label="Gửi lại" ariaLabel={`Gửi lại thư số ${m.id}`} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {outbox.pages > 1 ? (
        <nav className="pager" aria-label="Phân trang">
          {page > 1 ? <Link to={`${PATH}?${status ? `status=${status}&` : ""}page=${page - 1}`}>← Trang trước</Link> : <span />}
          <span>Trang {page}/{outbox.pages}</span>
          {page < outbox.pages ? <Link to={`${PATH}?${status ? `status=${status}&` : ""}page=${page + 1}`}>Trang sau →</Link> : <span />}
        </nav>
      ) : null}
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
