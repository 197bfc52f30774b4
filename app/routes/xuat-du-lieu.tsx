import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { PeriodFields, Select } from "../components/exports/PeriodFields";
import { db } from "../platform/db.server";
import { availableYears, defaultYear } from "../services/indices/dashboard.server";
import { InputError } from "../platform/errors";
import { EXPORT_DATASETS, EXPORT_FORMATS, exportScope, parseExportQuery, scopeChoices, scopeParam } from "../services/indices/exports.server";
import { hasDemoData } from "../platform/frame.server";
import { requirePermission } from "../platform/session.server";
import styles from "../styles/exports.css?url";
import { stylesheets, pageTitle } from "../components/page";

export const links = stylesheets(styles);
export const meta = pageTitle("Xuất dữ liệu");

const SCOPE_GROUPS = { unit: "Đơn vị hành chính", agency: "Cơ quan", point: "Điểm phục vụ" };

/**
 * GET /xuat-du-lieu: the export form. Submitting it (tai=1) checks the choice here, so mistakes are
 * answered on the page in Vietnamese, then redirects to the file (/xuat/chi-so.csv …).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "export:data");
  const conn = db();
  const url = new URL(request.url);
  const [choices, years, fallbackYear, demo] = await Promise.all([scopeChoices(conn, user), availableYears(conn), defaultYear(conn), hasDemoData(conn)]);
  const p = url.searchParams;
  const form = {
    scope: p.get("pham_vi") ?? choices[0]?.value ?? "",
    year: p.get("year") ?? String(fallbackYear),
    period: p.get("period") ?? "year",
    channel: p.get("channel") ?? "all",
    dataset: p.get("du_lieu") ?? "chi-so",
    format: p.get("dinh_dang") ?? "csv",
    variant: p.get("dang") ?? "nguoi-doc",
  };
  const errors: Record<string, string> = {};
  if (p.get("tai")) {
    if (!(EXPORT_DATASETS as readonly string[]).includes(form.dataset)) errors.dataset = "Chọn loại dữ liệu: chỉ số hoặc phiếu khảo sát ẩn danh.";
    if (!(EXPORT_FORMATS as readonly string[]).includes(form.format)) errors.format = "Chọn định dạng CSV hoặc Excel (XLSX).";
    const scope = scopeParam(form.scope);
    if (!Object.keys(scope).length) errors.scope = "Chọn phạm vi trong danh sách.";
    try {
      const q = parseExportQuery(new URLSearchParams({ ...scope, year: form.year, period: form.period, channel: form.channel, dang: form.variant }), fallbackYear);
      if (!Object.keys(errors).length) {
        await exportScope(conn, user, q);
        const target = new URLSearchParams({ ...scope, year: String(q.year), period: q.period, channel: q.channel, ...(q.dang === "ma-may" ? { dang: q.dang } : {}) });
        throw redirect(`/xuat/${form.dataset}.${form.format}?${target.toString()}`);
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const [k, v] of Object.entries(e.fields)) errors[["unit", "agency", "point"].includes(k) ? "scope" : k] ??= v;
      if (!Object.keys(e.fields).length) errors.scope = e.message;
    }
  }
  return json({ demo, choices, years: years.includes(Number(form.year)) || !/^\d{4}$/.test(form.year) ? years : [...years, Number(form.year)].sort((a, b) => b - a), form, errors }, { status: Object.keys(errors).length ? 400 : 200 });
}

export default function ExportPage() {
  const { demo, choices, years, form, errors } = useLoaderData<typeof loader>();
  const failed = Object.keys(errors).length > 0;
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page xuat">
        <p><Link to="/trang-can-bo">← Trang cán bộ</Link></p>
        <h1>Xuất dữ liệu</h1>
        <p className="muted">Tải chỉ số hài lòng (giá trị, số người trả lời, khoảng tin cậy 95 %, chỉ tiêu) hoặc phiếu khảo sát đã ẩn danh của một phạm vi và một kỳ, dạng CSV hoặc Excel. Mỗi lần xuất được ghi vào nhật ký.</p>
        {failed ? (
          <div className="error-summary" role="alert" data-testid="export-error">
            <h2>Chưa xuất được dữ liệu</h2>
            <ul>{Object.entries(errors).map(([k, v]) => <li key={k}>{v}</li>)}</ul>
          </div>
        ) : null}
        <Form method="get" className="card xuat-form" aria-label="Chọn dữ liệu cần xuất" reloadDocument>
          <input type="hidden" name="tai" value="1" />
          <div style={{ gridColumn: "1 / -1" }}>
            <Select id="xuat-scope" name="pham_vi" label="Phạm vi" value={form.scope} options={choices} groups={SCOPE_GROUPS} error={errors.scope} />
          </div>
          <PeriodFields idPrefix="xuat" years={years} value={form} errors={errors} />
          <fieldset>
            <legend>Dữ liệu</legend>
            <label><input type="radio" name="du_lieu" value="chi-so" defaultChecked={form.dataset !== "phieu"} /> Chỉ số và tiêu chí</label>
            <label><input type="radio" name="du_lieu" value="phieu" defaultChecked={form.dataset === "phieu"} /> Phiếu khảo sát (ẩn danh)</label>
            {errors.dataset ? <span className="error-text">{errors.dataset}</span> : null}
          </fieldset>
          <fieldset>
            <legend>Định dạng</legend>
            <label><input type="radio" name="dinh_dang" value="csv" defaultChecked={form.format !== "xlsx"} /> CSV (UTF-8, mở được bằng Excel)</label>
            <label><input type="radio" name="dinh_dang" value="xlsx" defaultChecked={form.format === "xlsx"} /> Excel (XLSX)</label>
            {errors.format ? <span className="error-text">{errors.format}</span> : null}
          </fieldset>
          <fieldset>
            <legend>Dạng nội dung</legend>
            <label><input type="radio" name="dang" value="nguoi-doc" defaultChecked={form.variant !== "ma-may"} /> Cho người đọc: tiêu đề và giá trị bằng tiếng Việt, ngày dd/mm/yyyy</label>
            <label><input type="radio" name="dang" value="ma-may" defaultChecked={form.variant === "ma-may"} /> Mã máy: mã và ngày chuẩn ISO, để nạp vào hệ thống khác</label>
            {errors.dang ? <span className="error-text">{errors.dang}</span> : null}
          </fieldset>
          <div className="actions">
            <button type="submit" className="btn" data-testid="export-submit">Tải tệp</button>
            <Link to="/bao-cao/quy">Báo cáo quý để in</Link>
          </div>
        </Form>
        <section className="xuat-note card" aria-labelledby="an-danh">
          <h2 id="an-danh">Phiếu khảo sát được ẩn danh thế nào</h2>
          <ul>
            <li>Giữ lại: ngày, điểm phục vụ, đơn vị, kênh, lĩnh vực, phiên bản phiếu và câu trả lời từng câu (1–5; 0 = không áp dụng; để trống = không trả lời).</li>
            <li>Mã hồ sơ được thay bằng một mã băm có khóa bí mật: đếm được hồ sơ trùng nhưng không tra ngược được.</li>
            <li>Không xuất ý kiến ghi thêm (có thể chứa họ tên, số điện thoại): chỉ ghi có hay không có ý kiến.</li>
            <li>Không xuất mã người trả lời và các phiếu đã bị loại.</li>
            <li>Ô bắt đầu bằng = + - @ được thêm dấu &apos; ở đầu để Excel không chạy như công thức.</li>
          </ul>
        </section>
      </main>
    </Chrome>
  );
}
