import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { formatDate } from "../i18n/format";
import { listPlans } from "../services/plans/plans.server";
import { userCan } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Kế hoạch nâng cao chỉ số");

const INDEX_LABEL: Record<string, string> = { PAPI: "PAPI", PAR: "PAR Index", SIPAS: "PAR Index và SIPAS" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "read:plans", "plans");
  const [plans] = await Promise.all([listPlans(conn)]);
  return json({ ...chrome, plans, canReport: await userCan(user, "report:plans"), canManage: await userCan(user, "manage:plans") });
}

export default function Plans() {
  const { demo, nav, plans, canReport, canManage } = useLoaderData<typeof loader>();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/ke-hoach" title="Kế hoạch nâng cao chỉ số"
      intro={<p>Các kế hoạch của tỉnh nhằm nâng cao Chỉ số PAPI, Chỉ số CCHC (PAR Index) và Chỉ số hài lòng (SIPAS): mục tiêu, nhiệm vụ theo lĩnh vực, cơ quan chủ trì, thực hiện và tiến độ báo cáo.{canManage ? <> <Link to="/ke-hoach/moi">Tạo, sao chép hoặc nhập kế hoạch mới →</Link></> : null}</p>}>
      {plans.length === 0 ? <p className="card">Chưa có kế hoạch nào.</p> : (
        <div className="pl-cards" data-testid="plans">
          {plans.map((p) => (
            <article key={p.code} className="card">
              <p className="muted pl-meta">{INDEX_LABEL[p.index_code] ?? p.index_code} · {p.year_to ? `giai đoạn ${p.year}–${p.year_to}` : `năm ${p.year}`}{p.status === "draft" ? " · dự thảo" : ""}{p.former_province ? ` · tỉnh ${p.former_province} (cũ)` : ""}</p>
              <h2><Link to={`/ke-hoach/${p.code}`}>{p.title}</Link></h2>
              <p className="pl-meta">Số {p.doc_number ?? "—"}{p.issued_on ? `, ban hành ${formatDate(p.issued_on)}` : ""}</p>
              <ul className="pl-links">
                <li><Link to={`/ke-hoach/${p.code}`}>Nhiệm vụ và điểm số</Link></li>
                {canReport ? <li><Link to={`/ke-hoach/bao-cao?plan=${p.code}`}>Báo cáo thực hiện</Link></li> : null}
                {canManage ? <li><Link to={`/ke-hoach/theo-doi?plan=${p.code}`}>Theo dõi báo cáo</Link></li> : null}
              </ul>
            </article>
          ))}
        </div>
      )}
    </StaffFrame>
  );
}
