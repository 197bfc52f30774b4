import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, useAnyFailure, useFailure } from "../components/forms";
import { formatNumber, formatPercent } from "../i18n/format";
import { availableYears } from "../services/indices/dashboard.server";
import { db } from "../platform/db.server";
import { viDay } from "../domain/days";
import { flashText } from "../domain/text";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { listPublished, publishForm, publishResult, withdrawForm, withdrawResult } from "../services/indices/published.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/exports.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Công bố kết quả khảo sát — Quản trị");

const PATH = "/quan-tri/cong-bo";
const FLASH: Record<string, string> = {
  published: "Đã công bố kết quả {ref} trên trang /ket-qua.",
  withdrawn: "Đã gỡ kết quả {ref} khỏi trang công khai.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:targets", "admin");
  const [published, years] = await Promise.all([listPublished(conn), availableYears(conn)]);
  return json({ ...chrome, published, years, flash: flashText(new URL(request.url).search, FLASH) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor } = await adminPost(request, "manage:targets");
  switch (intent) {
    case "publish":
      return runIntent(intent, fields, async () => {
        const r = await publishResult(db(), parseForm(publishForm, fields), actor);
        return redirect(`${PATH}?ok=published&ref=${encodeURIComponent(r.label)}`);
      });
    case "withdraw":
      return runIntent(intent, fields, async () => {
        const { period } = parseForm(withdrawForm, fields);
        await withdrawResult(db(), period, actor);
        return redirect(`${PATH}?ok=withdrawn&ref=${encodeURIComponent(period)}`);
      }, String(fields.period ?? ""));
    default:
      return unknownIntent(intent);
  }
}

export default function PublishAdmin() {
  const { demo, nav, published, years, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const pubFail = useFailure("publish");
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Công bố kết quả khảo sát" flash={flash}
      intro={<p>Kết quả được công bố hiện trên trang công khai <Link to="/ket-qua">/ket-qua</Link> (không cần đăng nhập): chỉ số của tỉnh, các chỉ số thành phần và từng huyện, thị xã, thành phố, kèm số người trả lời và khoảng tin cậy. Số liệu được chốt tại thời điểm công bố; công bố lại để cập nhật.</p>}
    >
      {failure && failure.intent !== "publish" ? <ErrorSummary failure={failure} /> : null}
      <div className="admin-layout pub-admin">
        <section className="admin-main" aria-labelledby="da-cong-bo">
          <h2 id="da-cong-bo">Các kỳ đã công bố</h2>
          {published.length === 0 ? <p className="card">Chưa công bố kỳ nào: trang công khai chưa có số liệu.</p> : (
            <table className="data" data-testid="published-list">
              <thead><tr><th scope="col">Kỳ</th><th scope="col">Chỉ số hài lòng</th><th scope="col">n</th><th scope="col">Công bố ngày</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr></thead>
              <tbody>
                {published.map((p) => (
                  <tr key={p.key}>
                    <td>{p.label}</td>
                    <td>{formatPercent(p.province.value)}</td>
                    <td>{formatNumber(p.province.n)}</td>
                    <td>{viDay(p.publishedAt.slice(0, 10))}</td>
                    <td><RowAction intent="withdraw" fields={{ period: p.key }} label="Gỡ" danger ariaLabel={`Gỡ kết quả ${p.label}`} confirm={`Gỡ kết quả ${p.label} khỏi trang công khai?`} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="admin-aside">
          <Form method="post" className="card admin-form" noValidate>
            <h2>Công bố một kỳ</h2>
            <SelectField form="pub" name="year" label="Năm" required failure={pubFail} defaultValue={String(years[0] ?? "")} options={years.map((y) => ({ value: String(y), label: String(y) }))} />
            <SelectField form="pub" name="quarter" label="Kỳ" failure={pubFail} defaultValue=""
              options={[{ value: "", label: "Cả năm" }, ...[1, 2, 3, 4].map((q) => ({ value: String(q), label: `Quý ${["I", "II", "III", "IV"][q - 1]}` }))]} />
            {pubFail ? <p className="error-text" role="alert">{pubFail.message}</p> : null}
            <div className="form-actions"><SubmitButton intent="publish" label="Công bố" busyLabel="Đang công bố…" /></div>
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
