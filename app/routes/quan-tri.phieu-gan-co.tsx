import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, useAnyFailure } from "../components/forms";
import { formatDateTime } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { FLAG_LABELS, listFlagged, reviewFlagged } from "../services/surveys/flags.server";
import { flashText } from "../domain/text";
import { runIntent, unknownIntent } from "../platform/forms.server";
import { requirePermission } from "../platform/session.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Phiếu gắn cờ — Quản trị");

const PATH = "/quan-tri/phieu-gan-co";
const FLASH: Record<string, string> = {
  included: "Phiếu số {ref} đã được tính lại vào chỉ số.",
  excluded: "Phiếu số {ref} đã được loại khỏi chỉ số.",
};
const STATES = [
  { value: "excluded", label: "Đang bị loại" },
  { value: "included", label: "Đã tính lại" },
  { value: "all", label: "Tất cả" },
] as const;
type State = (typeof STATES)[number]["value"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, frame: chrome } = await staffPage(request, "manage:devices", "admin");
  const state = (STATES.find((s) => s.value === url.searchParams.get("trang-thai"))?.value ?? "excluded") as State;
  const [rows] = await Promise.all([listFlagged(db(), { state })]);
  return json({ ...chrome, rows, state, labels: FLAG_LABELS, flash: flashText(url.search, FLASH) });
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requirePermission(request, "manage:devices");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  if (intent !== "include" && intent !== "exclude") return unknownIntent(intent);
  const id = Number(fields.responseId);
  return runIntent(intent, fields, async () => {
    await reviewFlagged(db(), Number.isInteger(id) ? id : -1, intent === "include", { userId: me.id });
    return redirect(`${PATH}?ok=${intent}d&ref=${id}`);
  }, String(fields.responseId ?? ""));
}

export default function FlaggedResponses() {
  const { demo, nav, rows, state, labels, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Phiếu gắn cờ" flash={flash}
      intro={<p>Phiếu gửi quá nhanh hoặc quá nhiều từ một thiết bị kiosk, hoặc nhiều phiếu cho cùng một mã hồ sơ, được giữ lại nhưng không tính vào chỉ số. Sau khi xem xét, có thể tính lại (hoặc loại lại) từng phiếu; mọi thay đổi đều được ghi nhật ký.</p>}
    >
      <ErrorSummary failure={failure} />
      <nav className="filter-tabs" aria-label="Lọc theo trạng thái">
        {STATES.map((s) => (
          <Link key={s.value} to={`${PATH}?trang-thai=${s.value}`} aria-current={s.value === state ? "page" : undefined} className={`btn small ${s.value === state ? "" : "secondary"}`}>{s.label}</Link>
        ))}
      </nav>
      {rows.length ? (
        <table className="data admin-table" data-testid="flagged-table">
          <thead>
            <tr>
              <th scope="col">Phiếu</th>
              <th scope="col">Điểm phục vụ, thiết bị</th>
              <th scope="col">Lý do gắn cờ</th>
              <th scope="col">Trạng thái</th>
              <th scope="col"><span className="sr-only">Thao tác</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.responseId} data-response-id={r.responseId}>
                <td data-label="Phiếu">số {r.responseId}<span className="sub">{formatDateTime(r.submittedAt)} · {r.channel}{r.dossierCode ? ` · hồ sơ ${r.dossierCode}` : ""}</span></td>
                <td data-label="Điểm phục vụ">{r.pointName}<span className="sub">{r.deviceName ? `Thiết bị: ${r.deviceName}` : "Không qua thiết bị kiosk"}</span></td>
                <td data-label="Lý do">
                  <ul className="flag-reasons">{r.reasons.map((x) => <li key={x}>{labels[x] ?? x}</li>)}</ul>
                  {r.detail ? <span className="sub">{r.detail}</span> : null}
                </td>
                <td data-label="Trạng thái">
                  <span className={`badge ${r.excluded ? "off" : "on"}`}>{r.excluded ? "Không tính" : "Được tính"}</span>
                  {r.reviewedAt ? <span className="sub">xem xét {formatDateTime(r.reviewedAt)}</span> : null}
                </td>
                <td className="actions">
                  {r.excluded ? (
                    <RowAction intent="include" fields={{ responseId: r.responseId }} label="Tính lại" ariaLabel={`Tính lại phiếu số ${r.responseId}`} />
                  ) : (
                    <RowAction intent="exclude" fields={{ responseId: r.responseId }} label="Loại lại" danger ariaLabel={`Loại lại phiếu số ${r.responseId}`} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="card muted">Không có phiếu nào trong mục này.</p>
      )}
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
