import type { Lang } from "../../i18n/format";

/** The province's hotline and office hours (set by an admin on /quan-tri/trang-nguoi-dan). */
export function Hotline({ lang, hotline, officeHours }: { lang: Lang; hotline: string; officeHours: string }) {
  const en = lang === "en";
  const tel = hotline.replace(/[^0-9+]/g, "");
  return (
    <aside className="fb-card fb-hotline" aria-labelledby="hotline-title" data-testid="hotline">
      <h2 id="hotline-title">{en ? "Need help? Call the hotline" : "Cần hỗ trợ? Gọi đường dây nóng"}</h2>
      <p className="fb-hotline-number"><a href={`tel:${tel}`}>{hotline}</a></p>
      <p className="fb-note">{en ? "Office hours: " : "Giờ làm việc: "}{officeHours}</p>
    </aside>
  );
}
