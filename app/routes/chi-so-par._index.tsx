import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ParTable, SourceTag } from "../components/plans/ParTable";
import { formatNumber } from "../i18n/format";
import { db } from "../platform/db.server";
import { parseYear } from "../services/indices/indices.server";
import { parTree, parYears } from "../services/plans/par-tree.server";
import { staffFrame } from "../platform/frame.server";
import { requireUser, userCan } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { stylesheets, pageTitle } from "../components/page";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Chỉ số CCHC (PAR Index)");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!(await userCan(user, "read:plans")) && !(await userCan(user, "read:indices"))) {
    throw new Response("Bạn không có quyền xem Chỉ số CCHC. Nếu cần, hãy liên hệ quản trị viên.", { status: 403, statusText: "Forbidden" });
  }
  const conn = db();
  const years = await parYears(conn);
  const year = parseYear(new URL(request.url).searchParams.get("year"), years[0] ?? new Date().getFullYear());
  const [chrome, tree] = await Promise.all([staffFrame(conn, user, "plans"), parTree(conn, year)]);
  return json({ ...chrome, years, tree, canManage: await userCan(user, "manage:plans") });
}

export default function ParIndex() {
  const { demo, nav, years, tree, canManage } = useLoaderData<typeof loader>();
  const crit81 = tree.nodes.flatMap((n) => n.children).find((c) => c.code === "8.1");
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/chi-so-par" title={`Chỉ số CCHC (PAR Index) năm ${tree.year}`}
      intro={<p>Cây lĩnh vực, tiêu chí, tiêu chí thành phần với điểm tối đa, mục tiêu và cơ quan chủ trì (Phụ lục I Kế hoạch 116/KH-UBND). Tiêu chí 8.1 lấy từ khảo sát SIPAS, 3.5.1 từ tỷ lệ phản ánh xử lý đúng hạn; các tiêu chí khác là điểm tự chấm. Điểm mục cha bằng tổng mục con.</p>}>
      <Form method="get" className="pl-picker">
        <label htmlFor="par-year">Năm</label>
        <select id="par-year" name="year" defaultValue={tree.year}>{years.map((y) => <option key={y} value={y}>{y}</option>)}</select>
        <button className="btn secondary small" type="submit">Xem</button>
        {canManage ? <Link to={`/chi-so-par/nhap?year=${tree.year}`}>Nhập, sửa điểm →</Link> : null}
      </Form>
      {tree.nodes.length === 0 ? <p className="card">Chưa có cây tiêu chí cho năm {tree.year}.</p> : (
        <>
          <ul className="pl-totals" data-testid="par-summary">
            <li>Tổng điểm hiện có<strong>{tree.total?.points === null || !tree.total ? "—" : formatNumber(tree.total.points, "vi", 2)}</strong></li>
            <li>Mục tiêu<strong>{formatNumber(tree.total?.target ?? null, "vi", 2)}/{formatNumber(tree.total?.maxPoints ?? null)}</strong></li>
            <li>Tiêu chí 8.1 (SIPAS)<strong>{crit81?.points == null ? "—" : formatNumber(crit81.points, "vi", 2)}/{formatNumber(crit81?.maxPoints ?? null)}</strong></li>
            <li>Người trả lời khảo sát<strong>{formatNumber(tree.sipasN)}</strong></li>
          </ul>
          <p className="par-legend"><span>Nguồn điểm:</span> <SourceTag source="measured" /> từ dữ liệu của hệ thống <SourceTag source="entered" /> cơ quan tự chấm <SourceTag source="pending" /> chưa có</p>
          <ParTable nodes={tree.nodes} total={tree.total} />
        </>
      )}
    </StaffFrame>
  );
}
