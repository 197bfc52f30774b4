import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { CheckboxGroup, ErrorSummary, SubmitButton, TextField, useAnyFailure, useFailure, TextArea } from "../components/forms";
import { AGENCY_KIND_LABEL, AGENCY_KINDS, formFields, UNIT_LEVEL_LABEL, UNIT_LEVELS, type UnitLevel } from "../schemas/admin";
import { db } from "../platform/db.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { createGroup, GROUP_MULTI, groupCreate, groupEdit, listGroups, updateGroup } from "../services/plans/plan-groups.server";
import { clientIp, requirePermission } from "../platform/session.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/plans.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Nhóm cơ quan — Quản trị");

const PATH = "/quan-tri/nhom-co-quan";
const FLASH = { created: "Đã thêm nhóm {ref}.", updated: "Đã lưu nhóm {ref}." };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:plans", "admin", FLASH);
  const [data] = await Promise.all([listGroups(conn)]);
  const edit = url.searchParams.get("edit")?.toUpperCase() ?? null;
  return json({ ...chrome, ...data, editing: edit ? data.groups.find((g) => g.code === edit) ?? null : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:plans");
  const fields = formFields(await request.formData(), GROUP_MULTI);
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  if (intent !== "create" && intent !== "update") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    const input = parseForm(intent === "create" ? groupCreate : groupEdit, fields);
    await (intent === "create" ? createGroup : updateGroup)(db(), input, actor);
    return redirect(`${PATH}?ok=${intent}d&ref=${encodeURIComponent(input.code)}`);
  }, intent === "update" ? String(fields.code ?? "") : null);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Group = Data["groups"][number];

const kindLabel = (k: string) => (AGENCY_KIND_LABEL as Record<string, string>)[k] ?? k;
const levelLabel = (l: string) => UNIT_LEVEL_LABEL[l as UnitLevel] ?? l;

function GroupForm({ agencies, editing }: { agencies: Data["agencies"]; editing: Group | null }) {
  const failure = useFailure(editing ? "update" : "create", editing ? editing.code : null);
  const f = editing ? "group-edit" : "group-new";
  const agencyOptions = agencies.map((a) => ({ value: a.code, label: `${a.code} — ${a.name}`, group: a.level ? levelLabel(a.level) : "Khác" }))
    .sort((x, y) => x.group.localeCompare(y.group, "vi") || x.label.localeCompare(y.label, "vi"));
  return (
    <Form method="post" className={`card admin-form ${editing ? "editing" : ""}`} id="bieu-mau" noValidate>
      <h2>{editing ? `Sửa nhóm ${editing.code}` : "Thêm nhóm cơ quan"}</h2>
      <ErrorSummary failure={failure} />
      {editing ? <input type="hidden" name="code" value={editing.code} /> : (
        <TextField form={f} name="code" label="Mã nhóm" required failure={failure} hint="Ví dụ: UBND-XA. Không đổi được sau khi tạo." maxLength={30} upper spellCheck={false} />
      )}
      <TextField form={f} name="name" label="Tên nhóm (như ghi trong kế hoạch)" required failure={failure} defaultValue={editing?.name} maxLength={200} />
      <TextArea form={f} name="aliases" label="Các tên gọi khác" failure={failure} rows={3} maxLength={4000} defaultValue={editing?.aliases.join("\n") ?? ""}
        hint="Mỗi tên một dòng, ví dụ “UBND các xã, phường, thị trấn”. Khi nhập nhiệm vụ, các tên này được hiểu là nhóm." />
      <CheckboxGroup form={f} name="kinds" label="Quy tắc: loại cơ quan" failure={failure} checked={editing?.kinds ?? []} options={AGENCY_KINDS.map((k) => ({ value: k, label: AGENCY_KIND_LABEL[k] }))} />
      <CheckboxGroup form={f} name="levels" label="Quy tắc: cấp hành chính" failure={failure} checked={editing?.levels ?? []} options={UNIT_LEVELS.map((l) => ({ value: l, label: UNIT_LEVEL_LABEL[l] }))}
        hint="Cơ quan đang hoạt động có loại và cấp khớp quy tắc là thành viên." />
      <CheckboxGroup form={f} name="include" label="Thêm vào nhóm (ngoài quy tắc)" failure={failure} checked={editing?.include.map((a) => a.code) ?? []} options={agencyOptions} scroll filter />
      <CheckboxGroup form={f} name="exclude" label="Loại khỏi nhóm (dù khớp quy tắc)" failure={failure} checked={editing?.exclude.map((a) => a.code) ?? []} options={agencyOptions} scroll filter />
      <div className="form-actions">
        <SubmitButton intent={editing ? "update" : "create"} label={editing ? "Lưu nhóm" : "Thêm nhóm"} />
        {editing ? <Link to={PATH} className="btn secondary">Hủy</Link> : null}
      </div>
    </Form>
  );
}

