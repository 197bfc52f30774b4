import { SURVEY_CHANNEL_LABEL, type Channel } from "../domain/channels";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { INDEX_KIND_LABEL } from "../domain/index-kinds";
import { db } from "../platform/db.server";
import { createQuestionnaire, importQuestionnaire, importTemplate, listIndexRoots, listQuestionnaires, TEMPLATES } from "../services/surveys/designer.server";
import { flashText } from "../domain/text";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/designer.css?url";
import { uploadedText } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Bảng hỏi — Quản trị");

const PATH = "/quan-tri/bang-hoi";
const STATUS: Record<string, string> = { draft: "Bản nháp", published: "Đã phát hành" };

const createForm = z.object({
  code: z.string().trim().min(1, "Nhập mã bảng hỏi.").max(64, "Mã tối đa 64 ký tự.").regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Mã chỉ gồm chữ không dấu, số và . _ -"),
  slug: z.string().trim().min(1, "Nhập đường dẫn.").max(64, "Đường dẫn tối đa 64 ký tự.").regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang."),
  name: z.string().trim().min(1, "Nhập tên bảng hỏi.").max(300, "Tên tối đa 300 ký tự."),
  index: z.string().trim().min(1, "Chọn chỉ số mà bảng hỏi đo."),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:questionnaires", "admin");
  const [questionnaires, roots] = await Promise.all([listQuestionnaires(conn), listIndexRoots(conn)]);
  return json({
    ...chrome, questionnaires, roots,
    templates: TEMPLATES.map((t) => ({ id: t.id, label: t.label })),
    flash: flashText(new URL(request.url).search, {}),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor, form } = await adminPost(request, "manage:questionnaires");
  const to = (id: number) => redirect(`${PATH}/${id}?ok=imported`);
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => to(await createQuestionnaire(db(), parseForm(createForm, fields), actor)));
    case "template":
      return runIntent(intent, fields, async () => to(await importTemplate(db(), String(fields.template ?? ""), actor)));
    case "import":
      return runIntent(intent, fields, async () => {
        const { text } = await uploadedText(form, { maxBytes: 1024 * 1024, pastedField: "json", missing: "Chọn một tệp JSON bảng hỏi (hoặc dán nội dung tệp).", missingField: "Chưa có tệp.", missingStatus: 422 });
        return to(await importQuestionnaire(db(), text, actor));
      });
    default:
      return unknownIntent(intent);
  }
}

export default function QuestionnaireList() {
  const { demo, nav, questionnaires, roots, templates, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const createFail = useFailure("create");
  const importFail = useFailure("import");
  const templateFail = useFailure("template");
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Bảng hỏi và thiết kế bảng hỏi" flash={flash}
      intro={<p>Mỗi bảng hỏi có các phiên bản. Bản nháp sửa được; khi phát hành, phiên bản được khóa (không sửa được nữa) và mọi thay đổi tạo một bản nháp mới. Câu hỏi được ánh xạ vào cây chỉ số để tính điểm.</p>}
    >
      {failure && !["create", "import", "template"].includes(failure.intent) ? <ErrorSummary failure={failure} /> : null}
      <div className="admin-layout">
        <section className="admin-main" aria-labelledby="ds">
          <h2 id="ds">Danh sách bảng hỏi</h2>
          <table className="data admin-table" data-testid="questionnaires">
            <thead><tr><th scope="col">Bảng hỏi</th><th scope="col">Chỉ số</th><th scope="col">Phiên bản</th></tr></thead>
            <tbody>
              {questionnaires.map((q) => (
                <tr key={q.id} data-code={q.code}>
                  <td data-label="Bảng hỏi"><strong>{q.name}</strong><br /><span className="muted">{q.code} · /s/{q.slug}</span></td>
                  <td data-label="Chỉ số">{q.indexCode}<br /><span className="muted">{INDEX_KIND_LABEL[q.kind]}</span></td>
                  <td data-label="Phiên bản">
                    <ul className="plain">
                      {q.versions.map((v) => (
                        <li key={v.id}>
                          <Link to={`${PATH}/${v.id}`}>Phiên bản {v.version}</Link>{" "}
                          <span className={`dz-badge ${v.status}`}>{STATUS[v.status] ?? v.status}</span>{" "}
                          <span className="muted">{v.channels.map((c) => SURVEY_CHANNEL_LABEL[c as Channel] ?? c).join(", ")} · {v.responses.toLocaleString("vi-VN")} phiếu</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside admin-stack">
          <Form method="post" className="card admin-form" noValidate>
            <h2>Tạo bảng hỏi mới</h2>
            <TextField form="create" name="name" label="Tên bảng hỏi" required failure={createFail} maxLength={300} />
            <TextField form="create" name="code" label="Mã" required failure={createFail} maxLength={64} hint="Ví dụ: mot-cua-dat-dai." spellCheck={false} />
            <TextField form="create" name="slug" label="Đường dẫn khảo sát (/s/…)" required failure={createFail} maxLength={64} spellCheck={false} />
            <SelectField form="create" name="index" label="Chỉ số" required failure={createFail} empty="— Chọn chỉ số —"
              options={roots.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))} />
            {createFail ? <p className="error-text" role="alert">{createFail.message}</p> : null}
            <div className="form-actions"><SubmitButton intent="create" label="Tạo bản nháp" /></div>
          </Form>
          <Form method="post" className="card admin-form" noValidate>
            <h2>Dùng mẫu theo lĩnh vực</h2>
            <SelectField form="template" name="template" label="Mẫu" required failure={templateFail} options={templates.map((t) => ({ value: t.id, label: t.label }))} />
            {templateFail ? <p className="error-text" role="alert">{templateFail.message}</p> : null}
            <div className="form-actions"><SubmitButton intent="template" label="Nhập mẫu thành bản nháp" busyLabel="Đang nhập…" /></div>
          </Form>
          <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate>
            <h2>Nhập từ tệp JSON</h2>
            <div className="field">
              <label htmlFor="import-file">Tệp bảng hỏi (.json)</label>
              <span className="hint" id="import-file-hint">Theo <a href="/api/v1/schemas/questionnaire.json">lược đồ JSON đã công bố</a>; tệp xuất từ trình thiết kế dùng được ngay.</span>
              <input id="import-file" name="file" type="file" accept="application/json,.json" aria-describedby={importFail ? "import-file-hint import-error" : "import-file-hint"} aria-invalid={importFail ? true : undefined} />
            </div>
            {importFail ? (
              <div className="error-text" role="alert" id="import-error" data-testid="import-error">
                <p>{importFail.message.split(". ")[0]}.</p>
                <ul>{Object.entries(importFail.fields).map(([k, m]) => <li key={k}><code>{k}</code>: {m}</li>)}</ul>
              </div>
            ) : null}
            <div className="form-actions"><SubmitButton intent="import" label="Nhập thành bản nháp" busyLabel="Đang nhập…" /></div>
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
