import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AdminPage } from "../components/admin/AdminPage";
import { QrPoster } from "../components/posters/QrPoster";
import { db } from "../services/db.server";
import { adminChrome } from "../services/org-admin.server";
import { postersFor, publicBaseUrl } from "../services/posters.server";
import { requirePermission } from "../services/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/poster.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }, { rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Áp phích mã QR khảo sát — Hài Lòng" }];

const PATH = "/quan-tri/ap-phich";

/** Printable A6 posters with the survey's QR code, one per service point in the user's scope (?diem=<code> for one). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const only = new URL(request.url).searchParams.get("diem")?.trim().toUpperCase().slice(0, 64) || null;
  const conn = db();
  const [chrome, data] = await Promise.all([adminChrome(conn, user), postersFor(conn, user, publicBaseUrl(request), only)]);
  return json({ ...chrome, ...data, only }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function Posters() {
  const { demo, nav, posters, template, only, surveyPublished } = useLoaderData<typeof loader>();
  return (
    <AdminPage
      demo={demo}
      nav={nav}
      current={PATH}
      title="Áp phích mã QR khảo sát"
      intro="Mỗi điểm phục vụ một áp phích khổ A6 để dán tại quầy: người dân quét mã QR để đánh giá trực tuyến, điểm phục vụ được điền sẵn."
    >
      <section className="card poster-help" aria-labelledby="poster-print">
        <h2 id="poster-print">In áp phích</h2>
        <p>
          Dùng lệnh In của trình duyệt (Ctrl+P), chọn khổ giấy <strong>A6</strong> (hoặc A4 với “nhiều trang trên một tờ” = 4), tỉ lệ 100 %.
          Mỗi áp phích in trên một trang; phần còn lại của trang này không được in.
        </p>
        {!surveyPublished ? <p className="admin-flash warn" role="alert">Chưa có phiếu khảo sát trực tuyến “sipas” đang phát hành: mã QR sẽ dẫn tới trang báo không tìm thấy.</p> : null}
        <h2 id="poster-template">Mã QR trên phiếu hẹn trả kết quả</h2>
        <p>Hệ thống một cửa điện tử in trên mỗi phiếu hẹn một mã QR theo mẫu sau; người dân quét mã thì nơi giải quyết và mã hồ sơ được điền sẵn, mỗi hồ sơ chỉ đánh giá được một lần:</p>
        <p><code className="poster-template">{template}</code></p>
        <p className="muted">Mã điểm phục vụ là mã in dưới mỗi áp phích (ví dụ MC-BMT); mã hồ sơ được mã hoá theo URL. Thêm <code>&amp;lang=en</code> cho tiếng Anh. Chi tiết: docs/api.md.</p>
        {only ? <p><a href={PATH}>← Xem áp phích của mọi điểm phục vụ</a></p> : null}
      </section>

      <p className="muted poster-count">{posters.length} áp phích{only ? ` (điểm ${only})` : ""}</p>
      {posters.length === 0 ? <p className="card">Không có điểm phục vụ nào trong phạm vi của tài khoản này{only ? ` với mã “${only}”` : ""}.</p> : null}
      <div className="poster-sheet">
        {posters.map((p) => (
          <div className="poster-cell" key={p.code}>
            <QrPoster name={p.name} unitName={p.unitName} url={p.url} shortUrl={p.shortUrl} svg={p.svg} />
            <p className="poster-actions">
              <span className="poster-code">{p.code}</span>
              {only ? null : <a href={`${PATH}?diem=${encodeURIComponent(p.code)}`}>Chỉ in áp phích này</a>}
            </p>
          </div>
        ))}
      </div>
    </AdminPage>
  );
}
