import type { Lang } from "../../i18n/format";
import { ft, withLang } from "../../i18n/feedback";

/** The three citizen pages of feedback, as tabs under the top bar. */
export function FeedbackNav({ lang, current }: { lang: Lang; current: "send" | "track" | "public" }) {
  const items = [
    { id: "send", href: "/phan-anh", label: ft(lang, "navSend") },
    { id: "track", href: "/tra-cuu", label: ft(lang, "navTrack") },
    { id: "public", href: "/cong-khai", label: ft(lang, "navPublic") },
  ] as const;
  return (
    <nav className="fb-nav" aria-label={lang === "en" ? "Feedback" : "Góp ý, phản ánh"}>
      {items.map((i) => (
        <a key={i.id} href={withLang(i.href, lang)} aria-current={current === i.id ? "page" : undefined}>
          {i.label}
        </a>
      ))}
    </nav>
  );
}
