import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { AdminPage } from "../components/admin/AdminPage";
import { ErrorSummary, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/admin/forms";
import { languages } from "../i18n/locales";
import { citizenSettings, citizenSettingsForm, saveCitizenSettings } from "../services/citizen-settings.server";
import { db } from "../services/db.server";
import { adminChrome, adminPost, flashFrom, parseForm, runIntent, unknownIntent } from "../services/org-admin.server";
import { requirePermission } from "../services/session.server";
import adminStyles from "../styles/admin.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];
export const meta: MetaFunction = () => [{ title: "Trang người dân — Quản trị — Hài Lòng" }];

const PATH = "/quan-tri/trang-nguoi-dan";
const FLASH: Record<string, string> = { saved: "Đã lưu thông tin hiển thị cho người dân." };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "manage:routing");
  const conn = db();
  const [chrome, settings] = await Promise.all([adminChrome(conn, user), citizenSettings(conn)]);
  return json({ ...chrome, settings, drafts: languages().filter((l) => l.draft), flash: flashFrom(new URL(request.url), FLASH) });
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
    <AdminPage
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
    </AdminPage>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../services/revalidation";
