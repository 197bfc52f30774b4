import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, useFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { ParTable, type ParNodeData } from "../components/plans/ParTable";
import { db } from "../platform/db.server";
import { parseYear } from "../services/indices/indices.server";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { PAR_COLUMNS } from "../domain/plans";
import { importParTree, parNodeForm, parTree, parYears, updateParNode } from "../services/plans/par-tree.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { requiredFile } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Nhập điểm Chỉ số CCHC");

const MAX_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:plans", "plans");
  const years = await parYears(conn);
  const year = parseYear(new URL(request.url).searchParams.get("year"), years[0] ?? new Date().getFullYear());
  const [tree] = await Promise.all([parTree(conn, year)]);
  return json({ ...chrome, year, tree });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor, form } = await adminPost(request, "manage:plans");
  switch (intent) {
    case "update":
      return runIntent(intent, fields, async () => {
        const input = parseForm(parNodeForm, fields);
        await updateParNode(db(), input, actor);
        return redirect(`/chi-so-par/nhap?year=${input.year}&ok=updated&ref=${encodeURIComponent(input.code)}#n-${input.code}`);
      }, String(fields.code ?? ""));
    case "import":
      return runIntent(intent, fields, async () => {
        const year = parseYear(String(fields.year ?? ""), new Date().getFullYear());
        const file = requiredFile(form, { maxBytes: MAX_BYTES, missing: "Chọn tệp CSV hoặc JSON.", types: ["csv", "json"] });
        const format = /\.json$/i.test(file.name) ? "json" : "csv";
        const r = await importParTree(db(), year, await file.text(), format, actor);
        if (!r.ok) return json({ ok: false, intent, target: null, message: `Chưa nhập: có ${r.errors.length} lỗi, cây tiêu chí giữ nguyên.`, fields: {}, values: {}, errors: r.messages }, { status: 400 });
        return redirect(`/chi-so-par/nhap?year=${year}&ok=imported&ref=${r.rows}`);
      });
    default:
      return unknownIntent(intent);
  }
}

function EditCells({ n, year }: { n: ParNodeData; year: number }) {
  const failure = useFailure("update", n.code);
  const leaf = n.children.length === 0;
  const v = (k: string, d: number | string | null) => (failure ? String(failure.values[k] ?? "") : d === null ? "" : String(d).replace(".", ","));
  const id = `f-${n.code}`;
  return (
    <td className="par-edit" id={`n-${n.code}`}>
      <Form method="post" id={id} noValidate aria-label={`Sửa tiêu chí ${n.code}`}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="year" value={year} />
        <input type="hidden" name="code" value={n.code} />
        <details open={!!failure || undefined}>
          <summary>Sửa</summary>
          <ErrorSummary failure={failure} />
          <p><label>Tối đa <input name="maxPoints" inputMode="decimal" defaultValue={v("maxPoints", n.maxPoints)} aria-invalid={failure?.fields.maxPoints ? true : undefined} /></label></p>
          <p><label>Mục tiêu <input name="target" inputMode="decimal" defaultValue={v("target", n.target)} aria-invalid={failure?.fields.target ? true : undefined} /></label></p>
          {leaf && n.source !== "measured" ? <p><label>Tự chấm <input name="selfPoints" inputMode="decimal" defaultValue={v("selfPoints", n.source === "entered" ? n.points : null)} aria-invalid={failure?.fields.selfPoints ? true : undefined} /></label></p> : null}
          <p><label>Chính thức <input name="officialPoints" inputMode="decimal" defaultValue={v("officialPoints", n.official)} aria-invalid={failure?.fields.officialPoints ? true : undefined} /></label></p>
          <p><label>Hạng <input name="officialRank" inputMode="numeric" defaultValue={v("officialRank", n.officialRank)} aria-invalid={failure?.fields.officialRank ? true : undefined} /></label></p>
          <p><label>Chủ trì <input className="owner" name="owner" defaultValue={failure ? String(failure.values.owner ?? "") : n.owner ?? ""} /></label></p>
          <button className="btn small" type="submit">Lưu {n.code}</button>
        </details>
      </Form>
    </td>
  );
}

export default function ParEntry() {
  const { demo, nav, year, tree } = useLoaderData<typeof loader>();
  const location = useLocation();
  const importFail = useFailure("import");
  const data = useActionData<{ errors?: string[] }>();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/chi-so-par/nhap" title={`Nhập điểm Chỉ số CCHC năm ${year}`}
      flash={flashText(location.search, { updated: "Đã lưu tiêu chí {ref}.", imported: "Đã nhập {ref} tiêu chí." })}
      intro={<p>Sửa điểm tối đa, mục tiêu, cơ quan chủ trì và điểm tự chấm của từng tiêu chí; điểm mục cha tự cộng từ các mục con. Điểm đo được (8.1 từ khảo sát, 3.5.1 từ phản ánh) không nhập tay. <Link to={`/chi-so-par?year=${year}`}>← Xem cây tiêu chí</Link></p>}>
      <div className="admin-layout">
        <section aria-label="Cây tiêu chí">
          {tree.nodes.length === 0 ? <p className="card">Chưa có cây tiêu chí cho năm {year}; hãy nhập từ tệp.</p> : (
            <ParTable nodes={tree.nodes} total={tree.total} extraHead={<th scope="col">Sửa</th>} extra={(n) => <EditCells n={n} year={year} />} />
          )}
        </section>
        <aside className="admin-aside">
          <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate aria-labelledby="nhap-par">
            <h2 id="nhap-par">Nhập cây tiêu chí từ tệp</h2>
            <p className="muted pl-small">CSV với các cột <code>{PAR_COLUMNS.join(",")}</code>, hoặc JSON là mảng các đối tượng cùng khóa. Mục cha đứng trước mục con và bằng tổng các mục con. Cây của năm {year} được thay toàn bộ; có lỗi thì giữ nguyên.</p>
            <ErrorSummary failure={importFail} />
            {data?.errors?.length ? <ul className="pl-errors">{data.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : null}
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="year" value={year} />
            <div className="field"><label htmlFor="par-file">Tệp .csv hoặc .json (tối đa 1 MB)</label><input id="par-file" name="file" type="file" accept=".csv,.json,text/csv,application/json" /></div>
            <div className="form-actions"><button className="btn" type="submit">Nhập</button></div>
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
