import type { Lang } from "../../i18n/format";

/** The dashboard's way to the quarterly report and the exports of the scope being viewed. */
export function DashboardLinks({ lang, unit, year, channel }: { lang: Lang; unit: string; year: number; channel: string }) {
  const en = lang === "en";
  const q = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  const scope = { unit, year, ...(channel !== "all" ? { channel } : {}) };
  return (
    <nav className="dash-exports" aria-label={en ? "Reports and exports" : "Báo cáo và xuất dữ liệu"} data-testid="dashboard-exports">
      <span className="muted">{en ? "Quarterly report:" : "Báo cáo quý:"}</span>{" "}
      {[1, 2, 3, 4].map((quarter) => (
        <a key={quarter} href={`/bao-cao/quy?${q({ unit, year, quarter })}`}>{en ? `Q${quarter}` : `Quý ${quarter}`}</a>
      ))}
      <span className="muted"> · {en ? "Indices:" : "Chỉ số:"}</span>{" "}
      <a href={`/xuat/chi-so.csv?${q(scope)}`} download>CSV</a>
      <a href={`/xuat/chi-so.xlsx?${q(scope)}`} download>Excel</a>
      <span className="muted"> · </span>
      <a href={`/xuat-du-lieu?${q({ unit, year })}`}>{en ? "More exports (responses, periods)…" : "Xuất dữ liệu khác (phiếu, theo kỳ)…"}</a>
    </nav>
  );
}
