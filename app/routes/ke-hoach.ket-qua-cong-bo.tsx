import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, useFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { viDay } from "../domain/days";
import { localDay } from "../domain/periods";
import { OFFICIAL_COLUMNS, OFFICIAL_INDEX_LABEL, TOTAL_CODE, type OfficialIndex } from "../domain/official-results";
import { formatNumber } from "../i18n/format";
import { db } from "../platform/db.server";
import { adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { requiredFile } from "../platform/upload.server";
import { staffPage } from "../platform/frame.server";
import { currentOfficialResults } from "../services/indices/official-results.server";
import { importOfficialResults, officialImports } from "../services/plans/official-import.server";
import { stylesheets, pageTitle } from "../components/page";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Kết quả công bố chính thức");

const PATH = "/ke-hoach/ket-qua-cong-bo";
const MAX_FILE_BYTES = 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:plans", "plans");
  const [imports, results] = await Promise.all([officialImports(conn), currentOfficialResults(conn)]);
  const sets: Array<{ year: number; index: OfficialIndex; label: string; importedOn: string; fileName: string; rows: Array<{ code: string; name: string | null; score: number; rank: number | null; rankOf: number }> }> = [];
  for (const r of results) {
    const index = r.index_code as OfficialIndex;
    let s = sets.find((x) => x.year === r.year && x.index === index);
    if (!s) sets.push((s = { year: r.year, index, label: OFFICIAL_INDEX_LABEL[index], importedOn: localDay(r.created_at), fileName: r.file_name, rows: [] }));
    s.rows.push({ code: r.item_code, name: r.item_name, score: r.score, rank: r.rank, rankOf: r.rank_of });
  }
  return json({ ...chrome, imports, sets });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor, form } = await adminPost(request, "manage:plans");
  switch (intent) {
    case "import":
      return runIntent(intent, fields, async () => {
        const file = requiredFile(form, { maxBytes: MAX_FILE_BYTES, missing: "Chọn tệp kết quả công bố (.csv hoặc .xlsx).", types: ["csv", "xlsx"] });
        const r = await importOfficialResults(db(), file.name, Buffer.from(await file.arrayBuffer()), fields.replace === "1", actor);
        if (!r.ok) return json({ ok: false, intent, target: null, message: `Chưa nhập: có ${r.messages.length} lỗi, không có gì được lưu.`, fields: {}, values: { replace: fields.replace ?? "" }, errors: r.messages }, { status: 400 });
        const ref = r.sets.map((s) => `${OFFICIAL_INDEX_LABEL[s.index]} năm ${s.year} (${s.rows} dòng${s.replaced ? ", thay thế kết quả cũ" : ""})`).join("; ");
        return redirect(`${PATH}?ok=imported&ref=${encodeURIComponent(ref)}`);
      });
    default:
      return unknownIntent(intent);
  }
}

const num = (v: number) => formatNumber(v, "vi", 2);

