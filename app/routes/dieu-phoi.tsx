import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { DueBadge } from "../components/feedback-staff/DueBadge";
import { FormMessage, SelectField, TextArea, useAnyFailure, useBusy, useFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { viDay } from "../domain/days";
import { StaffFrame } from "../components/StaffFrame";
import { formatDate, formatDateTime, formatNumber } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { assignItem, publishItem, KIND_LABEL } from "../services/feedback/feedback.server";
import { CHANNEL_LABEL } from "../domain/feedback-labels";
import { awaitingPublication, coordinatorQueue, overdueByAgency } from "../services/feedback/coordinator.server";
import { assignForm, publishForm } from "../services/feedback/item-page.server";
import { feedbackOptions } from "../services/feedback/inbox.server";
import { itemForStaff, requireOnItem } from "../services/feedback/staff-scope.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Điều phối phản ánh");

const FLASH: Record<string, string> = {
  assigned: "Đã giao phản ánh {ref} cho cơ quan xử lý.",
  published: "Đã công khai phản ánh {ref}.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "assign:feedback", "feedback");
  const [queue, answered, overdue, options] = await Promise.all([coordinatorQueue(conn), awaitingPublication(conn), overdueByAgency(conn), feedbackOptions(conn),
  ]);
  return json({
    ...chrome,
    queue,
    answered,
    overdue,
    agencies: options.agencies.map(({ value, label }) => ({ value, label })),
    labels: { kind: KIND_LABEL as Record<string, string>, channel: CHANNEL_LABEL as Record<string, string> },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "assign:feedback");
  const conn = db();
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  const target = String(fields.id ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  const done = (key: string, code: string) => redirect(`/dieu-phoi?ok=${key}&ref=${encodeURIComponent(code)}`);
  switch (intent) {
    case "assign":
      return runIntent(intent, fields, async () => {
        const input = parseForm(assignForm, fields);
        const item = await itemForStaff(conn, user, input.id);
        await requireOnItem(conn, user, "assign:feedback", item);
        await assignItem(conn, item.id, input.agency, input.reason, input.version, actor);
        return done("assigned", item.tracking_code);
      }, target);
    case "publish":
      return runIntent(intent, fields, async () => {
        const input = parseForm(publishForm, fields);
        const item = await itemForStaff(conn, user, input.id);
        await requireOnItem(conn, user, "publish:feedback", item);
        await publishItem(conn, item.id, input.summary, input.version, actor);
        return done("published", item.tracking_code);
      }, target);
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Submit({ intent, id, label, busy }: { intent: string; id: number; label: string; busy: string }) {
  const isBusy = useBusy(intent);
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      <button className="btn" type="submit" disabled={isBusy}>{isBusy ? busy : label}</button>
    </>
  );
}

function QueueItem({ q, agencies, labels }: { q: Data["queue"][number]; agencies: Data["agencies"]; labels: Data["labels"] }) {
  const failure = useFailure("assign", String(q.id));
  const f = `assign-${q.id}`;
  return (
    <li className="card fb-queue-item" data-code={q.tracking_code}>
      <div className="fb-queue-head">
        <Link className="strong-link" to={`/hop-thu/${q.id}`}><code>{q.tracking_code}</code></Link>
        <span>{labels.kind[q.kind] ?? q.kind}</span>
        <span className="muted">{q.topic_name ?? "Chưa rõ lĩnh vực"} · {q.unit_name ?? "chưa rõ địa bàn"} · {labels.channel[q.channel] ?? q.channel} · {formatDate(q.received_at)}</span>
        <DueBadge dueDay={q.due_day} due={q.due} compact />
      </div>
      <p className="fb-text fb-excerpt">{q.text}</p>
      <Form method="post" className="fb-assign" key={q.version} noValidate aria-label={`Giao phản ánh ${q.tracking_code}`}>
        <FormMessage failure={failure} />
        <input type="hidden" name="version" value={q.version} />
        <SelectField form={f} name="agency" label="Giao cho cơ quan" required failure={failure} empty="— Chọn cơ quan —" options={agencies} />
        <TextArea form={f} name="reason" label="Lý do giao" required failure={failure} rows={2} maxLength={2000} className="fb-reason-field" />
        <div className="form-actions"><Submit intent="assign" id={q.id} label="Giao xử lý" busy="Đang giao…" /></div>
      </Form>
    </li>
  );
}

function PublishItem({ a }: { a: Data["answered"][number] }) {
  const failure = useFailure("publish", String(a.id));
  const f = `publish-${a.id}`;
  return (
    <li className="card fb-queue-item" data-code={a.tracking_code}>
      <div className="fb-queue-head">
        <Link className="strong-link" to={`/hop-thu/${a.id}`}><code>{a.tracking_code}</code></Link>
        <span>{a.agency_name ?? "—"}</span>
        <span className="muted">Trả lời lúc {formatDateTime(a.answered_at)}</span>
      </div>
      <details className="fb-details">
        <summary>Xem nội dung và câu trả lời</summary>
        <p className="fb-text"><strong>Nội dung: </strong>{a.text}</p>
        <p className="fb-text"><strong>Trả lời: </strong>{a.answer_text}</p>
      </details>
      {a.consent_publish ? (
        <Form method="post" className="fb-assign" key={a.version} noValidate aria-label={`Công khai phản ánh ${a.tracking_code}`}>
          <FormMessage failure={failure} />
          <input type="hidden" name="version" value={a.version} />
          <TextArea form={f} name="summary" label="Tóm tắt công khai" required failure={failure} rows={3} maxLength={2000}
            hint="Tóm tắt nội dung và kết quả xử lý; không ghi họ tên, số điện thoại, địa chỉ của người gửi." />
          <div className="form-actions"><Submit intent="publish" id={a.id} label="Công khai" busy="Đang công khai…" /></div>
        </Form>
      ) : (
        <p className="fb-no-consent">Người gửi <strong>không đồng ý</strong> công khai: phản ánh này không được công khai.</p>
      )}
    </li>
  );
}

export default function Coordination() {
  const { demo, nav, queue, answered, overdue, agencies, labels } = useLoaderData<typeof loader>();
  const location = useLocation();
  const consenting = answered.filter((a) => a.consent_publish).length;
  const failure = useAnyFailure();
  // A refusal about an item no longer listed (e.g. assigned meanwhile) is shown at the top, with the typed text.
  const listed = failure && (failure.intent === "assign" ? queue.some((q) => String(q.id) === failure.target) : answered.some((a) => String(a.id) === failure.target && a.consent_publish));
  const typed = failure ? [failure.values.reason, failure.values.summary].flat().find((v) => typeof v === "string" && v.trim()) : undefined;
  return (
    <StaffFrame section="feedback"
      demo={demo} nav={nav} current="/dieu-phoi" title="Điều phối phản ánh" flash={flashText(location.search, FLASH)}
      intro={<p>Phân công phản ánh chưa có cơ quan xử lý (hạn chuyển 5 ngày làm việc), công khai phản ánh đã trả lời khi người gửi đồng ý, và theo dõi phản ánh quá hạn.</p>}
    >
      {failure && !listed ? (
        <div className="card fb-form fb-lost">
          <FormMessage failure={failure} />
          {typed ? (
            <>
              <p><strong>Nội dung bạn đã nhập (chưa được lưu):</strong></p>
              <textarea readOnly rows={3} defaultValue={typed} aria-label="Nội dung chưa được lưu" />
            </>
          ) : null}
        </div>
      ) : null}
      <nav className="fb-jump" aria-label="Trên trang này">
        <a href="#hang-cho">Hàng chờ ({formatNumber(queue.length)})</a>
        <a href="#cho-cong-khai">Chờ công khai ({formatNumber(consenting)}/{formatNumber(answered.length)})</a>
        <a href="#qua-han">Quá hạn theo cơ quan ({formatNumber(overdue.reduce((s, o) => s + o.overdue, 0))})</a>
      </nav>
      <div className="fb-coord">
        <section aria-labelledby="hang-cho" className="fb-coord-main">
          <h2 id="hang-cho">Hàng chờ phân công</h2>
          {queue.length === 0 ? <p className="card fb-empty">Không có phản ánh nào chờ phân công.</p> : (
            <ol className="fb-queue" data-testid="queue">
              {queue.map((q) => <QueueItem key={q.id} q={q} agencies={agencies} labels={labels} />)}
            </ol>
          )}
          <h2 id="cho-cong-khai">Đã trả lời, chờ công khai</h2>
          {answered.length === 0 ? <p className="card fb-empty">Không có phản ánh nào chờ công khai.</p> : (
            <ol className="fb-queue" data-testid="publish">
              {answered.map((a) => <PublishItem key={a.id} a={a} />)}
            </ol>
          )}
        </section>
        <aside className="fb-coord-aside" aria-labelledby="qua-han">
          <section className="card">
            <h2 id="qua-han">Quá hạn theo cơ quan</h2>
            {overdue.length === 0 ? <p className="muted">Không có phản ánh nào quá hạn.</p> : (
              <table className="data fb-small-table" data-testid="overdue">
                <thead><tr><th scope="col">Cơ quan</th><th scope="col" className="num">Quá hạn</th><th scope="col" className="num">Hạn sớm nhất</th></tr></thead>
                <tbody>
                  {overdue.map((o) => (
                    <tr key={o.agency_code ?? "queue"}>
                      <th scope="row">{o.agency_name ?? "Hàng chờ điều phối"}</th>
                      <td className="num fb-red">{formatNumber(o.overdue)}</td>
                      <td className="num">{viDay(o.oldest_due)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p><Link to="/hop-thu?overdue=1">Xem tất cả phản ánh quá hạn →</Link></p>
          </section>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
