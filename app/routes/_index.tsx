import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "../platform/db.server";
import { Chrome, langLinks } from "../components/Chrome";
import { langFrom, translate } from "../i18n/messages";
import { listServicePoints } from "../services/org/reference.server";
import { hasDemoData } from "../platform/frame.server";

export const meta: MetaFunction = () => [{ title: "Hài Lòng" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const points = await listServicePoints(db());
  return json({ lang, demo: await hasDemoData(db()), points: points.slice(0, 3).map((p) => ({ code: p.code, name: p.name })), langHref: langLinks(request.url) });
}

export default function Home() {
  const { lang, demo, points, langHref } = useLoaderData<typeof loader>();
  const en = lang === "en";
  return (
    <Chrome lang={lang} demo={demo} langHref={langHref}>
      <main className="page">
        <h1>{translate(lang, "appName")}</h1>
        <p className="muted">{translate(lang, "tagline")}</p>
        <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(240px, 1fr))" }}>
          <section className="card">
            <h2>{en ? "Dashboard" : "Bảng điều khiển"}</h2>
            <p>{en ? "SIPAS sub-indices against this year's targets." : "Năm chỉ số thành phần SIPAS so với chỉ tiêu của năm."}</p>
            <a className="btn" href="/dashboard">{en ? "Open" : "Mở"}</a>
          </section>
          <section className="card">
            <h2>{en ? "Online survey" : "Khảo sát trực tuyến"}</h2>
            <p>{en ? "The 22 criteria, on a phone (QR code on the receipt)." : "22 tiêu chí, trên điện thoại (mã QR trên phiếu hẹn)."}</p>
            <a className="btn" href="/s/sipas">{en ? "Answer" : "Trả lời"}</a>
          </section>
          <section className="card">
            <h2>Kiosk</h2>
            <p>{en ? "Five questions at a one-stop desk." : "Năm câu hỏi tại Bộ phận Một cửa."}</p>
            <ul>
              {points.map((p) => (
                <li key={p.code}><a href={`/kiosk/${encodeURIComponent(p.code)}`}>{p.name}</a></li>
              ))}
              <li><a href="/kiosk">{en ? "All service points…" : "Tất cả điểm phục vụ…"}</a></li>
            </ul>
          </section>
          <section className="card">
            <h2>{en ? "Feedback" : "Góp ý, phản ánh, kiến nghị"}</h2>
            <p>{en ? "Send feedback to the agency that owns it, follow it with a tracking code, read published answers." : "Gửi đến đúng cơ quan có thẩm quyền, theo dõi bằng mã tra cứu, xem các câu trả lời đã công khai."}</p>
            <a className="btn" href="/phan-anh">{en ? "Send feedback" : "Gửi phản ánh"}</a>{" "}
            <a className="btn secondary" href="/tra-cuu">{en ? "Track" : "Tra cứu"}</a>{" "}
            <a className="btn secondary" href="/cong-khai">{en ? "Answers" : "Công khai"}</a>
          </section>
          <section className="card">
            <h2>API</h2>
            <p>{en ? "JSON API for dossier systems and BI tools." : "API JSON cho hệ thống một cửa điện tử và công cụ phân tích."}</p>
            <a className="btn secondary" href="/api/docs">{en ? "API documentation" : "Tài liệu API"}</a>
          </section>
        </div>
      </main>
    </Chrome>
  );
}
