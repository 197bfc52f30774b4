import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, RowAction, SelectField, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { viDay } from "../domain/days";
import { localDay } from "../domain/periods";
import { db } from "../platform/db.server";
import { DEADLINE_KINDS, DEADLINE_STEPS, STEP_LABEL } from "../domain/feedback-labels";
import { labelOptions } from "../services/feedback/label-options.server";
import { addHoliday, deadlineForm, deadlineGrid, duePreview, holidayForm, holidayRemove, holidayYears, listHolidays, previewDue, removeHoliday, saveDeadlines } from "../services/feedback/calendar-admin.server";
import { flashText } from "../domain/text";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/feedback-staff.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Ngày nghỉ và thời hạn xử lý — Quản trị");

const PATH = "/quan-tri/ngay-nghi";
const FLASH: Record<string, string> = {
  added: "Đã thêm ngày {ref} vào lịch.",
  removed: "Đã xóa ngày {ref} khỏi lịch.",
  deadlines: "Đã lưu thời hạn xử lý.",
};
const WEEKDAY = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:routing", "admin");
  const thisYear = Number(localDay(new Date()).slice(0, 4));
  const y = Number(url.searchParams.get("year"));
  const year = Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : thisYear;
  const [holidays, years, grid] = await Promise.all([listHolidays(conn, year), holidayYears(conn), deadlineGrid(conn)]);
  const previewInput = { from: url.searchParams.get("from") ?? "", kind: url.searchParams.get("kind") ?? "", step: url.searchParams.get("step") ?? "handling" };
  let preview: { days: number; due: string } | null = null;
  let previewError: string | null = null;
  if (url.searchParams.has("from")) {
    const parsed = duePreview.safeParse(previewInput);
    if (parsed.success) preview = await previewDue(conn, parsed.data);
    else previewError = parsed.error.issues.map((i) => i.message).join(" ");
  }
  return json({
    ...chrome,
    year,
    years: [...new Set([...years, thisYear, thisYear + 1, year])].sort((a, b) => b - a),
    holidays: holidays.map((h) => ({ ...h, weekday: WEEKDAY[new Date(`${h.day}T00:00:00Z`).getUTCDay()] })),
    grid,
    kinds: labelOptions().kinds,
    previewInput: { ...previewInput, from: previewInput.from || localDay(new Date()) },
    preview,
    previewError,
    flash: flashText(url.search, FLASH),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor } = await adminPost(request, "manage:routing");
  const year = /^\d{4}$/.test(String(fields.year ?? "")) ? String(fields.year) : "";
  switch (intent) {
    case "add":
      return runIntent(intent, fields, async () => {
        const input = parseForm(holidayForm, fields);
        await addHoliday(db(), input, actor);
        return redirect(`${PATH}?year=${input.day.slice(0, 4)}&ok=added&ref=${viDay(input.day)}`);
      });
    case "remove":
      return runIntent(intent, fields, async () => {
        const { day } = parseForm(holidayRemove, fields);
        await removeHoliday(db(), day, actor);
        return redirect(`${PATH}?year=${day.slice(0, 4)}&ok=removed&ref=${viDay(day)}`);
      }, String(fields.day ?? ""));
    case "deadlines":
      return runIntent(intent, fields, async () => {
        const input = parseForm(deadlineForm, fields) as Record<string, number | null>;
        await saveDeadlines(db(), input, actor);
        return redirect(`${PATH}?${year ? `year=${year}&` : ""}ok=deadlines#thoi-han`);
      });
    default:
      return unknownIntent(intent);
  }
}

