import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ActiveBadge, DemoBadge, ErrorSummary, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { GrantFields, GrantLabel } from "../components/admin/GrantFields";
import { formFields, userCreate } from "../schemas/admin";
import { db } from "../platform/db.server";
import { orgOptions } from "../services/org/org-admin.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import { createStaffUser, listUsers } from "../services/admin/users-admin.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Người dùng và phân quyền — Quản trị");

const PATH = "/quan-tri/nguoi-dung";
const FLASH: Record<string, string> = { created: "Đã tạo người dùng {ref}. Hãy gửi mật khẩu ban đầu cho người dùng qua kênh an toàn." };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:users", "admin", FLASH);
  const [users, options] = await Promise.all([listUsers(conn), orgOptions(conn)]);
  return json({ ...chrome, users, options, highlight: url.searchParams.get("ok") === "created" ? url.searchParams.get("ref") : null });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "manage:users");
  const fields = formFields(await request.formData(), ["agencies"]);
  const intent = String(fields.intent ?? "");
  const actor = { userId: user.id, ip: clientIp(request) };
  if (intent !== "create") return unknownIntent(intent);
  return runIntent(intent, fields, async () => {
    const input = parseForm(userCreate, fields);
    await createStaffUser(db(), input, actor);
    return redirect(`${PATH}?ok=created&ref=${encodeURIComponent(input.username)}`);
  });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function CreateUserForm({ options }: { options: Data["options"] }) {
  const failure = useFailure("create");
  return (
    <Form method="post" className="card admin-form" id="bieu-mau" noValidate autoComplete="off">
      <h2>Thêm người dùng</h2>
      <TextField form="user-new" name="username" label="Tên đăng nhập" required failure={failure} hint="3–50 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang; ví dụ nguyen.van.a" maxLength={50} spellCheck={false} autoComplete="off" />
      <TextField form="user-new" name="displayName" label="Họ và tên" required failure={failure} maxLength={120} autoComplete="off" />
      <TextField form="user-new" name="email" label="Email" type="email" failure={failure} maxLength={200} autoComplete="off" spellCheck={false} />
      <TextField form="user-new" name="password" label="Mật khẩu ban đầu" type="password" required failure={failure} hint="Ít nhất 10 ký tự, có cả chữ và số. Người dùng nên đổi sau lần đăng nhập đầu." autoComplete="new-password" />
      <GrantFields form="user-new" failure={failure} options={options} />
      <SubmitButton intent="create" label="Tạo người dùng" busyLabel="Đang tạo…" />
    </Form>
  );
}

export default function UsersAdmin() {
  const { demo, nav, users, options, flash, highlight } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Người dùng và phân quyền" flash={flash}
      intro={<p>Tài khoản cán bộ và vai trò của từng người: quản trị (toàn tỉnh), lãnh đạo (một đơn vị và cấp dưới), cán bộ cơ quan (từng cơ quan), công chức Một cửa (một điểm phục vụ). Chọn tên đăng nhập để sửa, cấp thêm quyền, đặt lại mật khẩu hoặc vô hiệu hóa.</p>}
    >
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="users-list" className="admin-main">
          <h2 id="users-list" className="sr-only">Danh sách người dùng</h2>
          <p className="muted admin-count">{users.filter((u) => u.active).length} tài khoản đang hoạt động / {users.length} tài khoản.</p>
          <table className="data admin-table" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Tên đăng nhập</th>
                <th scope="col">Họ tên, email</th>
                <th scope="col">Vai trò và phạm vi</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={`${u.active ? "" : "row-inactive"} ${highlight === u.username ? "row-new" : ""}`} data-username={u.username}>
                  <td data-label="Tên đăng nhập">
                    <Link to={`${PATH}/${u.id}`} className="strong-link">{u.username}</Link> {u.isDemo ? <DemoBadge /> : null}
                  </td>
                  <td data-label="Họ tên, email">
                    {u.displayName}
                    {u.email ? <span className="sub">{u.email}</span> : null}
                  </td>
                  <td data-label="Vai trò">
                    {u.grants.length ? (
                      <ul className="grant-list">
                        {u.grants.map((g) => <li key={g.id}><GrantLabel role={g.role} scope={g.scope} scopeName={g.scopeName} /></li>)}
                      </ul>
                    ) : (
                      <span className="muted">Chưa có vai trò</span>
                    )}
                  </td>
                  <td data-label="Trạng thái"><ActiveBadge active={u.active} off="Vô hiệu hóa" /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="admin-aside">
          <CreateUserForm options={options} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