function Members({ g }: { g: Group }) {
  if (g.members.length === 0) return <span className="pl-tag bad-tone">Chưa có thành viên</span>;
  return (
    <details>
      <summary>{g.members.length} cơ quan</summary>
      <ul className="pl-gap-list">{g.members.map((m) => <li key={m.code} data-member={m.code}>{m.name}{m.byRule ? null : <span className="muted"> (thêm riêng)</span>}</li>)}</ul>
    </details>
  );
}

export default function AgencyGroupsAdmin() {
  const { demo, nav, groups, agencies, editing, flash } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  return (
    <StaffFrame section="admin" demo={demo} nav={nav} current={PATH} title="Nhóm cơ quan" flash={flash}
      intro={<p>Nhóm cơ quan mà kế hoạch giao nhiệm vụ (ví dụ “UBND cấp xã”, “Các sở, ban, ngành”). Nhiệm vụ giao cho nhóm thì mỗi cơ quan thành viên phải báo cáo. Thành viên là cơ quan khớp quy tắc (loại cơ quan và cấp hành chính), cộng các cơ quan thêm riêng, trừ các cơ quan bị loại.</p>}>
      {failure && !failure.target && failure.intent !== "create" ? <ErrorSummary failure={failure} /> : null}
      <div className="admin-layout">
        <section aria-labelledby="groups-list" className="admin-main">
          <h2 id="groups-list" className="sr-only">Danh sách nhóm</h2>
          <table className="data admin-table" data-testid="groups">
            <thead><tr><th scope="col">Mã</th><th scope="col">Nhóm</th><th scope="col">Quy tắc</th><th scope="col">Thành viên</th><th scope="col">Nhiệm vụ</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr></thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.code} data-code={g.code} className={editing?.code === g.code ? "row-editing" : undefined}>
                  <td data-label="Mã"><code>{g.code}</code></td>
                  <td data-label="Nhóm">{g.name}{g.aliases.length ? <span className="sub muted pl-small">Còn gọi: {g.aliases.join("; ")}</span> : null}</td>
                  <td data-label="Quy tắc" className="pl-small">
                    {g.kinds.length ? <>{g.kinds.map(kindLabel).join(", ")} · {g.levels.map(levelLabel).join(", ")}</> : <span className="muted">Không có (chỉ cơ quan chọn riêng)</span>}
                    {g.include.length ? <><br />Thêm: {g.include.map((a) => a.name).join(", ")}</> : null}
                    {g.exclude.length ? <><br />Loại: {g.exclude.map((a) => a.name).join(", ")}</> : null}
                  </td>
                  <td data-label="Thành viên"><Members g={g} /></td>
                  <td data-label="Nhiệm vụ" className="nowrap">{g.tasks}</td>
                  <td className="actions"><Link to={`${PATH}?edit=${encodeURIComponent(g.code)}#bieu-mau`} className="btn small secondary" aria-label={`Sửa nhóm ${g.code}`}>Sửa</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside">
          <GroupForm key={editing?.code ?? "new"} agencies={agencies} editing={editing} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
