import { td } from "../../i18n/dashboard";
import { formatDate, formatNumber, type Lang } from "../../i18n/format";
import type { TreeInfo } from "../../services/indices/indices.server";

/** Which unit tree a figure uses, when its unit existed, and what could not be mapped (docs/decisions/0012). */
export function TreeNote({ lang, year, tree, unitName }: { lang: Lang; year: number; tree: TreeInfo; unitName: string }) {
  const day = (d: string) => formatDate(d, lang);
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const partial = (tree.validFrom !== null && tree.validFrom > yearStart) || (tree.validTo !== null && tree.validTo < yearEnd);
  const span = tree.validFrom && tree.validTo
    ? `${day(tree.validFrom)} – ${day(tree.validTo)}`
    : tree.validFrom ? (lang === "en" ? `from ${day(tree.validFrom)}` : `từ ${day(tree.validFrom)}`) : (lang === "en" ? `until ${day(tree.validTo!)}` : `đến ${day(tree.validTo!)}`);
  return (
    <div className="dash-tree" data-testid="dashboard-tree" data-tree={tree.mode}>
      <p>
        {tree.mode === "current" ? td(lang, "tree.current", { year, day: day(tree.day) }) : td(lang, "tree.then", { year })}
        {partial ? <> {td(lang, "tree.life", { unit: unitName, span })}</> : null}
      </p>
      {tree.mode === "current" && tree.unmapped.respondents > 0 ? (
        <p data-testid="dashboard-unmapped">{td(lang, "tree.unmapped", { n: formatNumber(tree.unmapped.respondents, lang), points: formatNumber(tree.unmapped.servicePoints, lang) })}</p>
      ) : null}
    </div>
  );
}
