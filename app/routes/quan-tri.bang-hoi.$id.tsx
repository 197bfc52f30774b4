import { SURVEY_CHANNEL_LABEL, type Channel, CHANNELS } from "../domain/channels";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StaffFrame } from "../components/StaffFrame";
import { CheckboxGroup, ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure, type ActionFailure } from "../components/forms";
import { Previews } from "../components/designer/Preview";
import { GRADE_LABEL, INDEX_KIND_LABEL, summarise, type ValuedNode } from "../domain/index-kinds";
import { localDay } from "../domain/periods";
import { fieldQuestion, QUESTION_TYPES, TYPE_INFO } from "../domain/question-types";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { getVersion, newDraftFrom, publishVersion, questionFromForm, removeQuestion, saveMeta, saveQuestion, type DesignerVersion } from "../services/surveys/designer.server";
import { InputError } from "../platform/errors";
import { computeIndices, type IndexNodeView } from "../services/indices/indices.server";
import { flashText } from "../domain/text";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { staffFrame } from "../platform/frame.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import surveyStyles from "../styles/survey.css?url";
import styles from "../styles/designer.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(adminStyles, surveyStyles, styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.v.name ?? "Bảng hỏi"} — Thiết kế bảng hỏi — Hài Lòng` }];

const BASE = "/quan-tri/bang-hoi";
const FLASH: Record<string, string> = {
  imported: "Đã tạo bản nháp. Hãy kiểm tra, xem trước rồi phát hành.",
  meta: "Đã lưu thông tin chung.",
  question: "Đã lưu câu hỏi {ref}.",
  removed: "Đã xóa câu hỏi {ref}.",
  published: "Đã phát hành. Phiên bản này từ nay được khóa; muốn sửa, hãy tạo bản nháp mới.",
  draft: "Đã tạo bản nháp mới từ phiên bản đã phát hành.",
};
const SCORING: Record<string, string> = { none: "Không tính điểm", zero_best: "0 là tốt nhất (ví dụ: tiền ngoài quy định)", lower_better: "Càng thấp càng tốt", higher_better: "Càng cao càng tốt" };

const metaForm = z.object({
  name: z.string().trim().min(1, "Nhập tên bảng hỏi.").max(300, "Tên tối đa 300 ký tự."),
  nameEn: z.string().trim().max(300, "Tên tiếng Anh tối đa 300 ký tự.").optional().transform((v) => v || null),
  intro: z.string().trim().max(2000, "Lời giới thiệu tối đa 2.000 ký tự.").optional().transform((v) => v || null),
  introEn: z.string().trim().max(2000, "Lời giới thiệu tiếng Anh tối đa 2.000 ký tự.").optional().transform((v) => v || null),
  channels: z.array(z.enum(CHANNELS)).min(1, "Chọn ít nhất một kênh hiển thị bảng hỏi."),
});

function versionId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Không tìm thấy phiên bản bảng hỏi.", { status: 404 });
  return id;
}

async function load(id: number): Promise<DesignerVersion> {
  try {
    return await getVersion(db(), id);
  } catch (e) {
    if (e instanceof InputError && e.status === 404) throw new Response(e.message, { status: 404 });
    throw e;
  }
}

const valued = (n: IndexNodeView): ValuedNode => ({ code: n.code, value: n.value, children: n.children.filter((c) => c.kind !== "question").map(valued) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "manage:questionnaires");
  const id = versionId(params);
  const url = new URL(request.url);
  const v = await load(id);
  return json(await pageData(user, v, url));
}

