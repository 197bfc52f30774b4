import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { stylesheets, pageTitle } from "../components/page";
import { viDay } from "../domain/days";
import { CHANNELS, SURVEY_CHANNEL_LABEL } from "../domain/channels";
import { formatNumber } from "../i18n/format";
import { InputError } from "../platform/errors";
import { staffPage } from "../platform/frame.server";
import { commentFilter } from "../schemas/comments";
import { zodFields } from "../schemas/admin";
import { readComments, type CommentsPage } from "../services/indices/comments.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/comments.css?url";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Ý kiến người dân");

const PATH = "/y-kien";
const FILTER_KEYS = ["unit", "point", "criterion", "channel", "year", "month", "rating", "sort"] as const;

/**
 * GET /y-kien?unit=&point=&criterion=&channel=&year=&month=&rating=&sort=&page= — the comments citizens left in
 * the user's scope (read:indices), masked. A bad filter answers 400 with the page and its message;
 * a unit outside the user's scope 403; an unknown unit or desk 404.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, url, conn, frame } = await staffPage(request, "read:indices", "indices");
  const raw = Object.fromEntries(url.searchParams);
  const form = Object.fromEntries(FILTER_KEYS.map((k) => [k, raw[k] ?? ""])) as Record<(typeof FILTER_KEYS)[number], string>;
  const parsed = commentFilter.safeParse(raw);
  const query = new URLSearchParams(FILTER_KEYS.filter((k) => form[k]).map((k) => [k, form[k]])).toString();
  if (!parsed.success) {
    const errors = zodFields(parsed.error);
    return json({ ...frame, form, query, errors, data: null as CommentsPage | null }, { status: 400 });
  }
  try {
    const data = await readComments(conn, user, parsed.data);
    return json({ ...frame, form, query, errors: {} as Record<string, string>, data });
  } catch (e) {
    if (e instanceof InputError) throw new Response(e.message, { status: e.status, statusText: e.status === 403 ? "Forbidden" : "Not Found" });
    throw e;
  }
}

const RATING_LABEL: Record<number, string> = { 1: "1 — Rất không hài lòng", 2: "2 — Không hài lòng", 3: "3 — Bình thường", 4: "4 — Hài lòng", 5: "5 — Rất hài lòng" };
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

function pageHref(query: string, page: number): string {
  const q = new URLSearchParams(query);
  if (page > 1) q.set("page", String(page));
  else q.delete("page");
  const s = q.toString();
  return s ? `${PATH}?${s}` : PATH;
}

export default function CommentsRoute() {
  const { demo, nav, form, query, errors, data } = useLoaderData<typeof loader>();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
  const filtered = FILTER_KEYS.some((k) => form[k] && k !== "sort");
  const first = data ? (data.page - 1) * data.pageSize + 1 : 0;
  const invalid = (k: string) => (errors[k] ? { "aria-invalid": true as const, "aria-describedby": `f-${k}-error` } : {});
  const err = (k: string) => (errors[k] ? <span id={`f-${k}-error`} className="error-text">{errors[k]}</span> : null);
  return (
    <StaffFrame section="indices" demo={demo} nav={nav} current={PATH} title="Ý kiến người dân"
      intro={
        <p>
          Những gì người dân viết trong phiếu khảo sát (ý kiến chung và các câu hỏi mở), kèm mức đánh giá của phiếu. Họ tên, số điện thoại,
          email, số CCCD/CMND và mã hồ sơ đã được che trước khi hiển thị và khi xuất tệp. Phiếu đã loại khỏi chỉ số không hiện ở đây.
          Cột <strong>“Thấp nhất”</strong> là mức đánh giá thấp nhất của phiếu (1–5) trên các câu hỏi mức độ hài lòng; bộ lọc “Mức đánh giá” lọc theo mức thấp nhất này.
        </p>
      }
    >
      <Form method="get" className="card audit-filter yk-filter" aria-label="Lọc ý kiến">
        <div className="field">
          <label htmlFor="f-unit">Phạm vi</label>
          <select id="f-unit" name="unit" defaultValue={form.unit || data?.scope.unitCode || ""} {...invalid("unit")}>
            {data ? data.units.map((u) => <option key={u.code} value={u.code}>{`${"— ".repeat(Math.min(u.depth, 3))}${u.name}`}</option>) : <option value="">Phạm vi của tôi</option>}
          </select>
          {err("unit")}
        </div>
        <div className="field">
          <label htmlFor="f-point">Điểm phục vụ</label>
          <select id="f-point" name="point" defaultValue={form.point} {...invalid("point")}>
            <option value="">Tất cả điểm trong phạm vi</option>
            {data?.points.map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
          {err("point")}
        </div>
        <div className="field">
          <label htmlFor="f-criterion">Tiêu chí</label>
          <select id="f-criterion" name="criterion" defaultValue={form.criterion} {...invalid("criterion")}>
            <option value="">Mọi tiêu chí</option>
            {data?.criteria.map((g) => (
              <optgroup key={g.index} label={g.index}>
                {g.criteria.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </optgroup>
            ))}
          </select>
          {err("criterion")}
        </div>
        <div className="field">
          <label htmlFor="f-channel">Kênh</label>
          <select id="f-channel" name="channel" defaultValue={form.channel} {...invalid("channel")}>
            <option value="">Tất cả các kênh</option>
            {CHANNELS.map((c) => <option key={c} value={c}>{SURVEY_CHANNEL_LABEL[c]}</option>)}
          </select>
          {err("channel")}
        </div>
        <div className="field">
          <label htmlFor="f-year">Năm</label>
          <select id="f-year" name="year" defaultValue={form.year} {...invalid("year")}>
            <option value="">Tất cả các năm</option>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
          {err("year")}
        </div>
        <div className="field">
          <label htmlFor="f-month">Tháng</label>
          <select id="f-month" name="month" defaultValue={form.month} {...invalid("month")}>
            <option value="">Cả năm</option>
            {MONTHS.map((m) => <option key={m} value={m}>{`Tháng ${m}`}</option>)}
          </select>
          {err("month")}
        </div>
        <div className="field">
          <label htmlFor="f-rating">Mức đánh giá (thấp nhất)</label>
          <select id="f-rating" name="rating" defaultValue={form.rating} {...invalid("rating")}>
            <option value="">Tất cả</option>
            {[1, 2, 3, 4, 5].map((r) => <option key={r} value={r}>{RATING_LABEL[r]}</option>)}
          </select>
          {err("rating")}
        </div>
        <div className="field">
          <label htmlFor="f-sort">Sắp xếp</label>
          <select id="f-sort" name="sort" defaultValue={form.sort} {...invalid("sort")}>
            <option value="">Mới nhất trước</option>
            <option value="thap">Đánh giá thấp nhất trước</option>
          </select>
          {err("sort")}
        </div>
        <div className="filter-actions">
          <button type="submit" className="btn">Lọc</button>
          {filtered || Object.keys(errors).length ? <Link to={PATH} className="btn secondary">Bỏ lọc</Link> : null}
        </div>
      </Form>
      {Object.keys(errors).length ? (
        <p className="error-summary" role="alert" data-testid="comments-error">Bộ lọc chưa hợp lệ: {Object.values(errors).join(" ")}</p>
      ) : null}
      {data ? (
        <>
          <p className="muted admin-count" role="status">
            {data.total
              ? `${data.scope.pointName ?? data.scope.unitName}: ${formatNumber(data.total)} phiếu có ý kiến; đang xem ${formatNumber(first)}–${formatNumber(first + data.rows.length - 1)}.`
              : `${data.scope.pointName ?? data.scope.unitName}: không có ý kiến nào${filtered ? " khớp bộ lọc" : ""}.`}
            {data.criterionName ? ` Mức đánh giá “Thấp nhất” và “Trung bình” chỉ tính các câu hỏi của tiêu chí “${data.criterionName}”.` : null}
            {data.total ? <> <a href={`/y-kien.csv${query ? `?${query}` : ""}`} download data-testid="comments-csv">Tải tệp CSV (đã che thông tin cá nhân)</a></> : null}
          </p>
          {data.rows.length ? (
            <div className="table-wrap yk-wrap" tabIndex={0} role="region" aria-label="Danh sách ý kiến">
              <table className="data yk-table" data-testid="comments-table">
                <thead>
                  <tr>
                    <th scope="col">Ngày</th>
                    <th scope="col">Điểm phục vụ, kênh</th>
                    <th scope="col">Thấp nhất</th>
                    <th scope="col">Trung bình</th>
                    <th scope="col">Ý kiến</th>
                    <th scope="col">Phản ánh</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.responseId} data-rating={r.minRating ?? ""}>
                      <td data-label="Ngày" className="nowrap">{viDay(r.day)}</td>
                      <td data-label="Điểm phục vụ">{r.pointName}<span className="sub">{r.channel}</span></td>
                      <td data-label="Thấp nhất" className="num">{r.minRating === null ? "—" : formatNumber(r.minRating)}</td>
                      <td data-label="Trung bình" className="num">{r.avgRating === null ? "—" : formatNumber(r.avgRating, "vi", 1)}</td>
                      <td data-label="Ý kiến" className="yk-text">
                        {r.texts.map((t, i) => (
                          <p key={i}>{t.question ? <span className="sub">{t.question}</span> : null}{t.text}</p>
                        ))}
                      </td>
                      <td data-label="Phản ánh">
                        {r.feedback ? (r.feedback.id !== null ? <Link to={`/hop-thu/${r.feedback.id}`}>{r.feedback.code}</Link> : <span>{r.feedback.code}</span>) : <span className="muted">—</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {data.pages > 1 ? (
            <nav className="pager" aria-label="Phân trang">
              {data.page > 1 ? <Link to={pageHref(query, data.page - 1)} rel="prev">← Trang trước</Link> : <span className="muted">← Trang trước</span>}
              <span>{`Trang ${formatNumber(data.page)} / ${formatNumber(data.pages)}`}</span>
              {data.page < data.pages ? <Link to={pageHref(query, data.page + 1)} rel="next">Trang sau →</Link> : <span className="muted">Trang sau →</span>}
            </nav>
          ) : null}
        </>
      ) : null}
    </StaffFrame>
  );
}
