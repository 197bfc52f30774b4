import { type Lang, formatNumber } from "../../i18n/format";
import { tOther, type OtherIndicesKey } from "../../i18n/other-indices";
import type { OtherIndex } from "../../services/indices/index-kinds.server";
import { formatDecimal } from "./format";
import { MIN_SAMPLE } from "../../domain/figure";
import { kindDef } from "../../domain/index-kinds/index";

const GRADES = ["excellent", "good", "fair", "average", "weak"] as const;


/**
 * "Các chỉ số khác": every index other than SIPAS with data in the scope and year, on its kind's
 * scale — PAPI-style dimensions 1–10 and the total out of 80, Circular 01 indices 0–2, the total
 * out of 18 and its grade. Each figure is written out; the bars only repeat it.
 */
export function OtherIndices({ lang, year, indices }: { lang: Lang; year: number; indices: OtherIndex[] }) {
  if (indices.length === 0) return null;
  return (
    <section className="dash-section dash-other" aria-labelledby="dash-other-title" data-testid="other-indices">
      <h2 id="dash-other-title" className="dash-h2">{tOther(lang, "other.title")}</h2>
      <p className="muted dash-hint">{tOther(lang, "other.hint", { year })}</p>
      {indices.map((ix) => (
        <IndexCard key={ix.index.code} lang={lang} ix={ix} />
      ))}
    </section>
  );
}

/** One line for the SIPAS "no data" card when other indices do have data, linking to their section. */
export function OtherIndicesNote({ lang, indices }: { lang: Lang; indices: OtherIndex[] }) {
  if (indices.length === 0) return null;
  const names = indices.map((ix) => (lang === "en" && ix.index.nameEn ? ix.index.nameEn : ix.index.name)).join("; ");
  return (
    <p data-testid="other-indices-note">
      <a href="#dash-other-title">{tOther(lang, "other.emptyNote", { names })}</a>
    </p>
  );
}

function IndexCard({ lang, ix }: { lang: Lang; ix: OtherIndex }) {
  const { index, summary: s } = ix;
  const id = `dash-other-${index.code}`;
  const kind = index.kind;
  // Fixed decimals per kind, so a column reads evenly: 7,25 (PAPI), 1,5 (Circular 01 points), 81,57%.
  const def = kindDef(kind);
  const percent = def.unit === "%";
  const num = (v: number | null) => (v === null ? "—" : percent ? `${formatNumber(v, lang, def.decimals)}%` : formatNumber(v, lang, def.decimals));
  const kindText = tOther(lang, `other.kind.${kind}`, { max: s.max });
  const name = lang === "en" && index.nameEn ? index.nameEn : index.name;
  return (
    <article className="card dash-kind" aria-labelledby={id} data-testid={`other-index-${index.code}`} data-kind={kind}>
      <h3 id={id} className="dash-h3">{name}</h3>
      <p className="muted dash-kind-scale">{kindText}</p>
      <p className="dash-kind-total">
        <strong data-testid="kind-total">
          {percent ? tOther(lang, "other.totalPercent", { total: num(s.total) }) : tOther(lang, "other.total", { total: num(s.total), max: s.max })}
        </strong>
        <span className="muted"> · {tOther(lang, "other.respondents", { n: formatNumber(s.n, lang) })}</span>
        {s.grade ? (
          <>
            {" · "}
            <strong className={`dash-grade grade-${s.grade}`} data-testid="kind-grade">
              {tOther(lang, "other.grade", { grade: tOther(lang, `other.g.${s.grade}` as OtherIndicesKey) })}
            </strong>
          </>
        ) : null}
      </p>
      {s.partsWithData < s.parts.length ? <p className="dash-kind-note">{tOther(lang, "other.partial", { with: s.partsWithData, all: s.parts.length })}</p> : null}
      {def.graded ? (
        <div className="dash-kind-bands">
          <p>{tOther(lang, "other.bands")}</p>
          <ul>
            {GRADES.map((g) => (
              <li key={g} className={g === s.grade ? "current" : undefined}>
                {tOther(lang, `other.band.${g}` as OtherIndicesKey)}
                {g === s.grade ? <strong> {tOther(lang, "other.current")}</strong> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
        <table className="data dash-table dash-kind-table">
          <thead>
            <tr>
              <th scope="col">{tOther(lang, `other.col.${kind}` as OtherIndicesKey)}</th>
              <th scope="col" className="num">{tOther(lang, "other.col.score")}</th>
              <th scope="col" className="dash-kind-barcol">{percent ? tOther(lang, "other.col.bar", { min: "0%", max: "100%" }) : tOther(lang, "other.col.bar", { min: def.scaleMin, max: formatDecimal(s.parts[0]?.max ?? 0, lang) })}</th>
              <th scope="col" className="num">{tOther(lang, "other.col.n")}</th>
              <th scope="col" className="num">{tOther(lang, "other.col.ci")}</th>
            </tr>
          </thead>
          <tbody>
            {s.parts.map((p) => (
              <tr key={p.code} data-testid="kind-part" data-code={p.code}>
                <td className="text">
                  {lang === "en" && p.nameEn ? p.nameEn : p.name}
                  {p.score !== null && p.n < MIN_SAMPLE ? <div className="dash-small-inline">{tOther(lang, "other.small")}</div> : null}
                </td>
                <td className="num strong" data-testid="kind-part-score">
                  {percent ? num(p.score) : tOther(lang, "other.outOf", { score: num(p.score), max: formatDecimal(p.max, lang) })}
                </td>
                <td className="dash-kind-barcol">
                  <ScaleBar score={p.score} min={def.scaleMin} max={p.max} />
                </td>
                <td className="num" data-label={tOther(lang, "other.col.n")}>{formatNumber(p.n, lang)}</td>
                <td className="num" data-label={tOther(lang, "other.col.ci")}>{p.low === null || p.high === null ? "—" : `${num(p.low)} – ${num(p.high)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

/** A bar from the scale's lowest to highest figure; decorative (the score is in the cell beside it). */
function ScaleBar({ score, min, max }: { score: number | null; min: number; max: number }) {
  if (score === null) return <span className="dash-scale empty" aria-hidden="true" />;
  const share = Math.min(1, Math.max(0, (score - min) / (max - min)));
  return (
    <span className="dash-scale" aria-hidden="true">
      <span className="dash-scale-fill" style={{ width: `${(share * 100).toFixed(1)}%` }} />
    </span>
  );
}
