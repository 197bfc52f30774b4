import type { ReactNode } from "react";
import type { Lang } from "../i18n/format";
import { translate } from "../i18n/messages";
import { languages } from "../i18n/locales";

/** Top bar and demo banner of the public and staff pages (the kiosk has its own full screen). */
export function Chrome({ lang, demo, children, langHref }: { lang: Lang; demo: boolean; children: ReactNode; langHref?: LangLink[] }) {
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
            <span className="lang-links">
              {langHref.map((l, i) => (
                <span key={l.code}>
                  {i > 0 ? " · " : null}
                  <a href={l.href} lang={l.code} aria-current={lang === l.code ? "true" : undefined} title={l.draft ? (lang === "en" ? "draft translation" : "bản dịch thử") : undefined}>
                    {l.short}<span className="sr-only"> {l.name}{l.draft ? ` (${lang === "en" ? "draft" : "bản thử"})` : ""}</span>
                  </a>
                </span>
              ))}
            </span>
          ) : null}
        </div>
      </header>
      {demo ? <div className="demo-banner" role="note">{translate(lang, "demoBanner")}</div> : null}
      {children}
    </>
  );
}

export interface LangLink {
  code: string;
  short: string;
  name: string;
  draft: boolean;
  href: string;
}

/** The same URL in every registered language (Vietnamese, English, then the data files of locales/). */
export function langLinks(url: string): LangLink[] {
  const u = new URL(url);
  return languages().map((l) => {
    u.searchParams.set("lang", l.code);
    return { ...l, href: `${u.pathname}?${u.searchParams.toString()}` };
  });
}
