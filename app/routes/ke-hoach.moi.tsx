import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, SelectField, useFailure } from "../components/forms";
import { PlanFields } from "../components/plans/PlanFields";
import { formFields } from "../schemas/admin";
import { db } from "../platform/db.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { copyPlan, createPlan, importWholePlan, planForm } from "../services/plans/plan-drafts.server";
import { listPlans } from "../services/plans/plans.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { requiredFile } from "../platform/upload.server";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Kế hoạch mới");

const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:plans", "plans");
  const [plans] = await Promise.all([listPlans(conn)]);
  return json({ ...chrome, plans: plans.map((p) => ({ value: p.code, label: `${p.year_to ? `${p.year}–${p.year_to}` : p.year} — ${p.title}` })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:plans");
  const form = await request.formData();
  const fields = formFields(form);
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const code = await createPlan(db(), parseForm(planForm, fields), actor);
        return redirect(`/ke-hoach/${code}?ok=created`);
      });
    case "copy":
      return runIntent(intent, fields, async () => {
        const code = await copyPlan(db(), String(fields.from ?? ""), actor);
        return redirect(`/ke-hoach/${code}?ok=copied`);
      });
    case "import-plan":
      return runIntent(intent, fields, async () => {
        const file = requiredFile(form, { maxBytes: MAX_FILE_BYTES, missing: "Chọn tệp kế hoạch (.csv hoặc .xlsx).", types: ["csv", "xlsx"] });
        const r = await importWholePlan(db(), file.name, Buffer.from(await file.arrayBuffer()), actor);
        if (!r.ok) return json({ ok: false, intent, target: null, message: `Chưa nhập: có ${r.messages.length} lỗi, không có gì được lưu.`, fields: {}, values: {}, errors: r.messages }, { status: 400 });
        return redirect(`/ke-hoach/${r.code}?ok=imported`);
      });
    default:
      return unknownIntent(intent);
  }
}

export default function NewPlan() {
  const { demo, nav, plans } = useLoaderData<typeof loader>();
  const create = useFailure("create");
  const copy = useFailure("copy");
  const imp = useFailure("import-plan");
  const data = useActionData<{ errors?: string[] }>();
  return (
    <StaffFrame section="plans" demo={demo} nav={nav} current="/ke-hoach" title="Kế hoạch mới"
      intro={<p>Kế hoạch mới là bản dự thảo: sửa được cho đến khi ban hành; sau khi ban hành, kế hoạch không sửa được nữa, chỉ các cơ quan ghi báo cáo thực hiện.</p>}>
      <div className="admin-layout">
        <Form method="post" className="card admin-form" noValidate aria-labelledby="sao-chep">
          <h2 id="sao-chep">Sao chép kế hoạch năm trước</h2>
          <p className="muted pl-small">Chép tên, lĩnh vực, nhiệm vụ, cơ quan và mục tiêu sang năm (hoặc giai đoạn) kế tiếp; không chép số văn bản, ngày ban hành và báo cáo.</p>
          <ErrorSummary failure={copy} />
          <input type="hidden" name="intent" value="copy" />
          <SelectField form="copy" name="from" label="Kế hoạch gốc" required failure={copy} options={plans} />
          <div className="form-actions"><button className="btn" type="submit">Sao chép thành dự thảo</button></div>
        </Form>
        <Form method="post" encType="multipart/form-data" className="card admin-form" noValidate aria-labelledby="nhap-ke-hoach">
          <h2 id="nhap-ke-hoach">Nhập cả kế hoạch từ tệp</h2>
          <p className="muted pl-small">Tệp CSV (UTF-8) hoặc XLSX: vài dòng đầu “Tên kế hoạch”, “Chỉ số”, “Năm”, “Đến năm”, “Số”, “Người ký”; rồi bảng nhiệm vụ như phụ lục kế hoạch: STT, Nhiệm vụ, Chỉ tiêu (nếu có), Đơn vị chủ trì, Đơn vị thực hiện, Sản phẩm và Thời gian (nếu có). Dòng STT La Mã (I, II…) là lĩnh vực. Có lỗi thì không lưu gì.</p>
          <ErrorSummary failure={imp} />
          {imp && data?.errors ? <ul className="pl-errors" data-testid="plan-import-errors">{data.errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : null}
          <input type="hidden" name="intent" value="import-plan" />
          <div className="field"><label htmlFor="plan-file">Tệp kế hoạch (.csv, .xlsx; tối đa 2 MB)</label><input id="plan-file" name="file" type="file" accept=".csv,.xlsx" /></div>
          <div className="form-actions"><button className="btn" type="submit">Nhập kế hoạch</button></div>
        </Form>
      </div>
      <Form method="post" className="card admin-form" style={{ marginTop: "1rem" }} noValidate aria-labelledby="tao-moi">
        <h2 id="tao-moi">Tạo kế hoạch trống</h2>
        <ErrorSummary failure={create} />
        <input type="hidden" name="intent" value="create" />
        <PlanFields form="create" failure={create} />
        <div className="form-actions"><button className="btn" type="submit">Tạo dự thảo</button></div>
      </Form>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
