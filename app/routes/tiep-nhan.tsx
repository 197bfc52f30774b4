import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CheckField, ErrorSummary, SelectField, TextArea, TextField, useBusy, useFailure } from "../components/forms";
import { viDay } from "../domain/days";
import { StaffFrame } from "../components/StaffFrame";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { CHANNEL_LABEL } from "../domain/feedback-labels";
import { KIND_LABEL } from "../services/feedback/feedback.server";
import { labelOptions } from "../services/feedback/label-options.server";
import { deskPoints, enterFeedback, newDeskKey } from "../services/feedback/desk-entry.server";
import { feedbackOptions } from "../services/feedback/inbox.server";
import { runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Nhập phản ánh tại bộ phận Một cửa");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "enter:feedback", "feedback");
  const [desk, options] = await Promise.all([deskPoints(conn, user), feedbackOptions(conn)]);
  const { kinds, staffChannels } = labelOptions();
  return json({
    ...chrome,
    points: desk.points.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })),
    free: desk.free,
    units: options.units,
    topics: options.topics,
    kinds,
    channels: staffChannels,
    // A fresh key per form shown: a double submit (or a retry after a lost answer) stores once.
    idempotencyKey: newDeskKey(),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "enter:feedback");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  if (intent !== "enter") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    const created = await enterFeedback(db(), user, fields, clientIp(request));
    return json({
      ok: true as const,
      created: {
        id: created.id, trackingCode: created.tracking_code, dueDay: created.due_day, agency: created.agency_name,
        kind: KIND_LABEL[created.kind], channel: CHANNEL_LABEL[created.channel], replay: created.replay,
      },
    });
  });
}

type Created = { ok: true; created: { id: number; trackingCode: string; dueDay: string; agency: string | null; kind: string; channel: string; replay: boolean } };

function Receipt({ c }: { c: Created["created"] }) {
  return (
    <section className="card fb-receipt" aria-labelledby="ma-tra-cuu" role="status">
      <h2 id="ma-tra-cuu">Đã tiếp nhận {c.kind.toLowerCase()}{c.replay ? " (đã lưu trước đó)" : ""}</h2>
      <p>Hãy đưa cho người gửi <strong>mã tra cứu</strong> dưới đây để theo dõi kết quả xử lý:</p>
      <p className="fb-big-code" data-testid="tracking-code">{c.trackingCode}</p>
      <dl className="fb-facts">
        <div><dt>Kênh</dt><dd>{c.channel}</dd></div>
        <div><dt>Chuyển đến</dt><dd>{c.agency ?? "Văn phòng UBND tỉnh (chờ phân công)"}</dd></div>
        <div><dt>Hạn trả lời dự kiến</dt><dd>{viDay(c.dueDay)}</dd></div>
      </dl>
      <p className="muted">Người gửi tra cứu bằng mã này trên cổng Hài Lòng hoặc gọi đường dây nóng. Nếu người gửi để lại số điện thoại/email, hệ thống gửi xác nhận tự động.</p>
    </section>
  );
}

export default function DeskEntry() {
  const { demo, nav, points, free, units, topics, kinds, channels, idempotencyKey } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as Created | { ok: false } | undefined;
  const created = data && data.ok ? data.created : null;
  const failure = useFailure("enter");
  const busy = useBusy("enter");
  const f = "desk";
  return (
    <StaffFrame section="feedback"
      demo={demo} nav={nav} current="/tiep-nhan" title="Nhập phản ánh, kiến nghị"
      intro={<p>Nhập góp ý, phản ánh, kiến nghị nhận qua đường dây nóng, văn bản, hòm thư góp ý hoặc trực tiếp tại quầy. Phản ánh được chuyển tự động đến cơ quan có thẩm quyền như khi người dân gửi trực tuyến.</p>}
    >
      {created ? <Receipt c={created} /> : null}
      <ErrorSummary failure={failure} />
      <Form method="post" className="card fb-desk-form admin-form" key={created?.id ?? "new"} noValidate>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <fieldset className="fb-fieldset">
          <legend>Tiếp nhận</legend>
          <div className="fb-grid-2">
            <SelectField form={f} name="channel" label="Kênh tiếp nhận" required failure={failure} empty="— Chọn kênh —" options={channels} />
            <SelectField
              form={f} name="servicePoint" label="Nơi tiếp nhận (điểm phục vụ)" required={!free} failure={failure}
              defaultValue={points.length === 1 ? points[0].value : undefined}
              empty={free ? "— Không gắn điểm phục vụ —" : points.length === 1 ? undefined : "— Chọn điểm phục vụ —"}
              options={points}
              hint={free ? undefined : "Chỉ các điểm phục vụ bạn được giao."}
            />
          </div>
        </fieldset>
        <fieldset className="fb-fieldset">
          <legend>Nội dung</legend>
          <div className="fb-grid-3">
            <SelectField form={f} name="kind" label="Loại" required failure={failure} empty="— Chọn loại —" options={kinds} />
            <SelectField form={f} name="topic" label="Lĩnh vực" failure={failure} empty="— Không rõ / khác —" options={topics} />
            <SelectField form={f} name="unit" label="Địa bàn liên quan" failure={failure} empty="— Như nơi tiếp nhận —" options={units} />
          </div>
          <TextArea form={f} name="text" label="Nội dung góp ý, phản ánh, kiến nghị" required failure={failure} rows={6} maxLength={5000}
            hint="Ghi đúng ý người gửi: sự việc, thời gian, địa điểm, thủ tục liên quan (ít nhất 10 ký tự)." />
        </fieldset>
        <fieldset className="fb-fieldset">
          <legend>Người gửi (không bắt buộc)</legend>
          <div className="fb-grid-3">
            <TextField form={f} name="contactName" label="Họ và tên" failure={failure} maxLength={120} autoComplete="off" />
            <TextField form={f} name="contactPhone" label="Số điện thoại" type="tel" failure={failure} maxLength={20} autoComplete="off" hint="Để nhận tin báo kết quả." />
            <TextField form={f} name="contactEmail" label="Email" type="email" failure={failure} maxLength={200} autoComplete="off" />
          </div>
          <CheckField form={f} name="consentPublish" label="Người gửi đồng ý công khai nội dung và kết quả xử lý (không kèm thông tin cá nhân)" failure={failure} />
        </fieldset>
        <div className="form-actions">
          <input type="hidden" name="intent" value="enter" />
          <button className="btn" type="submit" disabled={busy}>{busy ? "Đang lưu…" : "Lưu và lấy mã tra cứu"}</button>
        </div>
      </Form>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
