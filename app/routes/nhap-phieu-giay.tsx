import crypto from "node:crypto";
import fs from "node:fs";
import {
  json, MaxPartSizeExceededError, NodeOnDiskFile, unstable_composeUploadHandlers, unstable_createFileUploadHandler, unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { StaffFrame } from "../components/StaffFrame";
import { vietnamDateTime } from "../domain/paper-files";
import { formatNumber } from "../i18n/format";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { ImportSetupError, listBatches, paperVersions } from "../services/surveys/import.server";
import { confirmUpload, importScope, MAX_UPLOAD_BYTES, previewUpload, UPLOAD_DIR, withdrawUpload } from "../services/surveys/paper-upload.server";
import { requirePermission, userCan } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import paperStyles from "../styles/paper-import.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles, paperStyles);
export const meta = pageTitle("Nhập phiếu khảo sát giấy");

/** Errors shown in the preview (all are counted). */
const SHOWN_ERRORS = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "import:paper", "feedback");
  const [scope, versions] = await Promise.all([importScope(conn, user), paperVersions(conn)]);
  const batches = await listBatches(conn, { userId: user.id, all: scope.all });
  return json({
    demo: chrome.demo,
    all: scope.all,
    points: scope.points,
    versions: versions.map((v) => ({ code: v.code, label: `${v.name} (phiên bản ${v.version})` })),
    dashboard: await userCan(user, "read:indices"),
    batches: batches.map((b) => ({ ...b, createdAt: vietnamDateTime(b.createdAt), withdrawnAt: b.withdrawnAt ? vietnamDateTime(b.withdrawnAt) : null })),
    maxMb: Math.round(MAX_UPLOAD_BYTES / 1024 / 1024),
  });
}

type Failure = { ok: false; intent: string; message: string };
const fail = (intent: string, message: string, status: number) => json({ ok: false as const, intent, message } satisfies Failure, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "import:paper");
  const conn = db();
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    const fields = formFields(await request.formData());
    if (fields.intent !== "withdraw") return fail(String(fields.intent ?? ""), "Thao tác không hợp lệ. Hãy tải lại trang và thử lại.", 400);
    try {
      const r = await withdrawUpload(conn, user, fields.batch, fields.reason);
      return json({ ok: true as const, step: "withdrawn" as const, batch: Number(fields.batch), excluded: r.excluded, changed: r.changed });
    } catch (e) {
      if (e instanceof InputError) return fail("withdraw", Object.values(e.fields)[0] ?? e.message, e.status);
      throw e;
    }
  }

  fs.mkdirSync(UPLOAD_DIR, { recursive: true });
  let form: FormData;
  // The file goes to disk under a random name (it is read as a stream); its own name is kept apart.
  let originalName = "";
  const toDisk = unstable_createFileUploadHandler({
    directory: UPLOAD_DIR, maxPartSize: MAX_UPLOAD_BYTES, avoidFileConflicts: true,
    file: () => `${crypto.randomUUID()}.upload`, filter: ({ name }) => name === "file",
  });
  try {
    form = await unstable_parseMultipartFormData(request, unstable_composeUploadHandlers(
      (part) => {
        if (part.name === "file") originalName = part.filename ?? "";
        return toDisk(part);
      },
      unstable_createMemoryUploadHandler({ maxPartSize: 10_000 }),
    ));
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return fail("check", `Tệp lớn hơn ${Math.round(MAX_UPLOAD_BYTES / 1024 / 1024)} MB. Hãy chia thành nhiều tệp nhỏ hơn.`, 413);
    return fail("check", "Không đọc được dữ liệu gửi lên. Hãy chọn lại tệp và thử lại.", 400);
  }
  const intent = String(form.get("intent") ?? "");
  const file = form.get("file");
  const upload = file instanceof NodeOnDiskFile ? { path: file.getFilePath(), name: originalName || "tep-tai-len" } : null;
  try {
    if (intent !== "check" && intent !== "confirm") return fail(intent, "Thao tác không hợp lệ. Hãy tải lại trang và thử lại.", 400);
    if (!upload || file instanceof NodeOnDiskFile && file.size === 0) return fail(intent, "Hãy chọn tệp CSV hoặc Excel (.xlsx) cần nhập.", 422);
    if (intent === "check") {
      const r = await previewUpload(conn, user, upload, form.get("questionnaire"));
      return json({
        ok: true as const, step: "preview" as const,
        preview: {
          fileName: r.fileName, sha256: r.sha256, rows: r.rows, ok: r.ok, version: `${r.version.name} (phiên bản ${r.version.version})`,
          errorCount: r.errors.length,
          errors: r.errors.slice(0, SHOWN_ERRORS).map((e) => ({ row: e.row, column: e.column ? r.columnLabels[e.column] ?? e.column : null, message: e.message })),
          perPointMonth: r.perPointMonth,
          alreadyPresent: r.alreadyPresent,
          alreadyImported: r.alreadyImported ? { ...r.alreadyImported, at: vietnamDateTime(r.alreadyImported.at) } : null,
        },
      });
    }
    const r = await confirmUpload(conn, user, upload, form.get("questionnaire"), form.get("sha256"));
    if (!r.ok) return fail("confirm", `Tệp có ${formatNumber(r.errors.length)} lỗi; không có phiếu nào được lưu. Hãy bấm “Kiểm tra tệp” để xem lỗi.`, 422);
    return json({
      ok: true as const, step: "done" as const,
      done: {
        fileName: r.fileName, imported: r.imported, alreadyPresent: r.alreadyPresent, rows: r.rows, perPoint: r.perPoint, batchId: r.batchId ?? null,
        duplicateOf: r.duplicateOf ? { ...r.duplicateOf, at: vietnamDateTime(r.duplicateOf.at) } : null,
      },
    });
  } catch (e) {
    if (e instanceof InputError) return fail(intent, e.message, e.status);
    if (e instanceof ImportSetupError) return fail(intent, e.message, 422);
    throw e;
  } finally {
    if (upload) fs.promises.unlink(upload.path).catch(() => undefined);
  }
}

