import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffFrame } from "../components/StaffFrame";
import { ActiveBadge, DemoBadge, ErrorSummary, RowAction, SubmitButton, TextField, useAnyFailure, useFailure } from "../components/forms";
import { GrantFields, GrantLabel } from "../components/admin/GrantFields";
import { formatDate, formatDateTime } from "../i18n/format";
import { formFields, grantAdd, grantDeactivate, passwordReset, userEdit } from "../schemas/admin";
import { db } from "../platform/db.server";
import { orgOptions } from "../services/org/org-admin.server";
import { flashText } from "../domain/text";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import { loginFailures, unlockLogin } from "../platform/auth.server";
import { addGrants, deactivateGrant, resetPassword, setUserActive, updateUserProfile, userDetail } from "../services/admin/users-admin.server";
import styles from "../styles/admin.css?url";
import { stylesheets } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.username ?? "Người dùng"} — Quản trị — Hài Lòng` }];

const LIST = "/quan-tri/nguoi-dung";
const FLASH: Record<string, string> = {
  updated: "Đã lưu thông tin người dùng.",
  granted: "Đã cấp thêm quyền.",
  revoked: "Đã thu hồi quyền.",
  password: "Đã đặt lại mật khẩu; mọi phiên đăng nhập của người dùng đã kết thúc.",
  disabled: "Đã vô hiệu hóa tài khoản; mọi phiên đăng nhập đã kết thúc và token API ngừng hoạt động.",
  enabled: "Tài khoản đã hoạt động trở lại.",
  unlocked: "Đã mở khóa đăng nhập; số lần đăng nhập sai được tính lại từ đầu.",
};

function userId(params: { id?: string }): number {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Không tìm thấy người dùng.", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user: me, conn, frame: chrome } = await staffPage(request, "manage:users", "admin");
  const id = userId(params);
  const [user, options, failures] = await Promise.all([userDetail(conn, id), orgOptions(conn), loginFailures(conn, id)]);
  if (!user) throw new Response("Không tìm thấy người dùng.", { status: 404 });
  return json({ ...chrome, user, options, failures, isSelf: me.id === id, flash: flashText(new URL(request.url).search, FLASH) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const me = await requirePermission(request, "manage:users");
  const id = userId(params);
  const fields = formFields(await request.formData(), ["agencies"]);
  const intent = String(fields.intent ?? "");
  const actor = { userId: me.id, ip: clientIp(request) };
  const conn = db();
  const done = (key: string) => redirect(`${LIST}/${id}?ok=${key}`);
  switch (intent) {
    case "update":
      return runIntent(intent, fields, async () => {
        await updateUserProfile(conn, id, parseForm(userEdit, fields), actor);
        return done("updated");
      });
    case "add-grant":
      return runIntent(intent, fields, async () => {
        await addGrants(conn, id, parseForm(grantAdd, fields), actor);
        return done("granted");
      });
    case "deactivate-grant":
      return runIntent(intent, fields, async () => {
        await deactivateGrant(conn, id, parseForm(grantDeactivate, fields).grantId, actor);
        return done("revoked");
      }, String(fields.grantId ?? ""));
    case "reset-password":
      return runIntent(intent, fields, async () => {
        await resetPassword(conn, id, parseForm(passwordReset, fields).password, actor);
        // One's own sessions end too: sign in again with the new password.
        return me.id === id ? redirect(`/dang-nhap?next=${encodeURIComponent(`${LIST}/${id}`)}`) : done("password");
      });
    case "unlock":
      return runIntent(intent, fields, async () => {
        await unlockLogin(conn, id, actor);
        return done("unlocked");
      });
    case "disable":
    case "enable":
      return runIntent(intent, fields, async () => {
        await setUserActive(conn, id, intent === "enable", actor);
        return done(intent === "enable" ? "enabled" : "disabled");
      });
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ProfileForm({ user }: { user: Data["user"] }) {
  const failure = useFailure("update");
  return (
    <Form method="post" className="card admin-form" noValidate>
      <h2>Thông tin</h2>
      <TextField form="profile" name="displayName" label="Họ và tên" required failure={failure} defaultValue={user.displayName} maxLength={120} />
      <TextField form="profile" name="email" label="Email" type="email" failure={failure} defaultValue={user.email} maxLength={200} spellCheck={false} />
      <SubmitButton intent="update" label="Lưu thông tin" />
    </Form>
  );
}

function AddGrantForm({ options }: { options: Data["options"] }) {
  const failure = useFailure("add-grant");
  return (
    <Form method="post" className="admin-form add-grant" noValidate>
      <h3>Cấp thêm quyền</h3>
      <GrantFields form="grant" failure={failure} options={options} />
      <SubmitButton intent="add-grant" label="Cấp quyền" />
    </Form>
  );
}

function PasswordForm({ isSelf }: { isSelf: boolean }) {
  const failure = useFailure("reset-password");
  return (
    <Form method="post" className="card admin-form" noValidate autoComplete="off">
      <h2>Đặt lại mật khẩu</h2>
      <p className="muted">Mọi phiên đăng nhập của người dùng sẽ kết thúc.{isSelf ? " Bạn sẽ phải đăng nhập lại." : ""}</p>
      <TextField form="reset" name="password" label="Mật khẩu mới" type="password" required failure={failure} hint="Ít nhất 10 ký tự, có cả chữ và số." autoComplete="new-password" />
      <SubmitButton intent="reset-password" label="Đặt lại mật khẩu" />
    </Form>
  );
}

export default function UserAdmin() {
  const { demo, nav, user, options, isSelf, flash, failures } = useLoaderData<typeof loader>();
  const failure = useAnyFailure();
  const active = user.grants.filter((g) => g.active);
  const past = user.grants.filter((g) => !g.active);
  return (
    <StaffFrame section="admin" demo={demo} nav={nav} current={LIST} title={`Người dùng: ${user.username}`} flash={flash}>
      <p className="admin-crumb"><Link to={LIST}>← Danh sách người dùng</Link></p>
      <ErrorSummary failure={failure} />
      <dl className="card user-facts">
        <div><dt>Họ tên</dt><dd>{user.displayName} {user.isDemo ? <DemoBadge /> : null}</dd></div>
        <div><dt>Trạng thái</dt><dd><ActiveBadge active={user.active} off="Vô hiệu hóa" /></dd></div>
        <div><dt>Tạo ngày</dt><dd>{formatDate(user.createdAt)}</dd></div>
        <div><dt>Đổi mật khẩu</dt><dd>{user.passwordChangedAt ? formatDateTime(user.passwordChangedAt) : "chưa đổi"}</dd></div>
        <div><dt>Phiên đang mở</dt><dd>{user.liveSessions}</dd></div>
        <div><dt>Token API còn hạn</dt><dd>{user.liveTokens ? <Link to="/quan-tri/token">{user.liveTokens}</Link> : 0}</dd></div>
      </dl>
      <div className="admin-columns">
        <section className="card" aria-labelledby="grants-h">
          <h2 id="grants-h">Vai trò và phạm vi</h2>
          {active.length ? (
            <table className="data admin-table compact">
              <thead>
                <tr><th scope="col">Vai trò — phạm vi</th><th scope="col">Cấp ngày</th><th scope="col"><span className="sr-only">Thao tác</span></th></tr>
              </thead>
              <tbody>
                {active.map((g) => (
                  <tr key={g.id}>
                    <td data-label="Vai trò"><GrantLabel role={g.role} scope={g.scope} scopeName={g.scopeName} />{g.scopeName ? <span className="sub">{g.scopeName}</span> : null}</td>
                    <td data-label="Cấp ngày">{formatDate(g.createdAt)}</td>
                    <td className="actions">
                      <RowAction intent="deactivate-grant" fields={{ grantId: g.id }} label="Thu hồi" danger ariaLabel={`Thu hồi quyền ${g.role} ${g.scope ?? ""}`} confirm="Thu hồi quyền này? Người dùng mất quyền ngay ở lần tải trang sau." />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">Người dùng chưa có vai trò nào: đăng nhập được nhưng không thấy chức năng nào.</p>
          )}
          {past.length ? (
            <details className="past-grants">
              <summary>{`${past.length} quyền đã thu hồi`}</summary>
              <ul>
                {past.map((g) => <li key={g.id}><GrantLabel role={g.role} scope={g.scope} scopeName={g.scopeName} /> <span className="muted">(cấp {formatDate(g.createdAt)})</span></li>)}
              </ul>
            </details>
          ) : null}
          <AddGrantForm options={options} />
        </section>
        <div className="admin-stack">
          <ProfileForm user={user} />
          <PasswordForm isSelf={isSelf} />
          <section className="card" aria-labelledby="status-h">
            <h2 id="status-h">Trạng thái tài khoản</h2>
            {user.active ? (
              isSelf ? (
                <p className="muted">Đây là tài khoản của bạn: bạn không thể tự vô hiệu hóa.</p>
              ) : (
                <>
                  <p className="muted">Vô hiệu hóa: người dùng không đăng nhập được, mọi phiên đang mở kết thúc ngay, token API ngừng hoạt động. Dữ liệu và nhật ký vẫn được giữ.</p>
                  <RowAction intent="disable" fields={{}} label="Vô hiệu hóa tài khoản" danger confirm={`Vô hiệu hóa tài khoản ${user.username}?`} />
                </>
              )
            ) : (
              <>
                <p className="muted">Tài khoản đang bị vô hiệu hóa.</p>
                <RowAction intent="enable" fields={{}} label="Kích hoạt lại tài khoản" />
              </>
            )}
            {failures > 0 ? (
              <>
                <p className="muted">Có {failures} lần đăng nhập sai trong 15 phút qua: đăng nhập từ địa chỉ đã sai nhiều lần bị khóa tạm, các lần sau bị làm chậm. Mở khóa khi người dùng đã xác nhận với bạn.</p>
                <RowAction intent="unlock" fields={{}} label="Mở khóa đăng nhập" />
              </>
            ) : null}
          </section>
        </div>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
