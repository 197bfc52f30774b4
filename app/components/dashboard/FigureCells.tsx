import { type Lang, formatNumber, formatPercent } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import { CiBar } from "./CiBar";
import { rangeText } from "./format";
import { MIN_SAMPLE, type Figure } from "../../domain/figure";
import type { Verdict } from "../../domain/verdict";
import { StatusBadge } from "./StatusBadge";

/** A figure with its target and verdict (app/domain/verdict.ts), as a row of cells shows it. */
export interface JudgedFigure extends Figure {
  threshold: number | null;
  verdict: Pick<Verdict, "status" | "n" | "uncertain">;
}

/** The headers of the four FigureCells columns. */
export function FigureHeads({ lang }: { lang: Lang }) {
  return (
    <>
      <th scope="col" className="num">{td(lang, "col.value")}</th>
      <th scope="col" className="num">{td(lang, "col.n")}</th>
      <th scope="col" className="ci-col">{td(lang, "col.ci")}</th>
      <th scope="col">{td(lang, "league.status")}</th>
    </>
  );
}

/**
 * The four cells of a figure in a ranked table: value (with the small-sample mark), n, the 95 %
 * interval drawn and written, and the target status.
 */
export function FigureCells({ lang, figure: r, floor, valueTestId, smallTestId }: { lang: Lang; figure: JudgedFigure; floor: number; valueTestId: string; smallTestId?: string }) {
  const small = r.value !== null && r.n < MIN_SAMPLE;
  return (
    <>
      <td className="num strong">
        <span data-testid={valueTestId}>{formatPercent(r.value, lang)}</span>
        {small ? <div className="dash-small-inline">{td(lang, "criteria.smallSample")}</div> : null}
      </td>
      <td className="num">{formatNumber(r.n, lang)}</td>
      <td className="ci-col">
        <CiBar lang={lang} value={r.value} ciLow={r.ciLow} ciHigh={r.ciHigh} threshold={r.threshold} status={small ? "small" : r.verdict.status} floor={floor} />
        <div className="ci-text">{rangeText(lang, r.ciLow, r.ciHigh)}</div>
      </td>
      <td>
        <StatusBadge lang={lang} verdict={r.verdict} testId={r.verdict.status === "insufficient" ? smallTestId : undefined} />
      </td>
    </>
  );
}
