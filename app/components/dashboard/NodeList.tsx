import { Link } from "@remix-run/react";
import { type Lang, formatNumber } from "../../i18n/format";
import { td } from "../../i18n/dashboard";
import type { WeakCriterion } from "../../services/indices/dashboard.server";
import { barFloor } from "./CiBar";
import { nodeName, type IndexNodeView } from "./format";
import { FigureCells, FigureHeads } from "./FigureCells";
import type { Figure } from "../../domain/figure";
import { judge, type Verdict } from "../../domain/verdict";

interface Row extends Figure {
  code: string;
  label: string;
  group?: string;
  threshold: number | null;
  verdict: Pick<Verdict, "status" | "n" | "uncertain">;
}

/** A list of index nodes (sub-indices or criteria), each a link one level down, with its interval drawn. */
function NodeRows({ lang, id, title, hint, rows, hrefFor, testId }: {
  lang: Lang; id: string; title: string; hint: string; rows: Row[]; hrefFor: (code: string) => string; testId: string;
}) {
  const floor = barFloor(rows);
  const withGroup = rows.some((r) => r.group);
  return (
    <section className="dash-section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="dash-h2">{title}</h2>
      <p className="muted dash-hint">{hint}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
        <table className="data dash-table dash-league">
          <thead>
            <tr>
              <th scope="col">{td(lang, "col.criterion")}</th>
              {withGroup ? <th scope="col">{td(lang, "weak.subIndex")}</th> : null}
              <FigureHeads lang={lang} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              return (
                <tr key={r.code} data-testid="node-row" data-code={r.code}>
                  <th scope="row" className="text">
                    <Link to={hrefFor(r.code)} data-testid={`node-link-${r.code}`}>{r.label}</Link>
                  </th>
                  {withGroup ? <td>{r.group}</td> : null}
                  <FigureCells lang={lang} figure={r} floor={floor} valueTestId="node-value" />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const sortWeakest = <T extends { value: number | null; code: string }>(rows: T[]) =>
  [...rows].sort((a, b) => (a.value ?? Infinity) - (b.value ?? Infinity) || a.code.localeCompare(b.code));

/** The children of the focused node (sub-indices of SIPAS, criteria of a sub-index), weakest first. */
export function NodeChildren({ lang, node, hrefFor }: { lang: Lang; node: IndexNodeView; hrefFor: (code: string) => string }) {
  if (node.children.length === 0) return null;
  const rows: Row[] = sortWeakest(node.children).map((c) => ({
    code: c.code, label: nodeName(lang, c),
    value: c.value, n: c.n, ciLow: c.ciLow, ciHigh: c.ciHigh, threshold: c.target?.threshold ?? null, verdict: c.verdict,
  }));
  const isRoot = node.kind === "index";
  return (
    <NodeRows
      lang={lang} id="dash-children-title" testId="node-children" rows={rows} hrefFor={hrefFor}
      title={isRoot ? td(lang, "drill.subIndices") : td(lang, "drill.children", { node: nodeName(lang, node) })}
      hint={td(lang, "drill.childrenHint")}
    />
  );
}

/** The lowest criteria of the scope (n ≥ 30 only), with the sub-index each belongs to. */
export function WeakestCriteria({ lang, year, root, rows, tooFew, hrefFor }: {
  lang: Lang; year: number; root: IndexNodeView; rows: WeakCriterion[]; tooFew: number; hrefFor: (code: string) => string;
}) {
  const names = new Map<string, IndexNodeView>();
  const walk = (n: IndexNodeView) => { names.set(n.code, n); n.children.forEach(walk); };
  walk(root);
  if (rows.length === 0) {
    return (
      <section className="dash-section" aria-labelledby="dash-weak-title" data-testid="weakest">
        <h2 id="dash-weak-title" className="dash-h2">{td(lang, "weak.title")}</h2>
        <p className="card muted" role="status">{td(lang, "weak.none", { year })}</p>
      </section>
    );
  }
  const data: Row[] = rows.map((r) => {
    const q = names.get(r.code);
    const g = names.get(r.node);
    return {
      code: r.code, label: q ? nodeName(lang, q) : r.code, group: g ? nodeName(lang, g) : r.node,
      value: r.value, n: r.n, ciLow: r.ciLow, ciHigh: r.ciHigh, threshold: null,
      verdict: judge(r, null, true),
    };
  });
  return (
    <NodeRows
      lang={lang} id="dash-weak-title" testId="weakest" rows={data} hrefFor={hrefFor} title={td(lang, "weak.title")}
      hint={`${td(lang, "weak.hint")}${tooFew > 0 ? ` ${td(lang, "weak.tooFew", { count: formatNumber(tooFew, lang) })}` : ""}`}
    />
  );
}
