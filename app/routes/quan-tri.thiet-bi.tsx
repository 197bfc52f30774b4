import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { formatDateTime } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { createPairingCode, listDevices, PAIRING_MINUTES, revokeDevice } from "../services/surveys/devices.server";
import { runIntent, unknownIntent } from "../platform/forms.server";
import { listServicePoints } from "../services/org/reference.server";
import { KIOSK_DEFAULT, kioskAssignments, kioskQuestionnaires, setKioskQuestionnaire } from "../services/surveys/kiosk-questionnaire.server";
import { clientIp, requirePermission } from "../platform/session.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Thiết bị kiosk — Quản trị");

const PATH = "/quan-tri/thiet-bi";
const FLASH: Record<string, string> = {
  revoked: "Đã thu hồi thiết bị số {ref}: kiosk đó sẽ hiện màn hình ghép nối và không gửi phiếu được nữa.",
  questionnaire: "Đã đổi bảng hỏi cho kiosk của điểm {ref}: máy tính bảng sẽ hiện bảng hỏi mới ở lượt đánh giá sau khi tải lại trang.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:devices", "admin", FLASH);
  const [list, points, questionnaires, assigned] = await Promise.all([listDevices(conn), listServicePoints(conn), kioskQuestionnaires(conn), kioskAssignments(conn)]);
  // Active devices first, newest first within each group.
  const devices = [...list.devices].sort((a, b) => Number(!!a.revoked_at) - Number(!!b.revoked_at) || b.id - a.id);
  const qName = new Map(questionnaires.map((q) => [q.code, q.name]));
  return json({
    ...chrome, devices, codes: list.codes, points: points.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` })), pairingMinutes: PAIRING_MINUTES,
    // kiosk questionnaire per point (default: sipas-kiosk)
    defaultQuestionnaire: KIOSK_DEFAULT,
    questionnaires: questionnaires.map((q) => ({ value: q.code, label: `${q.name} (${q.code}, phiên bản ${q.version})` })),
    assigned: points.filter((p) => assigned[p.code]).map((p) => ({ point: p.code, pointName: p.name, code: assigned[p.code], name: qName.get(assigned[p.code]) ?? null })),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requirePermission(request, "manage:devices");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  const actor = { userId: me.id, ip: clientIp(request) };
  switch (intent) {
    case "code":
      return runIntent(intent, fields, async () => {
        const created = await createPairingCode(db(), { servicePoint: fields.servicePoint, name: fields.name }, actor);
        // The plain code is shown on this answer only (stored hashed).
        return json({ ok: true as const, created }, { headers: { "Cache-Control": "no-store" } });
      });
    case "revoke":
      return runIntent(intent, fields, async () => {
        const id = Number(fields.deviceId);
        await revokeDevice(db(), Number.isInteger(id) ? id : -1, actor);
        return redirect(`${PATH}?ok=revoked&ref=${id}`);
      }, String(fields.deviceId ?? ""));
    case "questionnaire":
      return runIntent(intent, fields, async () => {
        await setKioskQuestionnaire(db(), { servicePoint: String(fields.servicePoint ?? ""), questionnaire: String(fields.questionnaire ?? "") }, actor);
        return redirect(`${PATH}?ok=questionnaire&ref=${encodeURIComponent(String(fields.servicePoint ?? ""))}`);
      });
    default:
      return unknownIntent(intent);
  }
}

export default function DevicesAdmin() {
  const { demo, nav, devices, codes, points, flash, pairingMinutes, questionnaires, assigned, defaultQuestionnaire } = useLoaderData<typeof loader>();
  const questionnaireFailure = useFailure("questionnaire");
  const data = useActionData<typeof action>();
  const failure = useAnyFailure();
  const codeFailure = useFailure("code");
  const created = data && "created" in data ? data.created : null;
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Thiết bị kiosk" flash={flash}
      intro={<p>Mỗi máy tính bảng kiosk được gắn với một điểm phục vụ bằng mã ghép nối dùng một lần. Phiếu gửi từ kiosk chưa ghép nối hoặc đã bị thu hồi sẽ bị từ chối.</p>}
    >
      {created ? (
        <section className="card new-token" aria-labelledby="new-code-h" role="alert">
          <h2 id="new-code-h">Mã ghép nối cho “{created.name}”</h2>
          <p className="pairing-code" data-testid="pairing-code"><code>{created.code}</code></p>
          <p>Trên máy tính bảng, mở <code>/kiosk/ghep-noi</code> (hoặc trang kiosk của điểm {created.point.name}) và nhập mã này. Mã dùng được <strong>một lần</strong>, hết hạn lúc {formatDateTime(created.expiresAt)}.</p>
        </section>
      ) : null}
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="devices-list" className="admin-main">
          <h2 id="devices-list">Thiết bị đã ghép nối</h2>
          {devices.length ? (
            <table className="data admin-table" data-testid="devices-table">
              <thead>
                <tr>
                  <th scope="col">Thiết bị</th>
                  <th scope="col">Điểm phục vụ</th>
                  <th scope="col">Ghép nối lúc</th>
                  <th scope="col">Gửi phiếu lần cuối</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col"><span className="sr-only">Thao tác</span></th>
                </tr>
              </thead>
              <tbody>
                {devices.map((d) => (
                  <tr key={d.id} className={d.revoked_at ? "row-inactive" : ""} data-device-id={d.id}>
                    <td data-label="Thiết bị">{d.name}<span className="sub">số {d.id}</span></td>
                    <td data-label="Điểm phục vụ">{d.point_name}<span className="sub"><code>{d.point_code}</code></span></td>
                    <td data-label="Ghép nối lúc">{formatDateTime(d.paired_at)}</td>
                    <td data-label="Gửi phiếu lần cuối">{d.last_seen_at ? formatDateTime(d.last_seen_at) : <span className="muted">chưa</span>}</td>
                    <td data-label="Trạng thái">
                      <span className={`badge ${d.revoked_at ? "off" : "on"}`}>{d.revoked_at ? "Đã thu hồi" : "Đang dùng"}</span>
                      {d.revoked_at ? <span className="sub">{formatDateTime(d.revoked_at)}</span> : null}
                    </td>
                    <td className="actions">
                      {d.revoked_at ? null : (
                        <RowAction intent="revoke" fields={{ deviceId: d.id }} label="Thu hồi" danger ariaLabel={`Thu hồi thiết bị ${d.name}`} confirm={`Thu hồi thiết bị “${d.name}”? Kiosk này sẽ không gửi phiếu được nữa cho tới khi ghép nối lại.`} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="card muted">Chưa có thiết bị nào được ghép nối.</p>
          )}
          {codes.length ? (
            <>
              <h2>Mã ghép nối chưa dùng</h2>
              <ul className="card plain-list" data-testid="open-codes">
                {codes.map((c) => <li key={c.id}>{c.device_name} — {c.point_name} ({c.point_code}), hết hạn {formatDateTime(c.expires_at)}</li>)}
              </ul>
            </>
          ) : null}
          <h2 id="kiosk-questionnaires">Bảng hỏi trên kiosk</h2>
          <p className="muted">Kiosk của mọi điểm phục vụ hiện bảng hỏi mặc định <code>{defaultQuestionnaire}</code>, trừ các điểm dưới đây.</p>
          {assigned.length ? (
            <ul className="card plain-list" data-testid="kiosk-questionnaires">
              {assigned.map((a) => <li key={a.point} data-point={a.point}>{a.pointName} (<code>{a.point}</code>): {a.name ?? "bảng hỏi không còn phát hành — dùng bảng hỏi mặc định"} (<code>{a.code}</code>)</li>)}
            </ul>
          ) : null}
        </section>
        <aside className="admin-aside">
          <div className="card admin-form" id="bieu-mau">
            <h2>Ghép nối kiosk mới</h2>
            <Form method="post" noValidate>
              <SelectField form="pair" name="servicePoint" label="Điểm phục vụ" required failure={codeFailure} options={points} empty="— Chọn điểm phục vụ —" />
              <TextField form="pair" name="name" label="Tên thiết bị" required failure={codeFailure} hint="Ví dụ: Máy tính bảng quầy 1." maxLength={80} />
              <p className="hint">Mã có hiệu lực {pairingMinutes} phút và chỉ hiện một lần.</p>
              <SubmitButton intent="code" label="Tạo mã ghép nối" busyLabel="Đang tạo…" />
            </Form>
          </div>
          <div className="card admin-form" id="bang-hoi-kiosk">
            <h2>Đổi bảng hỏi của kiosk</h2>
            <Form method="post" noValidate>
              <SelectField form="questionnaire" name="servicePoint" label="Kiosk tại" required failure={questionnaireFailure} options={points} empty="— Chọn điểm phục vụ —" />
              <SelectField form="questionnaire" name="questionnaire" label="Bảng hỏi (đã phát hành, kênh kiosk)" failure={questionnaireFailure} options={questionnaires} empty={`— Mặc định (${defaultQuestionnaire}) —`} />
              <p className="hint">Mọi máy tính bảng đã ghép nối với điểm này sẽ hiện bảng hỏi đã chọn: mỗi câu một màn hình, mọi loại câu hỏi.</p>
              <SubmitButton intent="questionnaire" label="Lưu bảng hỏi của kiosk" busyLabel="Đang lưu…" />
            </Form>
          </div>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
