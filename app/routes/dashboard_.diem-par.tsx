import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { ParPointsPanel } from "../components/par/ParPointsPanel";
import { availableYears, defaultYear, scopeInfo } from "../services/indices/dashboard.server";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { parseYear } from "../services/indices/indices.server";
import { parPointsView } from "../services/indices/par-points.server";
import { hasDemoData } from "../platform/frame.server";
import { readableUnit } from "../services/org/scope.server";
import { requirePermission, userCan } from "../platform/session.server";
import dashStyles from "../styles/dashboard.css?url";
import styles from "../styles/targets.css?url";
import { stylesheets, pageTitle } from "../components/page";

export const links = stylesheets(dashStyles, styles);
export const meta = pageTitle("Điểm PAR tiêu chí 8.1");

/** GET /dashboard/diem-par?year=&unit= — read:indices in the unit's scope. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const url = new URL(request.url);
  const conn = db();
  const forbidden = (e: unknown): never => {
    if (e instanceof InputError) throw new Response(e.message, { status: e.status, statusText: e.status === 403 ? "Forbidden" : "Not Found" });
    throw e;
  };
  const home = await readableUnit(user, null).catch(forbidden);
  const unit = await readableUnit(user, url.searchParams.get("unit") || home.code).catch(forbidden);
  const fallback = await defaultYear(conn);
  let year = fallback;
  let yearError: string | null = null;
  try {
    year = parseYear(url.searchParams.get("year"), fallback);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    yearError = "Năm không hợp lệ: đang hiển thị năm mặc định. Hãy chọn một năm trong danh sách.";
  }
  const [data, years, scope, demo, canEdit] = await Promise.all([
    parPointsView(conn, { year, unit: unit.code }), availableYears(conn), scopeInfo(conn, unit.code, home.code), hasDemoData(conn), userCan(user, "manage:targets"),
  ]);
  return json({ data, years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a), year, unit: unit.code, scope: scope.options, demo, canEdit, yearError });
}

export default function ParPointsPage() {
  const { data, years, year, unit, scope, demo, canEdit, yearError } = useLoaderData<typeof loader>();
  const noData = data.lines.every((l) => l.value === null);
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page dash">
        <p><Link to={`/dashboard?year=${year}&unit=${unit}`}>← Bảng điều khiển</Link></p>
        <h1>Điểm Chỉ số cải cách hành chính (PAR Index) từ mức hài lòng</h1>
        <p className="muted dash-intro">
          Tiêu chí 8.1 “Chỉ số hài lòng (SIPAS)” tối đa 10 điểm, chia cho 5 chỉ số thành phần. Điểm tính từ tỷ lệ hài lòng của năm theo cách quy đổi tỉnh đã chọn
          {canEdit ? <> (<Link to="/quan-tri/chi-tieu#diem-par">đổi cách quy đổi</Link>)</> : null}.
        </p>
        <Form method="get" className="card dash-controls" aria-label="Chọn năm và phạm vi">
          <div className="dash-field year">
            <label htmlFor="par-year">Năm</label>
            <select id="par-year" name="year" defaultValue={String(year)}>
              {years.map((y) => <option key={y} value={y}>{y}</option>)}
            </select>
          </div>
          <div className="dash-field wide">
            <label htmlFor="par-unit">Phạm vi</label>
            <select id="par-unit" name="unit" defaultValue={unit}>
              {scope.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
            </select>
          </div>
          <div className="dash-field submit"><button className="btn" type="submit">Xem</button></div>
        </Form>
        {yearError ? <p className="error-summary" role="alert">{yearError}</p> : null}
        {noData ? (
          <div className="card dash-empty" role="status" data-testid="par-empty">
            <h2>Chưa có phiếu khảo sát cho năm {year}</h2>
            <p>Chưa tính được điểm. Chọn một năm khác, hoặc thu phiếu qua ki-ốt, mã QR và phiếu giấy để có số liệu.</p>
          </div>
        ) : null}
        <ParPointsPanel data={data} />
      </main>
    </Chrome>
  );
}
