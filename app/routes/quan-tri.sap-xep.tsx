import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { FileField } from "../components/forms";
import { viDay } from "../domain/days";
import { formatDateTime, formatNumber } from "../i18n/format";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { flashText } from "../domain/text";
import { adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { applyReorganisation, listReorgEvents, previewReorganisation, undoReorganisation, type ReorgPreview } from "../services/org/reorganisation.server";
import styles from "../styles/admin.css?url";
import { uploadedText } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Sắp xếp tổ chức — Quản trị");

const PATH = "/quan-tri/sap-xep";
const MAX_BYTES = 2 * 1024 * 1024;
const FLASH: Record<string, string> = {
  applied: "Đã áp dụng lần sắp xếp “{ref}”. Số liệu của các kỳ trước giữ nguyên.",
  undone: "Đã hoàn tác lần sắp xếp “{ref}”.",
};

/** Quản trị › Sắp xếp tổ chức: a reorganisation file is checked (dry run) before it is applied (docs/decisions/0012). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:org", "admin");
  const [events] = await Promise.all([listReorgEvents(conn)]);
  return json({ ...chrome, events, flash: flashText(new URL(request.url).search, FLASH) }, { headers: { "Cache-Control": "no-store" } });
}

type ActionData = { intent: "preview"; preview: ReorgPreview; text: string; fileName: string } | { ok: false; message: string; intent: string };

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor, form } = await adminPost(request, "manage:org");
  const conn = db();
  const readFile = () => uploadedText(form, { maxBytes: MAX_BYTES, pastedField: "text", pastedName: String(fields.fileName ?? "") || "tệp dán vào", missing: "Chưa có tệp: chọn tệp sắp xếp (JSON hoặc CSV)." });
  switch (intent) {
    case "preview":
      return runIntent(intent, fields, async () => {
        const { text, fileName } = await readFile();
        const preview = await previewReorganisation(conn, text, fileName);
        return json({ intent: "preview", preview, text, fileName } satisfies ActionData, { status: preview.ok ? 200 : 400 });
      });
    case "apply":
      return runIntent(intent, fields, async () => {
        const { text, fileName } = await readFile();
        const r = await applyReorganisation(conn, { text, fileName, actorUserId: actor.userId, ip: actor.ip });
        if (!r.ok) return json({ intent: "preview", preview: r, text, fileName } satisfies ActionData, { status: 400 });
        return redirect(`${PATH}?ok=applied&ref=${encodeURIComponent(r.title)}`);
      });
    case "undo":
      return runIntent(intent, fields, async () => {
        const id = Number(fields.id);
        if (!Number.isInteger(id) || id <= 0) throw new InputError("invalid_input", "Không rõ lần sắp xếp cần hoàn tác.", {}, 400);
        const ev = (await listReorgEvents(conn)).find((e) => e.id === id);
        await undoReorganisation(conn, id, actor.userId, actor.ip);
        return redirect(`${PATH}?ok=undone&ref=${encodeURIComponent(ev?.title ?? "")}`);
      });
    default:
      return unknownIntent(intent);
  }
}

function Preview({ preview, text, fileName }: { preview: ReorgPreview; text: string; fileName: string }) {
  const nav = useNavigation();
  return (
    <section className="card reorg-preview" aria-labelledby="reorg-preview" data-testid="reorg-preview">
      <h2 id="reorg-preview">Xem trước: {preview.title || fileName}</h2>
      {preview.ok ? (
        <p>
          {preview.document ? <>{preview.document}. </> : null}
          Hiệu lực từ <strong>{viDay(preview.effectiveOn)}</strong>. Sẽ thay đổi {formatNumber(preview.counts.units)} đơn vị, {formatNumber(preview.counts.agencies)} cơ quan,{" "}
          {formatNumber(preview.counts.points)} điểm phục vụ ({formatNumber(preview.counts.created)} mới, {formatNumber(preview.counts.ended)} kết thúc). Chưa có gì được ghi.
        </p>
      ) : (
        <div className="error-summary" role="alert" data-testid="reorg-errors">
          <h3>Tệp chưa áp dụng được: {formatNumber(preview.errors.length)} lỗi. Không có gì thay đổi.</h3>
          <ul>
            {preview.errors.map((e, i) => (
              <li key={i}>{e.row ? <strong>Dòng {e.row}: </strong> : null}{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      {preview.lines.length ? (
        <>
          <h3>Các thay đổi</h3>
          <ul className="reorg-lines">
            {preview.lines.map((l, i) => <li key={i} className={l.text.startsWith("  ") ? "sub" : undefined}>{l.text.startsWith("  ") ? null : <span className="muted">Dòng {l.row}: </span>}{l.text.trim()}</li>)}
          </ul>
        </>
      ) : null}
      {preview.ok ? (
        <>
          <h3>Theo đơn vị, cơ quan, điểm kế thừa</h3>
          {preview.followUps.length ? (
            <ul data-testid="reorg-followups">{preview.followUps.map((f, i) => <li key={i}>{f.text}</li>)}</ul>
          ) : <p className="muted">Không có phản ánh, quy tắc phân loại, quyền hay chỉ tiêu nào phải chuyển.</p>}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="text" value={text} />
            <input type="hidden" name="fileName" value={fileName} />
            <button type="submit" name="intent" value="apply" className="btn" disabled={nav.state !== "idle"}>Áp dụng lần sắp xếp này</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export default function Reorganisations() {
  const { demo, nav, events, flash } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>() as ActionData | undefined;
  const latest = events.find((e) => !e.undoneAt);
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Sắp xếp tổ chức" flash={flash}
      intro={<p>Mỗi lần sáp nhập, chia tách, đổi tên hay bỏ một cấp là một lần sắp xếp có ngày hiệu lực, áp dụng trọn vẹn hoặc không gì cả. Số liệu trước ngày hiệu lực giữ nguyên theo tổ chức khi đó; bảng điều khiển có thể quy đổi theo đơn vị hiện nay. Định dạng tệp: trang Tài liệu API, mục “Tệp sắp xếp tổ chức”.</p>}
    >
      {data && "message" in data ? <div className="error-summary" role="alert"><p>{data.message}</p></div> : null}
      <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate aria-labelledby="reorg-upload">
        <h2 id="reorg-upload">Kiểm tra một tệp sắp xếp</h2>
        <FileField id="reorg-file" name="file" label="Tệp JSON hoặc CSV (UTF-8)" hint="Ví dụ: danh sách đơn vị mới ← đơn vị cũ theo nghị quyết." accept=".json,.csv,application/json,text/csv" />
        <button type="submit" name="intent" value="preview" className="btn">Xem trước (chưa ghi gì)</button>
      </Form>
      {data && "preview" in data ? <Preview preview={data.preview} text={data.text} fileName={data.fileName} /> : null}
      <section aria-labelledby="reorg-history" className="reorg-history">
        <h2 id="reorg-history">Các lần sắp xếp đã áp dụng</h2>
        {events.length === 0 ? <p className="muted">Chưa có lần sắp xếp nào.</p> : (
          <table className="data admin-table">
            <thead>
              <tr><th scope="col">Hiệu lực</th><th scope="col">Nội dung</th><th scope="col">Thay đổi</th><th scope="col">Áp dụng</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className={e.undoneAt ? "row-inactive" : undefined}>
                  <td data-label="Hiệu lực" className="nowrap">{viDay(e.effectiveOn)}</td>
                  <td data-label="Nội dung">
                    {e.title}{e.document ? <span className="sub">{e.document}</span> : null}
                    {e.isDemo ? <span className="sub">Dữ liệu minh hoạ</span> : null}
                    {e.summary?.lines?.length ? (
                      <details><summary>{formatNumber(e.summary.lines.length)} dòng thay đổi</summary>
                        <ul className="reorg-lines">{e.summary.lines.map((l, i) => <li key={i} className={l.text.startsWith("  ") ? "sub" : undefined}>{l.text.trim()}</li>)}</ul>
                        {e.summary.followUps?.length ? <ul>{e.summary.followUps.map((f, i) => <li key={i}>{f.text}</li>)}</ul> : null}
                      </details>
                    ) : null}
                  </td>
                  <td data-label="Thay đổi">{e.summary?.counts ? `${formatNumber(e.summary.counts.units)} đơn vị, ${formatNumber(e.summary.counts.agencies)} cơ quan, ${formatNumber(e.summary.counts.points)} điểm` : "—"}</td>
                  <td data-label="Áp dụng">{formatDateTime(e.appliedAt)}{e.appliedBy ? ` · ${e.appliedBy}` : ""}{e.undoneAt ? <span className="sub">Đã hoàn tác {formatDateTime(e.undoneAt)}</span> : null}</td>
                  <td className="actions">
                    {latest && latest.id === e.id ? (
                      <Form method="post" onSubmit={(ev) => { if (!confirm(`Hoàn tác lần sắp xếp “${e.title}”? Chỉ làm được khi chưa có số liệu nào dựa trên nó.`)) ev.preventDefault(); }}>
                        <input type="hidden" name="id" value={e.id} />
                        <button type="submit" name="intent" value="undo" className="btn small secondary">Hoàn tác</button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