async function pageData(user: Awaited<ReturnType<typeof requirePermission>>, v: DesignerVersion, url: URL) {
  const year = Number(localDay(new Date()).slice(0, 4));
  let summary = null;
  if (v.status === "published") {
    const r = await computeIndices(db(), { year, index: v.indexCode });
    const s = summarise(v.kind, valued(r.nodes[0]));
    const names = new Map(v.nodes.map((n) => [n.code, n.name]));
    summary = { ...s, parts: s.parts.map((p) => ({ ...p, name: names.get(p.code) ?? p.code })), year, n: r.nodes[0].n };
  }
  return {
    ...(await staffFrame(db(), user, "admin")),
    v,
    preview: v.questions.map((q, i) => fieldQuestion(q, i + 1, "vi")),
    summary,
    flash: flashText(url.search, FLASH),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:questionnaires");
  const id = versionId(params);
  const fields = formFields(await request.formData(), ["channels"]);
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  const back = (ok: string, ref = "", to = id) => redirect(`${BASE}/${to}?ok=${ok}${ref ? `&ref=${encodeURIComponent(ref)}` : ""}`);
  switch (intent) {
    case "meta":
      return runIntent(intent, fields, async () => {
        await saveMeta(db(), id, parseForm(metaForm, fields), actor);
        return back("meta");
      });
    case "question": {
      const previous = typeof fields.previous === "string" && fields.previous ? fields.previous : null;
      return runIntent(intent, fields, async () => {
        const q = questionFromForm(fields);
        await saveQuestion(db(), id, q, previous, actor);
        return back("question", String(q.code));
      }, previous);
    }
    case "remove":
      return runIntent(intent, fields, async () => {
        await removeQuestion(db(), id, String(fields.code ?? ""), actor);
        return back("removed", String(fields.code ?? ""));
      }, String(fields.code ?? ""));
    case "publish":
      return runIntent(intent, fields, async () => {
        await publishVersion(db(), id, actor);
        return back("published");
      });
    case "draft":
      return runIntent(intent, fields, async () => back("draft", "", await newDraftFrom(db(), id, actor)));
    default:
      return unknownIntent(intent);
  }
}

type Q = DesignerVersion["questions"][number];

function optionsText(q: Q | undefined): string {
  return (q?.spec.options ?? []).map((o) => `${o.label} | ${o.labelEn ?? ""} | ${o.score === null ? "-" : String(o.score).replace(".", ",")}`).join("\n");
}

/** The form of one question (new or existing); type-specific settings are grouped and labelled. */
function QuestionForm({ q, nodes, failure, formId }: { q?: Q; nodes: DesignerVersion["nodes"]; failure: ActionFailure | null; formId: string }) {
  const s = q?.spec ?? {};
  const nodeLabel = (code: string) => {
    let depth = 0;
    let cur = nodes.find((n) => n.code === code);
    while (cur?.parent) { depth++; cur = nodes.find((n) => n.code === cur!.parent); }
    const n = nodes.find((x) => x.code === code)!;
    return `${"— ".repeat(depth)}${n.name}`;
  };
  return (
    <Form method="post" className="admin-form" noValidate>
      {q ? <input type="hidden" name="previous" value={q.code} /> : null}
      {failure ? <p className="error-text" role="alert">{failure.message}</p> : null}
      <div className="dz-grid">
        <TextField form={formId} name="code" label="Mã câu hỏi" required failure={failure} defaultValue={q?.code} maxLength={64} spellCheck={false} />
        <SelectField form={formId} name="type" label="Loại câu hỏi" required failure={failure} defaultValue={q?.type ?? "likert5"}
          options={QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_INFO[t].label }))} />
        <SelectField form={formId} name="node" label="Thuộc nút chỉ số" required failure={failure} defaultValue={q?.node_code ?? nodes[1]?.code ?? nodes[0]?.code}
          options={nodes.map((n) => ({ value: n.code, label: nodeLabel(n.code) }))} />
      </div>
      <TextField form={formId} name="text" label="Nội dung (tiếng Việt)" required failure={failure} defaultValue={q?.text} maxLength={500} />
      <TextField form={formId} name="textEn" label="Nội dung (tiếng Anh)" failure={failure} defaultValue={q?.text_en} maxLength={500} />
      <fieldset className="field">
        <legend>Chỉ dùng cho câu “Chọn một phương án”</legend>
        <label htmlFor={`${formId}-options`}>Phương án, mỗi dòng một: Nhãn tiếng Việt | English label | điểm từ 0 đến 1 (“-” = không tính điểm)</label>
        <textarea id={`${formId}-options`} name="options" rows={4} defaultValue={failure ? String(failure.values.options ?? "") : optionsText(q)}
          aria-invalid={failure?.fields.options ? true : undefined} aria-describedby={failure?.fields.options ? `${formId}-options-error` : undefined} />
        {failure?.fields.options ? <span className="error-text" id={`${formId}-options-error`}>{failure.fields.options}</span> : null}
      </fieldset>
      <fieldset className="field">
        <legend>Chỉ dùng cho câu “Có / Không” (điểm từ 0 đến 1; “-” = không tính điểm)</legend>
        <div className="dz-grid">
          <TextField form={formId} name="yesScore" label="Điểm khi trả lời Có" failure={failure} defaultValue={s.yesScore === undefined ? "1" : s.yesScore === null ? "-" : String(s.yesScore)} />
          <TextField form={formId} name="noScore" label="Điểm khi trả lời Không" failure={failure} defaultValue={s.noScore === undefined ? "0" : s.noScore === null ? "-" : String(s.noScore)} />
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Chỉ dùng cho câu “Số”</legend>
        <div className="dz-grid">
          <TextField form={formId} name="min" label="Nhỏ nhất" failure={failure} defaultValue={s.min === undefined ? "0" : String(s.min)} />
          <TextField form={formId} name="max" label="Lớn nhất" failure={failure} defaultValue={s.max === undefined ? "" : String(s.max)} />
          <TextField form={formId} name="unit" label="Đơn vị (ví dụ: đồng)" failure={failure} defaultValue={s.unit ?? ""} />
          <SelectField form={formId} name="scoring" label="Cách tính điểm" failure={failure} defaultValue={s.scoring ?? "none"}
            options={Object.entries(SCORING).map(([value, label]) => ({ value, label }))} />
        </div>
      </fieldset>
      <div className="form-actions"><SubmitButton intent="question" label={q ? "Lưu câu hỏi" : "Thêm câu hỏi"} /></div>
    </Form>
  );
}

