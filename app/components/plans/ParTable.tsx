import type { ReactNode } from "react";
import { formatNumber } from "../../i18n/format";
import type { ParNodeView } from "../../services/plans/par-tree.server";

/** A node of the PAR tree as the page shows it (the service's view). */
export type ParNodeData = ParNodeView;

const pts = (v: number | null) => (v === null ? "—" : formatNumber(v, "vi", 2));

const SOURCE: Record<ParNodeData["source"], [string, string]> = {
  measured: ["Đo được", "ok-tone"],
  entered: ["Tự chấm", "info-tone"],
  pending: ["Chưa có dữ liệu", "muted-tone"],
};

export function SourceTag({ source }: { source: ParNodeData["source"] }) {
  const [text, tone] = SOURCE[source];
  return <span className={`pl-tag ${tone}`}>{text}</span>;
}

function flattenPar(nodes: ParNodeData[], into: ParNodeData[] = []): ParNodeData[] {
  for (const n of nodes) {
    into.push(n);
    flattenPar(n.children, into);
  }
  return into;
}

/** The PAR tree as one table: each row a field, criterion or sub-criterion; `extra` adds cells. */
export function ParTable({ nodes, total, extra, extraHead }: { nodes: ParNodeData[]; total?: ParNodeData | null; extra?: (n: ParNodeData) => ReactNode; extraHead?: ReactNode }) {
  return (
    <div className="pl-scroll">
    <table className="data par-table" data-testid="par-tree">
      <thead>
        <tr>
          <th scope="col">Lĩnh vực / tiêu chí</th>
          <th scope="col" className="num">Điểm</th>
          <th scope="col" className="num">Tối đa</th>
          <th scope="col" className="num">Mục tiêu</th>
          <th scope="col" className="hide-phone">Hạng phấn đấu</th>
          <th scope="col" className="hide-phone">Chủ trì tham mưu</th>
          <th scope="col">Nguồn</th>
          {extraHead}
        </tr>
      </thead>
      <tbody>
        {flattenPar(nodes).map((n) => (
          <tr key={n.code} className={`depth-${Math.min(n.depth, 2)}`} data-code={n.code} data-source={n.source}>
            <th scope="row">
              <span className="par-code">{n.code}</span> {n.name}
              {n.note ? <span className="par-note">{n.note}</span> : null}
              {n.children.length && n.missing ? <span className="par-note">{n.missing} mục con chưa có điểm</span> : null}
            </th>
            <td className="num" data-testid="points">
              {pts(n.points)}
              {n.official !== null ? <span className="par-note" data-testid="official">chính thức {pts(n.official)}{n.officialRank !== null ? ` · hạng ${n.officialRank}` : ""}{n.points !== null ? ` · chênh ${n.points - n.official > 0 ? "+" : n.points - n.official < 0 ? "−" : "±"}${pts(Math.abs(Math.round((n.points - n.official) * 100) / 100))}` : ""}</span> : null}
            </td>
            <td className="num">{pts(n.maxPoints)}</td>
            <td className="num">{pts(n.target)}</td>
            <td className="hide-phone">{n.targetRank ?? ""}</td>
            <td className="hide-phone">{n.owner ?? ""}</td>
            <td><SourceTag source={n.source} /></td>
            {extra ? extra(n) : null}
          </tr>
        ))}
        {total ? (
          <tr className="par-total">
            <th scope="row">{total.name}</th>
            <td className="num" data-testid="total-points">{pts(total.points)}</td>
            <td className="num">{pts(total.maxPoints)}</td>
            <td className="num">{pts(total.target)}</td>
            <td className="hide-phone" />
            <td className="hide-phone" />
            <td>{total.missing ? <span className="pl-small muted">{total.missing} mục chưa có điểm</span> : null}</td>
            {extra ? <td /> : null}
          </tr>
        ) : null}
      </tbody>
    </table>
    </div>
  );
}
