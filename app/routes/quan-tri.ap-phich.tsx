import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { QrPoster } from "../components/posters/QrPoster";
import { postersFor, publicBaseUrl } from "../services/surveys/posters.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/poster.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Áp phích mã QR khảo sát");

const PATH = "/quan-tri/ap-phich";

/** Printable A6 posters with the survey's QR code, one per service point in the user's scope (?diem=<code> for one). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, conn, frame: chrome } = await staffPage(request, "read:indices", "admin");
  const only = new URL(request.url).searchParams.get("diem")?.trim().toUpperCase().slice(0, 64) || null;
  const [data] = await Promise.all([postersFor(conn, user, publicBaseUrl(request), only)]);
  return json({ ...chrome, ...data, only }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function Posters() {
  const { demo, nav, posters, template, only, surveyPublished } = useLoaderData<typeof loader>();
  return (
    <StaffFrame section="admin"
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
    </StaffFrame>
  );
}
