import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, TextField, useFailure } from "../components/forms";
import { flashText } from "../domain/text";
import { formatNumber } from "../i18n/format";
import { db } from "../platform/db.server";
import { parseForm, adminPost, runIntent, unknownIntent } from "../platform/forms.server";
import { PAPI_CSV_COLUMNS } from "../domain/plans";
import { importPapiCsv, PAPI_DIMENSIONS, papiForm, papiYears, savePapiYear } from "../services/indices/papi-scores.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { uploadedText } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Điểm PAPI theo lĩnh vực");

const PATH = "/ke-hoach/diem-papi";
const MAX_CSV_BYTES = 256 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:plans", "plans");
  const [years] = await Promise.all([papiYears(conn)]);
  const wanted = Number(url.searchParams.get("year"));
  const year = Number.isInteger(wanted) && wanted >= 2018 && wanted <= 2100 ? wanted : (years[0]?.year ?? new Date().getUTCFullYear() - 1);
  return json({ ...chrome, years, year, editing: years.find((y) => y.year === year) ?? null, dimensions: PAPI_DIMENSIONS });
}

export async function action({ request }: ActionFunctionArgs) {
  const { fields, intent, actor, form } = await adminPost(request, "manage:plans");
  switch (intent) {
    case "save":
      return runIntent(intent, fields, async () => {
        const input = parseForm(papiForm, fields);
        await savePapiYear(db(), input, actor);
        return redirect(`${PATH}?year=${input.year}&ok=saved&ref=${input.year}`);
      });
    case "import":
      return runIntent(intent, fields, async () => {
        const { text } = await uploadedText(form, { maxBytes: MAX_CSV_BYTES, pastedField: "csv", missing: "Chưa có dữ liệu: chọn tệp CSV hoặc dán nội dung vào ô.", missingField: "Chọn tệp CSV." });
        const r = await importPapiCsv(db(), text, actor);
        if (!r.ok) return json({ ok: false, intent, target: null, message: `Chưa nhập: có ${r.messages.length} lỗi, không dòng nào được lưu.`, fields: {}, values: { csv: fields.csv ?? "" }, errors: r.messages }, { status: 400 });
        return redirect(`${PATH}?year=${r.years[0]}&ok=imported&ref=${encodeURIComponent(r.years.join(", "))}`);
      });
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
const num = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v).replace(".", ","));

function ScoreForm({ year, editing, dimensions }: { year: number; editing: Data["editing"]; dimensions: Data["dimensions"] }) {
  const failure = useFailure("save");
  return (
    <Form method="post" className="card admin-form" id="bieu-mau" noValidate aria-labelledby="nhap-diem">
      <h2 id="nhap-diem">{editing ? `Sửa điểm PAPI ${year}` : "Nhập điểm PAPI một năm"}</h2>
      <p className="muted pl-small">Điểm công bố chính thức: mỗi lĩnh vực từ 1 đến 10 (ví dụ 5,12), tổng tối đa 80. Để trống lĩnh vực chưa có điểm.</p>
      <ErrorSummary failure={failure} />
      <input type="hidden" name="intent" value="save" />
      <TextField form="papi" name="year" label="Năm PAPI" required failure={failure} defaultValue={String(year)} maxLength={4} />
      <div className="pl-papi-grid">
        {dimensions.map((d) => (
          <TextField key={d.code} form="papi" name={`d${d.code}`} label={`${d.code}. ${d.name}`} failure={failure} defaultValue={num(editing?.scores[d.code])} maxLength={8} />
        ))}
      </div>
      <TextField form="papi" name="total" label="Tổng điểm (nếu công bố)" failure={failure} defaultValue={num(editing?.total)} hint="Để trống thì lấy tổng 8 lĩnh vực." maxLength={8} />
      <div className="pl-papi-grid">
        <TextField form="papi" name="rank" label="Thứ hạng" failure={failure} defaultValue={num(editing?.rank)} maxLength={2} />
        <TextField form="papi" name="rankOf" label="Trên số tỉnh, thành phố" failure={failure} defaultValue={String(editing?.rankOf ?? 63)} maxLength={2} />
      </div>
      <TextField form="papi" name="source" label="Nguồn" failure={failure} defaultValue={editing?.source ?? ""} hint="Ví dụ: Báo cáo PAPI 2021 (UNDP, CECODES), công bố 4/2022." maxLength={200} />
      <div className="form-actions"><button className="btn" type="submit">Lưu điểm</button></div>
    </Form>
  );
}

