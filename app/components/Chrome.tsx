import type { ReactNode } from "react";
import type { Lang } from "../i18n/format";
import { translate } from "../i18n/messages";
import { languages } from "../i18n/locales";

/**
 * Top bar and demo banner of the public and staff pages (the kiosk has its own full screen).
 * `citizen` pages carry no staff links, and on a phone the bar is one row: the name and a menu
 * button (a checkbox and its label, so it opens without JavaScript).
 */
export function Chrome({ lang, demo, children, langHref, citizen = false }: { lang: Lang; demo: boolean; children: ReactNode; langHref?: LangLink[]; citizen?: boolean }) {
  const en = lang === "en";
  const links = (
    <>
      <a href="/s/sipas">{en ? "Survey" : "Khảo sát"}</a>
      <a href="/phan-anh">{en ? "Feedback" : "Phản ánh"}</a>
      <a href="/tra-cuu">{en ? "Track" : "Tra cứu"}</a>
      <a href="/cong-khai">{en ? "Answers" : "Công khai"}</a>
      <a href="/ket-qua">{en ? "Results" : "Kết quả"}</a>
      {citizen ? null : (
        <>
          <a href="/dashboard">{en ? "Dashboard" : "Bảng điều khiển"}</a>
          <a href="/trang-can-bo">{en ? "Staff" : "Cán bộ"}</a>
        </>
      )}
      {langHref ? (
        <span className="lang-links">
          {langHref.map((l, i) => (
            <span key={l.code}>
              {i > 0 ? " · " : null}
              <a href={l.href} lang={l.code} aria-current={lang === l.code ? "true" : undefined} title={l.draft ? (en ? "draft translation" : "bản dịch thử") : undefined}>
                {l.short}<span className="sr-only"> {l.name}{l.draft ? ` (${en ? "draft" : "bản thử"})` : ""}</span>
              </a>
            </span>
          ))}
        </span>
      ) : null}
    </>
  );
  return (
    <>
      <header className={`topbar${citizen ? " citizen" : ""}`}>
        <div className="inner">
          <a className="brand" href="/">{translate(lang, "appName")}</a>
          {/* One set of links; on a phone a checkbox (no JavaScript needed) opens them under the bar. */}
          <input type="checkbox" id="topnav-toggle" className="topnav-toggle" aria-controls="topnav" />
          <label htmlFor="topnav-toggle" className="topnav-button">{en ? "Menu" : "Danh mục"}</label>
          <nav className="topnav" id="topnav" aria-label={en ? "Main menu" : "Danh mục chính"}>{links}</nav>
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
