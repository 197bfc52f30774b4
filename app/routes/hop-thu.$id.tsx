import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { DueBadge, StatusBadge } from "../components/feedback-staff/DueBadge";
import { ErrorSummary, FormMessage, SelectField, TextArea, useAnyFailure, useBusy, useFailure, type ActionFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { viDay } from "../domain/days";
import { StaffFrame } from "../components/StaffFrame";
import { formatDateTime } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { itemEvidence, setPhotoPublished } from "../services/feedback/feedback-photos.server";
import { InputError } from "../platform/errors";
import { addNote, answerItem, assignItem, publishItem, transferItem } from "../services/feedback/feedback.server";
import { STATUS_SHORT } from "../domain/feedback-labels";
import { answerForm, itemDetail, noteForm, transferForm } from "../services/feedback/item-page.server";
import { feedbackOptions } from "../services/feedback/inbox.server";
import { canNoteOnItem, itemForStaff, requireOnItem } from "../services/feedback/staff-scope.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { z } from "zod";
import { stylesheets } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Phản ánh ${data?.item.trackingCode ?? ""} — Hài Lòng` }];

const FLASH: Record<string, string> = {
  answered: "Đã lưu câu trả lời. Người gửi được báo qua tin nhắn/email (nếu có) và xem được tại trang tra cứu.",
  transferred: "Đã chuyển phản ánh. Cơ quan nhận có hạn xử lý mới.",
  returned: "Đã trả phản ánh về hàng chờ điều phối của Văn phòng UBND tỉnh.",
  noted: "Đã thêm ghi chú nội bộ.",
  assigned: "Đã giao phản ánh cho cơ quan xử lý.",
  published: "Đã công khai phản ánh cùng câu trả lời.",
  "photo-on": "Đã công khai ảnh. Ảnh hiện trên trang công khai khi phản ánh được công khai (không kèm vị trí).",
  "photo-off": "Đã thôi công khai ảnh.",
};

const photoHere = z.object({
  photo: z.coerce.number({ error: "Thiếu ảnh: hãy tải lại trang." }).int().min(1, "Thiếu ảnh: hãy tải lại trang."),
  publish: z.enum(["1", "0"], { error: "Thiếu lựa chọn công khai: hãy tải lại trang." }),
});

const assignHere = z.object({
  version: z.coerce.number().int().min(1, "Thiếu phiên bản của mục: hãy tải lại trang."),
  agency: z.string({ error: "Hãy chọn cơ quan xử lý." }).trim().min(1, "Hãy chọn cơ quan xử lý."),
  reason: z.string({ error: "Hãy nêu lý do giao." }).trim().min(5, "Hãy nêu lý do giao (ít nhất 5 ký tự).").max(2000),
});
const publishHere = z.object({
  version: z.coerce.number().int().min(1, "Thiếu phiên bản của mục: hãy tải lại trang."),
  summary: z.string({ error: "Hãy viết tóm tắt công khai." }).trim().min(10, "Tóm tắt công khai quá ngắn: ít nhất 10 ký tự.").max(2000, "Tóm tắt công khai quá dài: tối đa 2.000 ký tự."),
});

function itemId(params: { id?: string }): number {
  const id = /^\d{1,12}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  if (!Number.isSafeInteger(id)) throw new Response("Không tìm thấy phản ánh.", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "read:feedback", "feedback");
  const detail = await itemDetail(conn, user, itemId(params));
  const evidence = await itemEvidence(conn, user, detail.item.id);
  const [options] = await Promise.all([feedbackOptions(conn)]);
  const current = detail.item.agency?.code ?? null;
  return json({
    ...chrome,
    ...detail,
    evidence,
    statusShort: STATUS_SHORT[detail.item.status] ?? detail.item.status,
    agencies: options.agencies.filter((a) => a.value !== current).map(({ value, label }) => ({ value, label })),
  });
}

/** Core errors name the agency field "agency"; the transfer form calls it "to". */
function renameField(e: unknown, from: string, to: string): never {
  if (e instanceof InputError && e.fields[from] !== undefined) {
    const { [from]: v, ...rest } = e.fields;
    throw new InputError(e.code, e.message, { ...rest, [to]: v }, e.status);
  }
  throw e;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:feedback");
  const conn = db();
  const item = await itemForStaff(conn, user, itemId(params));
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  const done = (key: string) => redirect(`/hop-thu/${item.id}?ok=${key}`);
  switch (intent) {
    case "answer":
      await requireOnItem(conn, user, "answer:feedback", item);
      return runIntent(intent, fields, async () => {
        const input = parseForm(answerForm, fields);
        await answerItem(conn, item.id, input.answer, input.version, actor);
        return done("answered");
      });
    case "transfer":
      await requireOnItem(conn, user, "transfer:feedback", item);
      return runIntent(intent, fields, async () => {
        const input = parseForm(transferForm, fields);
        await transferItem(conn, item.id, input.to, input.reason, input.version, actor).catch((e) => renameField(e, "agency", "to"));
        return done(input.to ? "transferred" : "returned");
      });
    case "note":
      if (!(await canNoteOnItem(conn, user, item))) throw new Response("Bạn chỉ được đọc phản ánh này; ghi chú nội bộ do cơ quan xử lý hoặc điều phối viên thêm.", { status: 403, statusText: "Forbidden" });
      return runIntent(intent, fields, async () => {
        const input = parseForm(noteForm, fields);
        await addNote(conn, item.id, input.note, input.version, actor);
        return done("noted");
      });
    case "assign":
      await requireOnItem(conn, user, "assign:feedback", item);
      return runIntent(intent, fields, async () => {
        const input = parseForm(assignHere, fields);
        await assignItem(conn, item.id, input.agency, input.reason, input.version, actor);
        return done("assigned");
      });
    case "publish":
      await requireOnItem(conn, user, "publish:feedback", item);
      return runIntent(intent, fields, async () => {
        const input = parseForm(publishHere, fields);
        await publishItem(conn, item.id, input.summary, input.version, actor);
        return done("published");
      });
    case "photo":
      // issue 17: a photo goes public only by the coordinator's hand (publish:feedback for this item).
      await requireOnItem(conn, user, "publish:feedback", item);
      return runIntent(intent, fields, async () => {
        const input = parseForm(photoHere, fields);
        await setPhotoPublished(conn, item.id, input.photo, input.publish === "1", actor);
        return done(input.publish === "1" ? "photo-on" : "photo-off");
      });
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Submit({ intent, label, busy = "Đang lưu…", danger }: { intent: string; label: string; busy?: string; danger?: boolean }) {
  const isBusy = useBusy(intent);
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <button className={`btn ${danger ? "secondary" : ""}`} type="submit" disabled={isBusy}>{isBusy ? busy : label}</button>
    </>
  );
}

/** What was typed into a form that is no longer offered (e.g. the item was answered meanwhile). */
function LostText({ failure, name, label }: { failure: ActionFailure | null; name: string; label: string }) {
  const v = failure?.values[name];
  const text = Array.isArray(v) ? v[0] : v;
  if (!failure || !text) return null;
  return (
    <div className="card fb-form fb-lost" role="alert">
      <FormMessage failure={failure} />
      <p><strong>{label} bạn đã nhập (chưa được lưu):</strong></p>
      <textarea readOnly rows={5} defaultValue={text} aria-label={`${label} chưa được lưu`} />
    </div>
  );
}

function ItemForms({ data }: { data: Data }) {
  const { item, may, agencies } = data;
  const answerFail = useFailure("answer");
  const transferFail = useFailure("transfer");
  const noteFail = useFailure("note");
  const assignFail = useFailure("assign");
  const publishFail = useFailure("publish");
  const k = `${item.version}-${data.events.length}`;
  return (
    <div className="fb-forms">
      {may.answer ? (
        <Form method="post" className="card fb-form" id="tra-loi" key={`a-${k}`} noValidate>
          <h2>Trả lời người gửi</h2>
          <FormMessage failure={answerFail} />
          <input type="hidden" name="version" value={item.version} />
          <TextArea form="answer" name="answer" label="Câu trả lời" required failure={answerFail} rows={7} maxLength={10000}
            hint="Người gửi xem được câu trả lời tại trang tra cứu (và nhận tin báo nếu có số điện thoại/email). Không ghi thông tin cá nhân của người khác." />
          <div className="form-actions"><Submit intent="answer" label="Gửi câu trả lời" busy="Đang gửi…" /></div>
        </Form>
      ) : (
        <LostText failure={answerFail} name="answer" label="Câu trả lời" />
      )}
      {may.assign && !item.agency ? (
        <Form method="post" className="card fb-form" id="giao" key={`g-${k}`} noValidate>
          <h2>Giao cơ quan xử lý</h2>
          <FormMessage failure={assignFail} />
          <input type="hidden" name="version" value={item.version} />
          <SelectField form="assign" name="agency" label="Cơ quan xử lý" required failure={assignFail} empty="— Chọn cơ quan —" options={agencies} />
          <TextArea form="assign" name="reason" label="Lý do giao" required failure={assignFail} rows={2} maxLength={2000} />
          <div className="form-actions"><Submit intent="assign" label="Giao xử lý" /></div>
        </Form>
      ) : null}
      {may.transfer ? (
        <Form method="post" className="card fb-form" id="chuyen" key={`t-${k}`} noValidate>
          <h2>{item.agency ? "Chuyển phản ánh" : "Chuyển sang cơ quan khác"}</h2>
          <FormMessage failure={transferFail} />
          <input type="hidden" name="version" value={item.version} />
          <SelectField
            form="transfer" name="to" label="Chuyển đến" failure={transferFail}
            empty={item.agency ? "Trả về Văn phòng UBND tỉnh (điều phối)" : "— Chọn cơ quan —"}
            options={agencies}
            hint={item.agency ? "Khi phản ánh không thuộc thẩm quyền: chuyển cho cơ quan đúng, hoặc trả về để Văn phòng UBND tỉnh phân công." : undefined}
          />
          <TextArea form="transfer" name="reason" label="Lý do chuyển" required failure={transferFail} rows={3} maxLength={2000} hint="Lý do được ghi vào diễn biến mà người gửi xem được." />
          <div className="form-actions"><Submit intent="transfer" label="Chuyển" busy="Đang chuyển…" danger /></div>
        </Form>
      ) : (
        <LostText failure={transferFail} name="reason" label="Lý do chuyển" />
      )}
      {may.publish ? (
        <Form method="post" className="card fb-form" id="cong-khai" key={`p-${k}`} noValidate>
          <h2>Công khai</h2>
          <FormMessage failure={publishFail} />
          {item.consentPublish ? (
            <>
              <input type="hidden" name="version" value={item.version} />
              <TextArea form="publish" name="summary" label="Tóm tắt công khai" required failure={publishFail} rows={4} maxLength={2000}
                hint="Tóm tắt nội dung phản ánh, không ghi họ tên, số điện thoại, địa chỉ của người gửi." />
              <div className="form-actions"><Submit intent="publish" label="Công khai" busy="Đang công khai…" /></div>
            </>
          ) : (
            <p className="fb-no-consent">Người gửi <strong>không đồng ý</strong> công khai phản ánh này: không thể công khai.</p>
          )}
        </Form>
      ) : null}
      {may.note ? <Form method="post" className="card fb-form" id="ghi-chu" key={`n-${k}`} noValidate>
        <h2>Ghi chú nội bộ</h2>
        <FormMessage failure={noteFail} />
        <input type="hidden" name="version" value={item.version} />
        <TextArea form="note" name="note" label="Ghi chú" required failure={noteFail} rows={3} maxLength={5000} hint="Chỉ cán bộ xem được; người gửi không thấy." />
        <div className="form-actions"><Submit intent="note" label="Thêm ghi chú" /></div>
      </Form> : null}
    </div>
  );
}

export default function FeedbackItem() {
  const data = useLoaderData<typeof loader>();
  const { demo, nav, item, due, events, statusShort, evidence } = data;
  const location = useLocation();
  const flash = flashText(location.search, FLASH);
  const failure = useAnyFailure();
  const photoFail = useFailure("photo");
  return (
    <StaffFrame section="feedback"
      demo={demo} nav={nav} current="/hop-thu" flash={flash}
      crumb={<Link to="/hop-thu">← Hộp thư phản ánh</Link>}
      title={<>{item.kindLabel} <code className="fb-code">{item.trackingCode}</code> <StatusBadge status={item.status} label={statusShort} /></>}
    >
      {failure && failure.intent !== "answer" && failure.intent !== "transfer" && failure.intent !== "note" && failure.intent !== "assign" && failure.intent !== "publish" ? <ErrorSummary failure={failure} /> : null}
      {item.isDemo ? <p className="fb-demo-note" role="note">Phản ánh mẫu (demo), chỉ dùng để thử.</p> : null}
      <div className="fb-item-layout">
        <div className="fb-item-main">
          <section className="card" aria-labelledby="thong-tin">
            <h2 id="thong-tin" className="sr-only">Thông tin phản ánh</h2>
            <dl className="fb-facts">
              <div><dt>Loại</dt><dd>{item.kindLabel}{item.isFormal ? " (theo Luật Khiếu nại, Luật Tố cáo)" : ""}</dd></div>
              <div><dt>Lĩnh vực</dt><dd>{item.topic?.name ?? "—"}</dd></div>
              <div><dt>Địa bàn</dt><dd>{item.unit?.name ?? "—"}</dd></div>
              <div><dt>Điểm phục vụ</dt><dd>{item.point?.name ?? "—"}</dd></div>
              <div><dt>Kênh tiếp nhận</dt><dd>{item.channelLabel}</dd></div>
              <div><dt>Tiếp nhận lúc</dt><dd>{formatDateTime(item.receivedAt)}</dd></div>
              <div><dt>Cơ quan xử lý</dt><dd>{item.agency?.name ?? <span className="fb-queue-note">Chờ Văn phòng UBND tỉnh phân công</span>}</dd></div>
              <div><dt>Bước</dt><dd>{item.stepLabel}{item.escalationLevel ? ` · đã báo cáo cấp trên ${item.escalationLevel} lần` : ""}</dd></div>
              <div><dt>Hạn xử lý</dt><dd><DueBadge dueDay={item.dueDay} due={due} /></dd></div>
            </dl>
          </section>
          <section className="card" aria-labelledby="noi-dung">
            <h2 id="noi-dung">Nội dung</h2>
            <p className="fb-text">{item.text}</p>
            {evidence.place ? <p><strong>Địa điểm:</strong> {evidence.place}</p> : null}
          </section>
          {evidence.photos.length ? (
            <section className="card" aria-labelledby="anh" data-testid="item-photos">
              <h2 id="anh">Ảnh người gửi đính kèm ({evidence.photos.length})</h2>
              <p className="muted">Chỉ cơ quan xử lý và cơ quan điều phối xem được; không công khai khi chưa được công bố.{evidence.photos.some((p) => p.locationShared) ? " Người gửi đồng ý giữ vị trí trong ảnh." : " Vị trí lưu trong ảnh đã được xóa."}</p>
              <ul className="fb-photos">
                {evidence.photos.map((p, i) => (
                  <li key={p.id}>
                    <a href={`/hop-thu/${item.id}/anh/${p.id}`} target="_blank" rel="noreferrer">
                      <img src={`/hop-thu/${item.id}/anh/${p.id}`} alt={`Ảnh ${i + 1} người gửi đính kèm`} width={160} height={120} loading="lazy" />
                    </a>
                    <span className={`fb-photo-state${p.published ? " on" : ""}`} data-testid={`photo-state-${i + 1}`}>{p.published ? "Đã công khai" : "Chưa công khai"}</span>
                    {data.may.publishPhotos && (p.published || item.consentPublish) ? (
                      <Form method="post" className="fb-photo-form">
                        <input type="hidden" name="photo" value={p.id} />
                        <input type="hidden" name="publish" value={p.published ? "0" : "1"} />
                        <input type="hidden" name="intent" value="photo" />
                        <button type="submit" className="btn small secondary" aria-label={`${p.published ? "Thôi công khai" : "Công khai"} ảnh ${i + 1}`}>
                          {p.published ? "Thôi công khai" : "Công khai ảnh"}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
              {data.may.publishPhotos ? <FormMessage failure={photoFail} /> : null}
              {data.may.publishPhotos && !item.consentPublish ? <p className="fb-no-consent">Người gửi <strong>không đồng ý</strong> công khai phản ánh này: không công khai được ảnh.</p> : null}
            </section>
          ) : null}
          <section className="card" aria-labelledby="nguoi-gui">
            <h2 id="nguoi-gui">Người gửi</h2>
            {item.contact ? (
              item.hasContact ? (
                <dl className="fb-facts fb-contact" data-testid="contact">
                  <div><dt>Họ tên</dt><dd>{item.contact.name ?? "—"}</dd></div>
                  <div><dt>Điện thoại</dt><dd>{item.contact.phone ? <a href={`tel:${item.contact.phone}`}>{item.contact.phone}</a> : "—"}</dd></div>
                  <div><dt>Email</dt><dd>{item.contact.email ? <a href={`mailto:${item.contact.email}`}>{item.contact.email}</a> : "—"}</dd></div>
                  <div><dt>Công khai</dt><dd>{item.consentPublish ? "Đồng ý công khai (không kèm thông tin cá nhân)" : "Không đồng ý công khai"}</dd></div>
                </dl>
              ) : (
                <p className="muted">Người gửi không để lại thông tin liên hệ (ẩn danh).</p>
              )
            ) : (
              <p className="muted">{item.hasContact ? "Thông tin liên hệ của người gửi chỉ hiển thị cho cán bộ được giao trả lời phản ánh này." : "Người gửi không để lại thông tin liên hệ (ẩn danh)."}</p>
            )}
          </section>
          {item.answerText ? (
            <section className="card fb-answer" aria-labelledby="tra-loi-da-gui">
              <h2 id="tra-loi-da-gui">Câu trả lời ({formatDateTime(item.answeredAt)})</h2>
              <p className="fb-text">{item.answerText}</p>
              {item.publicSummary ? (
                <>
                  <h3>Tóm tắt đã công khai ({formatDateTime(item.publishedAt)})</h3>
                  <p className="fb-text">{item.publicSummary}</p>
                </>
              ) : null}
              {item.rating ? <p className="muted">Người gửi đánh giá: {item.rating}/5.</p> : null}
            </section>
          ) : null}
          <section className="card" aria-labelledby="dien-bien">
            <h2 id="dien-bien">Diễn biến</h2>
            <ol className="fb-timeline" data-testid="timeline">
              {events.map((e) => (
                <li key={e.id} className={e.isPublic ? "" : "internal"} data-kind={e.kind}>
                  <span className="fb-when">{formatDateTime(e.at)}</span>
                  <span className="fb-what">
                    <strong>{e.label}</strong>
                    {!e.isPublic ? <span className="fb-internal">Nội bộ</span> : null}
                    {e.to_agency ? <> → {e.to_agency}</> : e.kind === "transferred" ? <> → Văn phòng UBND tỉnh (điều phối)</> : null}
                    {e.from_agency && e.kind !== "answered" ? <span className="muted"> (từ {e.from_agency})</span> : null}
                    {e.actor ? <span className="muted"> · {e.actor}</span> : null}
                  </span>
                  {e.reason ? <span className="fb-reason">{e.reason}</span> : null}
                </li>
              ))}
            </ol>
            <p className="muted fb-legend">Mục “Nội bộ” chỉ cán bộ xem được; các mục khác người gửi xem được tại trang tra cứu. Hạn hiện tại: {viDay(item.dueDay)}.</p>
          </section>
        </div>
        <aside className="fb-item-aside" aria-label="Xử lý">
          <ItemForms data={data} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
