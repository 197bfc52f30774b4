import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ErrorSummary, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { languages } from "../i18n/locales";
import { citizenSettings, citizenSettingsForm, saveCitizenSettings } from "../services/admin/citizen-settings.server";
import { db } from "../platform/db.server";
import { flashText } from "../domain/text";
import { adminPost, parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import adminStyles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles);
export const meta = pageTitle("Trang người dân — Quản trị");

const PATH = "/quan-tri/trang-nguoi-dan";
const FLASH: Record<string, string> = { saved: "Đã lưu thông tin hiển thị cho người dân." };

export async function loader({ request }: LoaderFunctionArgs) {
  const { conn, frame: chrome } = await staffPage(request, "manage:routing", "admin");
  const [settings] = await Promise.all([citizenSettings(conn)]);
  return json({ ...chrome, settings, drafts: languages().filter((l) => l.draft), flash: flashText(new URL(request.url).search, FLASH) });
}

export async function action({ request }: ActionFunctionArgs) {
  const { form, fields, intent, actor } = await adminPost(request, "manage:routing");
  if (intent !== "save") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    const input = parseForm(citizenSettingsForm, { ...fields, draftLanguages: form.getAll("draftLanguages").map(String) });
    await saveCitizenSettings(db(), input, actor);
    return redirect(`${PATH}?ok=saved`);
  });
}

export default function CitizenPagesAdmin() {
  const { demo, nav, settings, drafts, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const saveFail = useFailure("save");
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Trang người dân" flash={flash}
      intro={<p>Đường dây nóng và giờ làm việc hiện trên trang gửi phản ánh và trang tra cứu. Ngôn ngữ chưa được người bản ngữ duyệt (bản thử) chỉ hiện cho người dân khi được bật ở đây.</p>}
    >
      {failure ? <ErrorSummary failure={failure} /> : null}
      <Form method="post" className="card admin-form" noValidate>
        <TextField form="citizen" name="hotline" label="Đường dây nóng" required defaultValue={settings.hotline} failure={saveFail} maxLength={40} hint="Ví dụ: 080.50179" />
        <TextField form="citizen" name="officeHours" label="Giờ làm việc" required defaultValue={settings.officeHours} failure={saveFail} maxLength={200} />
        <fieldset className="field">
          <legend>Ngôn ngữ bản thử hiện cho người dân</legend>
          {drafts.length === 0 ? <p className="muted">Không có ngôn ngữ bản thử nào.</p> : drafts.map((l) => (
            <label key={l.code} className="check">
              <input type="checkbox" name="draftLanguages" value={l.code} defaultChecked={settings.draftLanguages.includes(l.code)} /> {l.name} <span className="muted">(bản thử)</span>
            </label>
          ))}
        </fieldset>
        <SubmitButton intent="save" label="Lưu" />
      </Form>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