export default function Designer() {
  const { demo, nav, v, preview, summary, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const metaFail = useFailure("meta");
  const newFail = useFailure("question", null);
  const draft = v.status === "draft";
  const typeLabel = (t: string) => (t in TYPE_INFO ? TYPE_INFO[t as keyof typeof TYPE_INFO].label : t);
  return (
    <StaffFrame section="admin" demo={demo} nav={nav} current={BASE} title={`${v.name} — phiên bản ${v.version}`} flash={flash}>
      <div className="dz-head">
        <Link to={BASE}>← Danh sách bảng hỏi</Link>
        <span className={`dz-badge ${v.status}`} data-testid="status">{draft ? "Bản nháp" : "Đã phát hành"}</span>
        <span>Chỉ số <strong>{v.indexCode}</strong> · {INDEX_KIND_LABEL[v.kind]}</span>
        <span data-testid="response-count">Số phiếu đã nhận: <strong>{v.responses.toLocaleString("vi-VN")}</strong></span>
        <a className="btn secondary small" href={`${BASE}/xuat/${v.id}`} download>Xuất tệp JSON</a>
        {!draft ? <a className="btn secondary small" href={`/s/${v.slug}`}>Mở khảo sát /s/{v.slug}</a> : null}
      </div>
      {failure && !["meta", "question"].includes(failure.intent) ? <ErrorSummary failure={failure} /> : null}

      {draft ? (
        <Form method="post" className="card admin-form" noValidate>
          <p>Bản nháp chưa hiển thị cho người dân. Khi phát hành, phiên bản được khóa và thay cho phiên bản đang dùng.</p>
          <div className="form-actions"><SubmitButton intent="publish" label="Phát hành phiên bản này" busyLabel="Đang phát hành…" /></div>
        </Form>
      ) : (
        <Form method="post" className="card admin-form" noValidate>
          <p>Phiên bản đã phát hành không sửa được (để các phiếu đã nhận luôn khớp với câu hỏi). Muốn thay đổi, hãy tạo bản nháp mới.</p>
          <div className="form-actions"><SubmitButton intent="draft" label={v.draftId ? "Mở bản nháp đang có" : "Tạo bản nháp mới từ phiên bản này"} /></div>
        </Form>
      )}

      {summary ? (
        <section className="card" aria-labelledby="kq">
          <h2 id="kq">Chỉ số {v.indexCode} năm {summary.year} ({summary.n.toLocaleString("vi-VN")} người trả lời, mọi bảng hỏi của chỉ số)</h2>
          <p data-testid="kind-total">Tổng: <strong>{summary.total === null ? "chưa có dữ liệu" : `${summary.total.toLocaleString("vi-VN")} ${summary.unit === "%" ? "%" : `/ ${summary.max} điểm`}`}</strong>
            {summary.grade ? <> · Xếp loại: <strong>{GRADE_LABEL[summary.grade]}</strong></> : null}</p>
          <div className="dz-scorecard">
            {summary.parts.map((p) => <div key={p.code}><span className="muted">{p.name}</span><strong>{p.score === null ? "—" : `${p.score.toLocaleString("vi-VN")}${summary.unit === "%" ? " %" : ` / ${p.max}`}`}</strong></div>)}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="xem-truoc">
        <h2 id="xem-truoc">Xem trước</h2>
        <Previews name={v.name} intro={v.intro} questions={preview} />
      </section>

      <div className="admin-layout">
        <section className="admin-main" aria-labelledby="cau-hoi">
          <h2 id="cau-hoi">Câu hỏi ({v.questions.length})</h2>
          <ol className="dz-questions">
            {v.questions.map((q) => (
              <li key={q.code} className="dz-question" data-code={q.code}>
                {draft ? (
                  <details open={!!failure && failure.intent === "question" && failure.target === q.code}>
                    <summary>{q.text} <span className="dz-meta">· {q.code} · {typeLabel(q.type)} · {q.node_code}</span></summary>
                    <QuestionForm q={q} nodes={v.nodes} failure={failure?.intent === "question" && failure.target === q.code ? failure : null} formId={`q-${q.id}`} />
                    <RowAction intent="remove" fields={{ code: q.code }} label="Xóa câu hỏi" danger confirm={`Xóa câu hỏi ${q.code}?`} ariaLabel={`Xóa câu hỏi ${q.code}`} />
                  </details>
                ) : (
                  <p><strong>{q.text}</strong><br /><span className="dz-meta">{q.text_en ?? "(chưa có bản tiếng Anh)"} · {q.code} · {typeLabel(q.type)} · {q.node_code}</span></p>
                )}
              </li>
            ))}
          </ol>
          {draft ? (
            <div className="card">
              <h3>Thêm câu hỏi</h3>
              {/* Keyed by the count, so the form is empty again after a question is added. */}
              <QuestionForm key={v.questions.length} nodes={v.nodes} failure={newFail} formId="new" />
            </div>
          ) : null}
        </section>
        <aside className="admin-aside">
          {draft ? (
            <Form method="post" className="card admin-form" noValidate>
              <h2>Thông tin chung</h2>
              <TextField form="meta" name="name" label="Tên (tiếng Việt)" required failure={metaFail} defaultValue={v.name} maxLength={300} />
              <TextField form="meta" name="nameEn" label="Tên (tiếng Anh)" failure={metaFail} defaultValue={v.nameEn} maxLength={300} />
              <TextField form="meta" name="intro" label="Lời giới thiệu (tiếng Việt)" failure={metaFail} defaultValue={v.intro} maxLength={2000} />
              <TextField form="meta" name="introEn" label="Lời giới thiệu (tiếng Anh)" failure={metaFail} defaultValue={v.introEn} maxLength={2000} />
              <CheckboxGroup form="meta" name="channels" label="Kênh hiển thị" failure={metaFail} checked={v.channels}
                options={CHANNELS.map((c) => ({ value: c, label: SURVEY_CHANNEL_LABEL[c] }))} />
              {metaFail ? <p className="error-text" role="alert">{metaFail.message}</p> : null}
              <div className="form-actions"><SubmitButton intent="meta" label="Lưu thông tin chung" /></div>
            </Form>
          ) : (
            <div className="card">
              <h2>Thông tin chung</h2>
              <p>Kênh: {v.channels.map((c) => SURVEY_CHANNEL_LABEL[c as Channel] ?? c).join(", ")}</p>
              {v.intro ? <p className="muted">{v.intro}</p> : null}
            </div>
          )}
          <div className="card">
            <h2>Cây chỉ số</h2>
            <ul className="plain">
              {v.nodes.map((n) => <li key={n.code}>{n.parent ? "· " : ""}{n.name} <span className="muted">({n.code}{n.weight ? `, trọng số ${n.weight}` : ""})</span></li>)}
            </ul>
          </div>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