export default function HolidayAdmin() {
  const { demo, nav, year, years, holidays, grid, kinds, previewInput, preview, previewError, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const addFail = useFailure("add");
  const dlFail = useFailure("deadlines");
  const cell = (kind: string, step: string) => grid.find((g) => g.kind === kind && g.step === step)!;
  const fieldName = (kind: string, step: string) => `d_${kind === "*" ? "all" : kind}_${step}`;
  const off = holidays.filter((h) => h.kind === "holiday").length;
  const KIND_NAME = (k: string) => (k === "*" ? "Mọi loại (quy tắc chung)" : kinds.find((x) => x.value === k)?.label ?? k);
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Ngày nghỉ và thời hạn xử lý" flash={flash}
      intro={<p>Hạn xử lý phản ánh tính theo ngày làm việc: không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết; ngày làm bù (thứ Bảy/Chủ nhật đi làm) được tính. Thay đổi áp dụng cho hạn tính từ nay; hạn của phản ánh đã nhận không đổi.</p>}
    >
      {failure && !["add", "deadlines"].includes(failure.intent) ? <ErrorSummary failure={failure} /> : null}
      <div className="admin-layout">
        <section className="admin-main" aria-labelledby="lich">
          <div className="fb-year-head">
            <h2 id="lich">Lịch năm {year}</h2>
            <nav className="fb-years" aria-label="Chọn năm">
              {years.map((y) => <Link key={y} to={`${PATH}?year=${y}`} aria-current={y === year ? "page" : undefined}>{y}</Link>)}
            </nav>
          </div>
          <p className="muted admin-count">{off} ngày nghỉ, {holidays.length - off} ngày làm bù.</p>
          {holidays.length === 0 ? <p className="card fb-empty">Chưa có ngày nghỉ nào cho năm {year}. Hãy thêm theo thông báo chính thức.</p> : (
            <table className="data admin-table compact fb-holidays" data-testid="holidays">
              <thead><tr><th scope="col">Ngày</th><th scope="col">Thứ</th><th scope="col">Loại</th><th scope="col">Tên</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr></thead>
              <tbody>
                {holidays.map((h) => (
                  <tr key={h.day} data-day={h.day}>
                    <td data-label="Ngày" className="nowrap">{viDay(h.day)}</td>
                    <td data-label="Thứ">{h.weekday}</td>
                    <td data-label="Loại">{h.kind === "holiday" ? <span className="fb-status overdue-tone">Nghỉ</span> : <span className="fb-status open">Làm bù</span>}</td>
                    <td data-label="Tên">{h.name ?? <span className="muted">—</span>}</td>
                    <td className="actions">
                      <RowAction intent="remove" fields={{ day: h.day }} label="Xóa" danger ariaLabel={`Xóa ngày ${viDay(h.day)} khỏi lịch`} confirm={`Xóa ngày ${viDay(h.day)} khỏi lịch?`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <Form method="post" className="card admin-form fb-deadlines" id="thoi-han" noValidate>
            <h2>Thời hạn xử lý (ngày làm việc)</h2>
            <p className="muted">Để trống một ô để dùng quy tắc chung. Bước “chuyển” áp dụng khi phản ánh chờ điều phối; bước “xử lý” khi đã có cơ quan xử lý.</p>
            {dlFail ? <p className="error-text" role="alert">{dlFail.message}</p> : null}
            <input type="hidden" name="year" value={year} />
            <table className="data fb-grid-table">
              <thead>
                <tr><th scope="col">Loại</th>{DEADLINE_STEPS.map((s) => <th key={s} scope="col">{STEP_LABEL[s]}</th>)}</tr>
              </thead>
              <tbody>
                {DEADLINE_KINDS.map((k) => (
                  <tr key={k}>
                    <th scope="row">{KIND_NAME(k)}</th>
                    {DEADLINE_STEPS.map((s) => {
                      const c = cell(k, s);
                      const name = fieldName(k, s);
                      const err = dlFail?.fields[name];
                      const raw = dlFail ? dlFail.values[name] : undefined;
                      return (
                        <td key={s}>
                          <input
                            id={`dl-${name}`} name={name} type="number" min={1} max={90} inputMode="numeric"
                            defaultValue={raw !== undefined ? String(raw) : c.value ?? (k === "*" ? c.effective : "")}
                            placeholder={c.value === null && k !== "*" ? `${c.effective} (chung)` : undefined}
                            aria-label={`${KIND_NAME(k)}: ${STEP_LABEL[s]}`}
                            aria-invalid={err ? true : undefined}
                            aria-describedby={err ? `dl-${name}-error` : undefined}
                          />
                          {err ? <span id={`dl-${name}-error`} className="error-text">{err}</span> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="form-actions"><SubmitButton intent="deadlines" label="Lưu thời hạn" /></div>
          </Form>
        </section>
        <aside className="admin-aside admin-stack">
          <Form method="post" className="card admin-form" id="bieu-mau" noValidate>
            <h2>Thêm ngày</h2>
            <TextField form="holiday" name="day" label="Ngày" type="date" required failure={addFail} defaultValue={`${year}-01-01`} />
            <SelectField form="holiday" name="kind" label="Loại" required failure={addFail} defaultValue="holiday"
              options={[{ value: "holiday", label: "Ngày nghỉ (lễ, Tết, nghỉ bù)" }, { value: "working_weekend", label: "Ngày làm bù (thứ Bảy/Chủ nhật đi làm)" }]} />
            <TextField form="holiday" name="name" label="Tên (không bắt buộc)" failure={addFail} maxLength={120} hint="Ví dụ: Tết Nguyên đán, Giỗ Tổ Hùng Vương." />
            {addFail ? <p className="error-text" role="alert">{addFail.message}</p> : null}
            <div className="form-actions"><SubmitButton intent="add" label="Thêm vào lịch" /></div>
          </Form>
          <Form method="get" className="card admin-form" id="tinh-thu" aria-labelledby="tinh-thu-title">
            <h2 id="tinh-thu-title">Tính thử hạn xử lý</h2>
            <input type="hidden" name="year" value={year} />
            <TextField form="preview" name="from" label="Ngày tiếp nhận" type="date" failure={null} defaultValue={previewInput.from} />
            <SelectField form="preview" name="kind" label="Loại" failure={null} defaultValue={previewInput.kind || "phan_anh"} options={kinds} />
            <SelectField form="preview" name="step" label="Bước" failure={null} defaultValue={previewInput.step}
              options={DEADLINE_STEPS.map((s) => ({ value: s, label: STEP_LABEL[s] }))} />
            <div className="form-actions"><button className="btn secondary" type="submit">Tính hạn</button></div>
            {previewError ? <p className="error-text" role="alert">{previewError}</p> : null}
            {preview ? (
              <p className="fb-test-result" role="status" data-testid="due-preview" data-due={preview.due}>
                Hạn xử lý: <strong>{viDay(preview.due)}</strong> ({preview.days} ngày làm việc sau ngày {viDay(previewInput.from)}).
              </p>
            ) : null}
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