function ImportForm() {
  const failure = useFailure("import");
  const data = useActionData<{ errors?: string[] }>();
  return (
    <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate aria-labelledby="nhap-csv">
      <h2 id="nhap-csv">Nhập từ CSV</h2>
      <p className="muted pl-small">Một dòng một năm, cột: <code>{PAPI_CSV_COLUMNS.join(",")}</code>. Có lỗi thì không dòng nào được lưu; năm đã có sẽ được thay.</p>
      <ErrorSummary failure={failure} />
      {data?.errors?.length ? <ul className="pl-errors" data-testid="import-errors">{data.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : null}
      <input type="hidden" name="intent" value="import" />
      <div className="field">
        <label htmlFor="papi-file">Tệp CSV (UTF-8)</label>
        <input id="papi-file" name="file" type="file" accept=".csv,text/csv" />
      </div>
      <div className="field">
        <label htmlFor="papi-csv">hoặc dán nội dung CSV</label>
        <textarea id="papi-csv" name="csv" rows={3} defaultValue={typeof failure?.values.csv === "string" ? failure.values.csv : ""} />
      </div>
      <div className="form-actions"><button className="btn secondary" type="submit">Nhập CSV</button></div>
    </Form>
  );
}

export default function PapiScores() {
  const { demo, nav, years, year, editing, dimensions } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current={PATH} title="Điểm PAPI theo lĩnh vực"
      flash={flashText(location.search, { saved: "Đã lưu điểm PAPI năm {ref}.", imported: "Đã nhập điểm PAPI các năm {ref}." })}
      intro={<p>Điểm Chỉ số PAPI chính thức của tỉnh theo từng năm: 8 lĩnh vực (mỗi lĩnh vực 1–10 điểm), tổng điểm /80 và thứ hạng. Trang kế hoạch PAPI hiển thị điểm từng lĩnh vực bên cạnh các nhiệm vụ, cùng mức tăng, giảm so với năm gốc.</p>}>
      <div className="admin-layout">
        <section aria-labelledby="cac-nam" className="admin-main">
          <h2 id="cac-nam">Các năm đã nhập</h2>
          {years.length === 0 ? <p className="card">Chưa nhập điểm PAPI năm nào.</p> : (
            <table className="data pl-table pl-papi-table" data-testid="papi-years">
              <thead>
                <tr><th scope="col">Năm</th>{dimensions.map((d) => <th key={d.code} scope="col" title={d.name}>LV {d.code}</th>)}<th scope="col">Tổng /80</th><th scope="col">Hạng</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr>
              </thead>
              <tbody>
                {years.map((y) => (
                  <tr key={y.year} data-year={y.year}>
                    <th scope="row">{y.year}</th>
                    {dimensions.map((d) => <td key={d.code} data-label={`${d.code}. ${d.name}`} className="num">{y.scores[d.code] === null ? "—" : formatNumber(y.scores[d.code]!, "vi", 2)}</td>)}
                    <td data-label="Tổng /80" className="num"><strong>{y.totalShown === null ? "—" : formatNumber(y.totalShown, "vi", 2)}</strong></td>
                    <td data-label="Hạng" className="num">{y.rank === null ? "—" : `${y.rank}/${y.rankOf}`}</td>
                    <td className="actions"><Link to={`${PATH}?year=${y.year}#bieu-mau`} className="btn small secondary" aria-label={`Sửa điểm PAPI ${y.year}`}>Sửa</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted pl-small">{dimensions.map((d) => `LV ${d.code}: ${d.name}`).join(" · ")}.</p>
        </section>
        <aside className="admin-aside admin-stack">
          <ScoreForm key={year} year={year} editing={editing} dimensions={dimensions} />
          <ImportForm />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