type ActionData = Awaited<ReturnType<typeof action>> extends infer R ? (R extends { json(): Promise<infer J> } ? J : never) : never;
type Preview = Extract<ActionData, { step: "preview" }>["preview"];
type Done = Extract<ActionData, { step: "done" }>["done"];

const monthVi = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
const n = (v: number) => formatNumber(v);

function PreviewView({ p }: { p: Preview }) {
  return (
    <section className="card" aria-labelledby="xem-truoc" data-testid="preview">
      <h2 id="xem-truoc">Xem trước: {p.fileName}</h2>
      <p>Bảng hỏi: {p.version}. Số dòng phiếu đọc được: <strong data-testid="preview-rows">{n(p.rows)}</strong>.</p>
      {p.alreadyImported ? (
        <p className="fb-red" role="alert">Tệp này đã được nhập lúc {p.alreadyImported.at} (lô số {p.alreadyImported.batchId}, tệp “{p.alreadyImported.fileName}”). Nhập lại sẽ không lưu thêm phiếu nào.</p>
      ) : null}
      {p.errorCount > 0 ? (
        <div role="alert">
          <h3 className="fb-red">Tệp có {n(p.errorCount)} lỗi — chưa phiếu nào được lưu</h3>
          <p>Hãy sửa các ô dưới đây trong tệp, lưu lại rồi bấm “Kiểm tra tệp” lần nữa.{p.errorCount > p.errors.length ? ` Dưới đây là ${n(p.errors.length)} lỗi đầu tiên.` : ""}</p>
          <div className="table-scroll">
            <table className="data" data-testid="preview-errors">
              <thead><tr><th className="num">Dòng</th><th>Cột</th><th>Cần sửa</th></tr></thead>
              <tbody>
                {p.errors.map((e, i) => (
                  <tr key={i}><td className="num">{e.row}</td><td>{e.column ?? "Cả dòng"}</td><td>{e.message}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        <p className="admin-flash">Tệp hợp lệ. Kiểm tra số phiếu theo điểm phục vụ và tháng bên dưới, rồi bấm “Xác nhận nhập”.</p>
      )}
      {p.alreadyPresent > 0 && !p.alreadyImported ? (
        <p data-testid="preview-present">{n(p.alreadyPresent)} người trả lời trong tệp đã có trong hệ thống (cùng điểm phục vụ và mã người trả lời); các phiếu này sẽ được bỏ qua, không lưu hai lần.</p>
      ) : null}
      {p.perPointMonth.length ? (
        <>
          <h3>Số người trả lời theo điểm phục vụ và tháng{p.errorCount ? " (chỉ các dòng hợp lệ)" : ""}</h3>
          <div className="table-scroll">
            <table className="data" data-testid="preview-counts">
              <thead><tr><th>Điểm phục vụ</th><th>Tháng</th><th className="num">Số người trả lời</th></tr></thead>
              <tbody>
                {p.perPointMonth.map((c) => (
                  <tr key={`${c.servicePoint}-${c.month}`}><td>{c.name}</td><td>{monthVi(c.month)}</td><td className="num">{n(c.respondents)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

function DoneView({ d, dashboard }: { d: Done; dashboard: boolean }) {
  if (d.duplicateOf) {
    return (
      <section className="card" role="status" data-testid="done">
        <h2>Tệp đã được nhập trước đó</h2>
        <p>Tệp “{d.fileName}” đã được nhập lúc {d.duplicateOf.at} (lô số {d.duplicateOf.batchId}). Không có phiếu nào được lưu thêm.</p>
      </section>
    );
  }
  return (
    <section className="card" role="status" data-testid="done">
      <h2>Đã nhập xong tệp “{d.fileName}” (lô số {d.batchId})</h2>
      <p className="admin-flash">Phiếu mới đã lưu: <strong data-testid="done-imported">{n(d.imported)}</strong>. Đã có từ trước (bỏ qua): <strong>{n(d.alreadyPresent)}</strong>.</p>
      <table className="data">
        <thead><tr><th>Điểm phục vụ</th><th className="num">Phiếu mới</th><th className="num">Đã có từ trước</th></tr></thead>
        <tbody>
          {d.perPoint.map((p) => (
            <tr key={p.servicePoint}><td>{p.name}</td><td className="num">{n(p.imported)}</td><td className="num">{n(p.alreadyPresent)}</td></tr>
          ))}
        </tbody>
      </table>
      {dashboard ? <p><a href="/dashboard?channel=paper">Xem bảng điều khiển chỉ số (kênh phiếu giấy)</a></p> : null}
    </section>
  );
}

/** Posts the form with XMLHttpRequest so that the upload shows a real progress bar (plain form post without JavaScript). */
function useUpload() {
  const [state, setState] = useState<{ busy: boolean; percent: number | null; phase: string; data: ActionData | null }>({ busy: false, percent: null, phase: "", data: null });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    const form = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    e.preventDefault();
    const body = new FormData(form);
    if (submitter?.name) body.set(submitter.name, submitter.value);
    const intent = String(body.get("intent"));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${window.location.pathname}?_data=routes%2Fnhap-phieu-giay`);
    xhr.upload.onprogress = (ev) => setState((s) => ({ ...s, percent: ev.lengthComputable ? Math.round((ev.loaded / ev.total) * 100) : null, phase: "Đang tải tệp lên…" }));
    xhr.upload.onload = () => setState((s) => ({ ...s, percent: null, phase: intent === "confirm" ? "Đang lưu phiếu…" : "Đang kiểm tra từng dòng…" }));
    xhr.onload = () => {
      let data: ActionData | null = null;
      try {
        data = JSON.parse(xhr.responseText) as ActionData;
      } catch {
        data = { ok: false, intent, message: "Máy chủ không trả lời đúng. Hãy tải lại trang và thử lại." };
      }
      setState({ busy: false, percent: null, phase: "", data });
      if (data && data.ok && data.step === "done") window.dispatchEvent(new Event("paper-import-done"));
    };
    xhr.onerror = () => setState({ busy: false, percent: null, phase: "", data: { ok: false, intent, message: "Mất kết nối khi tải tệp lên. Hãy thử lại." } });
    setState({ busy: true, percent: 0, phase: "Đang tải tệp lên…", data: null });
    xhr.send(body);
  };
  return { ...state, submit };
}

export default function PaperImport() {
  const { demo, all, points, versions, dashboard, batches, maxMb } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as ActionData | undefined;
  const nav = useNavigation();
  const upload = useUpload();
  const data = upload.data ?? (upload.busy ? null : posted ?? null);
  const [version, setVersion] = useState(versions[0]?.code ?? "");
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState("");
  const preview = data && data.ok && data.step === "preview" ? data.preview : null;
  const done = data && data.ok && data.step === "done" ? data.done : null;
  const failure = data && !data.ok ? data : null;
  // After a confirmed import the list of batches is out of date: load it again.
  const revalidator = useRevalidator();
  useEffect(() => {
    const reload = () => revalidator.revalidate();
    window.addEventListener("paper-import-done", reload);
    return () => window.removeEventListener("paper-import-done", reload);
  }, [revalidator]);
  const busy = upload.busy || (nav.state === "submitting" && nav.formMethod === "POST" && nav.formEncType === "multipart/form-data");
  return (
    <StaffFrame section="feedback"
      demo={demo} nav={[]} current="/nhap-phieu-giay" title="Nhập phiếu khảo sát giấy"
      intro={
        <p>
          Tải lên tệp CSV hoặc Excel (.xlsx) của các phiếu khảo sát giấy đã nhập máy{all ? "" : ` tại ${points.map((p) => p.name).join(", ")}`}.
          Hệ thống kiểm tra toàn bộ tệp và cho xem trước; chỉ khi anh/chị bấm “Xác nhận nhập” phiếu mới được lưu, và lưu cả tệp hoặc không lưu gì.
        </p>
      }
    >
      <section className="card" aria-labelledby="mau">
        <h2 id="mau">1. Tải mẫu nhập liệu</h2>
        <p>Mẫu có dòng nội dung câu hỏi, dòng mã cột (không được sửa) và một dòng ví dụ (không được nhập). Câu trả lời: số 1–5, một mức của thang đo (ví dụ “Hài lòng”), hoặc để trống / KAD nếu không áp dụng. Ngày: dd/mm/yyyy hoặc dd/mm/yyyy hh:mm, giờ Việt Nam.</p>
        <p>
          <a className="btn" href={`/nhap-phieu-giay/mau?bang-hoi=${encodeURIComponent(version)}&dang=xlsx`} download>Tải mẫu Excel (.xlsx)</a>{" "}
          <a className="btn secondary" href={`/nhap-phieu-giay/mau?bang-hoi=${encodeURIComponent(version)}&dang=csv`} download>Tải mẫu CSV</a>
        </p>
        {points.length === 1 ? <p className="muted">Mã điểm phục vụ ghi trong cột “Mã điểm phục vụ”: {points[0].code} ({points[0].name}).</p> : null}
        {points.length > 1 ? (
          <details>
            <summary>Mã các điểm phục vụ ghi trong cột “Mã điểm phục vụ” ({n(points.length)} điểm)</summary>
            <ul className="paper-points">{points.map((p) => <li key={p.code}><strong>{p.code}</strong>: {p.name}</li>)}</ul>
          </details>
        ) : null}
      </section>

      <Form method="post" encType="multipart/form-data" className="card" aria-labelledby="tai-len" onSubmit={upload.submit} data-testid="upload-form">
        <h2 id="tai-len">2. Tải tệp lên và kiểm tra</h2>
        <div className="field">
          <label htmlFor="paper-questionnaire">Bảng hỏi</label>
          <select id="paper-questionnaire" name="questionnaire" value={version} onChange={(e) => setVersion(e.currentTarget.value)}>
            {versions.map((v) => <option key={v.code} value={v.code}>{v.label}</option>)}
          </select>
        </div>
        <div className="field">
          <span id="paper-file-title" className="label">Tệp phiếu (CSV hoặc .xlsx, tối đa {maxMb} MB)</span>
          <span id="paper-file-hint" className="hint">CSV phân cách bằng dấu phẩy, chấm phẩy hoặc tab, mã UTF-8; tệp gõ bằng phông TCVN3 (ABC) được tự chuyển sang Unicode.</span>
          <div className="paper-file">
            <input
              id="paper-file" ref={fileRef} name="file" type="file" required aria-labelledby="paper-file-title" aria-describedby="paper-file-hint paper-file-name"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFileName(e.currentTarget.files?.[0]?.name ?? "")}
            />
            <label htmlFor="paper-file" className="btn secondary">Chọn tệp…</label>
            <span id="paper-file-name" className="paper-file-name">{fileName || "Chưa chọn tệp nào"}</span>
          </div>
        </div>
        {preview ? <input type="hidden" name="sha256" value={preview.sha256} /> : null}
        <p>
          <button className="btn" type="submit" name="intent" value="check" disabled={busy}>Kiểm tra tệp</button>{" "}
          {preview && preview.ok && !preview.alreadyImported ? (
            <button className="btn" type="submit" name="intent" value="confirm" disabled={busy || !fileName} data-testid="confirm">
              Xác nhận nhập {n(preview.rows)} phiếu
            </button>
          ) : null}
        </p>
        {busy ? (
          <div role="status" aria-live="polite" className="paper-progress">
            <progress max={100} value={upload.percent ?? undefined} aria-label={upload.phase || "Đang xử lý tệp"} style={{ width: "100%" }} />
            <span>{upload.phase || "Đang xử lý tệp…"}{upload.percent !== null ? ` ${upload.percent}%` : ""}</span>
          </div>
        ) : null}
        {failure ? <div className="error-summary admin-error" role="alert"><p>{failure.message}</p></div> : null}
      </Form>

      {preview ? <PreviewView p={preview} /> : null}
      {done ? <DoneView d={done} dashboard={dashboard} /> : null}
      {data && data.ok && data.step === "withdrawn" ? (
        <p className="admin-flash" role="status">Đã rút lô số {data.batch}: {n(data.excluded)} phiếu không còn được tính vào chỉ số.</p>
      ) : null}

      <section className="card" aria-labelledby="lo-phieu">
        <h2 id="lo-phieu">Các lô phiếu đã nhập</h2>
        <p className="muted">Mỗi lần nhập là một lô. Rút một lô thì mọi phiếu của lô không còn được tính vào chỉ số (có ghi nhật ký); phiếu không bị xoá.</p>
        {batches.length === 0 ? <p className="fb-empty">Chưa có lô phiếu nào.</p> : (
          <div className="table-scroll">
            <table className="data" data-testid="batches">
              <thead><tr><th>Lô</th><th>Tệp</th><th>Người nhập, lúc</th><th className="num">Dòng</th><th className="num">Phiếu mới</th><th className="num">Đã có</th><th>Trạng thái</th></tr></thead>
              <tbody>
                {batches.map((b) => (
                  <tr key={b.id}>
                    <td className="num">{b.id}</td>
                    <td>{b.fileName}<br /><span className="muted">{b.version}</span></td>
                    <td>{b.createdBy ?? "—"}<br /><span className="muted">{b.createdAt}</span></td>
                    <td className="num">{n(b.rows)}</td>
                    <td className="num">{n(b.imported)}</td>
                    <td className="num">{n(b.alreadyPresent)}</td>
                    <td>
                      {b.withdrawnAt ? (
                        <span>Đã rút lúc {b.withdrawnAt}{b.withdrawnBy ? ` (${b.withdrawnBy})` : ""}: {b.withdrawReason}</span>
                      ) : b.mine ? (
                        <Form method="post" className="paper-withdraw">
                          <input type="hidden" name="batch" value={b.id} />
                          <label htmlFor={`reason-${b.id}`}>Lý do rút lô (bắt buộc)</label>
                          <input id={`reason-${b.id}`} name="reason" required maxLength={500} />
                          <button className="btn secondary" type="submit" name="intent" value="withdraw">Rút lô này</button>
                        </Form>
                      ) : "Đang tính vào chỉ số"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
