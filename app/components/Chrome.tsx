import type { ReactNode } from "react";
import type { Lang } from "../i18n/format";
import { translate } from "../i18n/messages";

/** Top bar and demo banner of the public and staff pages (the kiosk has its own full screen). */
export function Chrome({ lang, demo, children, langHref }: { lang: Lang; demo: boolean; children: ReactNode; langHref?: { vi: string; en: string } }) {
  return (
    <>
      <header className="topbar">
        <div className="inner">
          <a className="brand" href="/">{translate(lang, "appName")}</a>
          <a href="/s/sipas">{lang === "en" ? "Survey" : "Khảo sát"}</a>
          <a href="/phan-anh">{lang === "en" ? "Feedback" : "Phản ánh"}</a>
          <a href="/tra-cuu">{lang === "en" ? "Track" : "Tra cứu"}</a>
          <a href="/cong-khai">{lang === "en" ? "Answers" : "Công khai"}</a>
          <a href="/ket-qua">{lang === "en" ? "Results" : "Kết quả"}</a>
          <a href="/dashboard">{lang === "en" ? "Dashboard" : "Bảng điều khiển"}</a>
          <a href="/trang-can-bo">{lang === "en" ? "Staff" : "Cán bộ"}</a>
          {langHref ? (
            <span>
              <a href={langHref.vi} lang="vi" aria-current={lang === "vi" ? "true" : undefined}>VI</a>
              {" · "}
              <a href={langHref.en} lang="en" aria-current={lang === "en" ? "true" : undefined}>EN</a>
            </span>
          ) : null}
        </div>
      </header>
      {demo ? <div className="demo-banner" role="note">{translate(lang, "demoBanner")}</div> : null}
      {children}
    </>
  );
}

/** Same URL with another language. */
export function langLinks(url: string): { vi: string; en: string } {
  const u = new URL(url);
  const make = (l: string) => {
    u.searchParams.set("lang", l);
    return `${u.pathname}?${u.searchParams.toString()}`;
  };
  return { vi: make("vi"), en: make("en") };
}
