/**
 * A readable diff of an audit row's before/after JSON: one line per field, changed fields first
 * (before → after), unchanged ones folded away. Values are rendered as text (React escapes them).
 */

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function show(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "—";
  if (typeof v === "string") return v === "" ? "“”" : v;
  return JSON.stringify(v);
}

interface DiffLine {
  key: string;
  before: unknown;
  after: unknown;
  kind: "added" | "removed" | "changed" | "same";
}

function diffLines(beforeJson: string | null, afterJson: string | null): { lines: DiffLine[]; raw: null | { before: unknown; after: unknown } } {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if ((before !== undefined && !isObject(before)) || (after !== undefined && !isObject(after))) {
    return { lines: [], raw: { before, after } };
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const lines = keys.map((key): DiffLine => {
    const inB = key in b && before !== undefined;
    const inA = key in a && after !== undefined;
    const kind = inB && inA ? (JSON.stringify(b[key]) === JSON.stringify(a[key]) ? "same" : "changed") : inA ? "added" : "removed";
    return { key, before: inB ? b[key] : undefined, after: inA ? a[key] : undefined, kind };
  });
  const order = { changed: 0, added: 1, removed: 2, same: 3 } as const;
  lines.sort((x, y) => order[x.kind] - order[y.kind]);
  return { lines, raw: null };
}

export function AuditDiff({ before, after }: { before: string | null; after: string | null }) {
  if (before === null && after === null) return <span className="muted">(không có chi tiết)</span>;
  const { lines, raw } = diffLines(before, after);
  if (raw) {
    return (
      <dl className="audit-raw">
        <dt>Trước</dt>
        <dd><code>{show(raw.before)}</code></dd>
        <dt>Sau</dt>
        <dd><code>{show(raw.after)}</code></dd>
      </dl>
    );
  }
  const changed = lines.filter((l) => l.kind !== "same");
  const same = lines.filter((l) => l.kind === "same");
  const onlyAfter = before === null;
  const onlyBefore = after === null;
  return (
    <div className="audit-diff">
      {changed.length ? (
        <table className="diff">
          <caption className="sr-only">Các trường thay đổi</caption>
          <thead>
            <tr>
              <th scope="col">Trường</th>
              {onlyAfter ? null : <th scope="col">Trước</th>}
              {onlyBefore ? null : <th scope="col">Sau</th>}
            </tr>
          </thead>
          <tbody>
            {changed.map((l) => (
              <tr key={l.key} className={l.kind}>
                <th scope="row"><code>{l.key}</code></th>
                {onlyAfter ? null : <td className="before">{l.kind === "added" ? <span className="muted">(chưa có)</span> : <del>{show(l.before)}</del>}</td>}
                {onlyBefore ? null : onlyAfter ? (
                  <td className="after plain">{show(l.after)}</td>
                ) : (
                  <td className="after">{l.kind === "removed" ? <span className="muted">(bỏ)</span> : <ins>{show(l.after)}</ins>}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted diff-none">Không có trường nào thay đổi.</p>
      )}
      {same.length ? (
        <details className="diff-same">
          <summary>{`${same.length} trường không đổi`}</summary>
          <ul>
            {same.map((l) => (
              <li key={l.key}><code>{l.key}</code>: {show(l.after)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