export default function OfficialResults() {
  const { demo, nav, imports, sets } = useLoaderData<typeof loader>();
  const location = useLocation();
  const failure = useFailure("import");
  const data = useActionData<{ errors?: string[] }>();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current={PATH} title="Kết quả công bố chính thức"
      flash={flashText(location.search, { imported: "Đã nhập kết quả công bố: {ref}." })}
      intro={<p>Kết quả do cơ quan có thẩm quyền công bố mỗi năm: SIPAS theo từng chỉ số thành phần (Bộ Nội vụ), Chỉ số CCHC (PAR INDEX) theo lĩnh vực, tiêu chí kèm thứ hạng của tỉnh, PAPI theo lĩnh vực. Kết quả công bố đứng cạnh số đo được của tỉnh trên trang kế hoạch và cây Chỉ số CCHC, không thay thế số đo được.</p>}>
      <div className="admin-layout">
        <section aria-labelledby="da-nhap">
          <h2 id="da-nhap">Kết quả đang dùng</h2>
          {sets.length === 0 ? <p className="card">Chưa nhập kết quả công bố nào từ tệp. Điểm PAPI nhập tay ở trang “Điểm PAPI theo lĩnh vực”, điểm Chỉ số CCHC ở trang “Nhập điểm Chỉ số CCHC”.</p> : sets.map((s) => (
            <div key={`${s.year}-${s.index}`} className="card pl-official-set" data-set={`${s.year}|${s.index}`}>
              <h3>{s.label} năm {s.year}</h3>
              <p className="muted pl-small">Nhập từ tệp “{s.fileName}” ngày {viDay(s.importedOn)}.</p>
              <table className="data pl-table">
                <thead><tr><th scope="col">Mã</th><th scope="col">Lĩnh vực, tiêu chí</th><th scope="col">{s.index === "SIPAS" ? "Tỷ lệ (%)" : "Điểm"}</th><th scope="col">Thứ hạng</th></tr></thead>
                <tbody>
                  {s.rows.map((r) => (
                    <tr key={r.code} data-code={r.code}>
                      <th scope="row">{r.code === TOTAL_CODE ? "Tổng" : r.code}</th>
                      <td data-label="Lĩnh vực, tiêu chí">{r.name ?? (r.code === TOTAL_CODE ? "Cả chỉ số" : "—")}</td>
                      <td data-label={s.index === "SIPAS" ? "Tỷ lệ (%)" : "Điểm"}>{num(r.score)}{s.index === "SIPAS" ? "%" : ""}</td>
                      <td data-label="Thứ hạng">{r.rank ? `${r.rank}/${r.rankOf}` : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          <h2 id="lich-su">Lịch sử nhập</h2>
          {imports.length === 0 ? <p className="card">Chưa có lần nhập nào.</p> : (
            <table className="data pl-table" data-testid="official-imports" aria-labelledby="lich-su">
              <thead><tr><th scope="col">Ngày</th><th scope="col">Tệp</th><th scope="col">Kết quả</th><th scope="col">Người nhập</th></tr></thead>
              <tbody>
                {imports.map((i) => (
                  <tr key={i.id} data-import={i.id}>
                    <th scope="row">{viDay(i.on)}</th>
                    <td data-label="Tệp">{i.fileName}</td>
                    <td data-label="Kết quả">{i.sets.map((s) => `${s.label} năm ${s.year}: ${formatNumber(s.rows)} dòng${s.replaced ? " (thay thế kết quả trước)" : ""}`).join("; ")}</td>
                    <td data-label="Người nhập">{i.by || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="admin-aside admin-stack">
          <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate aria-labelledby="nhap-tep">
            <h2 id="nhap-tep">Nhập từ tệp</h2>
            <p className="muted pl-small">Tệp CSV (UTF-8) hoặc XLSX, mỗi dòng một kết quả. Cột: {OFFICIAL_COLUMNS.map((c) => `“${c.header}”`).join(", ")}. Có một dòng sai thì không dòng nào được lưu.</p>
            <p className="pl-small">Tải tệp mẫu: <a href={`${PATH}/mau?dang=xlsx`} download>Excel (.xlsx)</a> · <a href={`${PATH}/mau?dang=csv`} download>CSV</a></p>
            <ErrorSummary failure={failure} />
            {failure && data?.errors ? <ul className="pl-errors" data-testid="official-import-errors">{data.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : null}
            <input type="hidden" name="intent" value="import" />
            <div className="field"><label htmlFor="official-file">Tệp kết quả (.csv, .xlsx; tối đa 1 MB)</label><input id="official-file" name="file" type="file" accept=".csv,.xlsx" /></div>
            <div className="field checkbox">
              <label><input type="checkbox" name="replace" value="1" defaultChecked={failure?.values.replace === "1"} /> Thay thế kết quả đã có của cùng năm và chỉ số</label>
              <p className="hint muted pl-small">Kết quả cũ không bị xóa: vẫn lưu trong lịch sử và nhật ký.</p>
            </div>
            <div className="form-actions"><button className="btn" type="submit">Nhập kết quả</button></div>
          </Form>
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
