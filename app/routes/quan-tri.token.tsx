import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { StaffFrame } from "../components/StaffFrame";
import { CheckboxGroup, ErrorSummary, RowAction, SubmitButton, TextField, useAnyFailure, useFailure, useHydrated } from "../components/forms";
import { formatDate, formatDateTime } from "../i18n/format";
import { formFields, PERMISSION_LABEL, tokenCreate, tokenRevoke } from "../schemas/admin";
import { db } from "../platform/db.server";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { clientIp, requirePermission } from "../platform/session.server";
import { createTokenFor, listTokens, revokeToken, tokenOwners } from "../services/admin/users-admin.server";
import styles from "../styles/admin.css?url";
import { stylesheets, pageTitle } from "../components/page";
import { staffPage } from "../platform/frame.server";

export const links = stylesheets(styles);
export const meta = pageTitle("Token truy cập API — Quản trị");

const PATH = "/quan-tri/token";
const FLASH: Record<string, string> = { revoked: "Đã thu hồi token {ref}: token không dùng được nữa." };

export async function loader({ request }: LoaderFunctionArgs) {
  const { url, conn, frame: chrome } = await staffPage(request, "manage:users", "admin", FLASH);
  const [tokens, owners] = await Promise.all([listTokens(conn), tokenOwners(conn)]);
  const chosen = Number(url.searchParams.get("user") ?? NaN);
  return json({ ...chrome, tokens, owners, owner: owners.find((o) => o.id === chosen) ?? null });
}

export async function action({ request }: ActionFunctionArgs) {
  const me = await requirePermission(request, "manage:users");
  const fields = formFields(await request.formData(), ["permissions"]);
  const intent = String(fields.intent ?? "");
  const actor = { userId: me.id, ip: clientIp(request) };
  switch (intent) {
    case "create":
      return runIntent(intent, fields, async () => {
        const input = parseForm(tokenCreate, fields);
        const created = await createTokenFor(db(), input, actor);
        // The plain token is shown on this answer only: it is stored hashed and never again readable.
        return json(
          { ok: true as const, created: { id: created.id, token: created.token, expiresAt: created.expiresAt, name: input.name, permissions: input.permissions } },
          { headers: { "Cache-Control": "no-store" } },
        );
      });
    case "revoke":
      return runIntent(intent, fields, async () => {
        const { tokenId } = parseForm(tokenRevoke, fields);
        await revokeToken(db(), tokenId, actor);
        return redirect(`${PATH}?ok=revoked&ref=${tokenId}`);
      }, String(fields.tokenId ?? ""));
    default:
      return unknownIntent(intent);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

const STATUS_LABEL = { active: "Còn hiệu lực", revoked: "Đã thu hồi", expired: "Hết hạn" } as const;
const permLabel = (p: string) => (PERMISSION_LABEL as Record<string, string>)[p] ?? p;

function NewToken({ created }: { created: { token: string; expiresAt: string; name: string } }) {
  const hydrated = useHydrated();
  const [copied, setCopied] = useState<"" | "copied" | "selected">("");
  return (
    <section className="card new-token" aria-labelledby="new-token-h" role="alert">
      <h2 id="new-token-h">Token “{created.name}” đã được tạo</h2>
      <p className="warn"><strong>Sao chép token ngay bây giờ.</strong> Token chỉ hiện một lần này; hệ thống chỉ lưu bản băm nên không thể xem lại. Nếu làm mất, hãy thu hồi và tạo token mới.</p>
      <div className="token-box">
        <code data-testid="new-token">{created.token}</code>
        {hydrated ? (
          <button
            type="button"
            className="btn small"
            onClick={() => {
              const selectToken = () => {
                // Without clipboard access (plain http): select the token so Ctrl+C copies it.
                const el = document.querySelector('[data-testid="new-token"]');
                const sel = window.getSelection();
                if (el && sel) {
                  const range = document.createRange();
                  range.selectNodeContents(el);
                  sel.removeAllRanges();
                  sel.addRange(range);
                }
                setCopied("selected");
              };
              if (navigator.clipboard) void navigator.clipboard.writeText(created.token).then(() => setCopied("copied"), selectToken);
              else selectToken();
            }}
          >
            {copied === "copied" ? "Đã sao chép" : copied === "selected" ? "Đã chọn — nhấn Ctrl+C" : "Sao chép"}
          </button>
        ) : null}
      </div>
      <p className="muted">Hết hạn: {formatDateTime(created.expiresAt)}. Dùng trong tiêu đề <code>Authorization: Bearer &lt;token&gt;</code>.</p>
    </section>
  );
}

function CreateTokenForm({ owners, owner }: { owners: Data["owners"]; owner: Data["owner"] }) {
  const failure = useFailure("create");
  return (
    <div className="card admin-form" id="bieu-mau">
      <h2>Tạo token</h2>
      <Form method="get" className="owner-pick">
        <div className="field">
          <label htmlFor="token-owner">Chủ token</label>
          <span className="hint" id="token-owner-hint">Token mang một phần quyền của chủ token và dừng hoạt động khi tài khoản bị vô hiệu hóa.</span>
          <select id="token-owner" name="user" defaultValue={owner?.id ?? ""} aria-describedby="token-owner-hint">
            <option value="">— Chọn người dùng —</option>
            {owners.map((o) => <option key={o.id} value={o.id}>{o.username} — {o.displayName}</option>)}
          </select>
        </div>
        <button type="submit" className="btn secondary">Chọn người dùng</button>
      </Form>
      {owner ? (
        <Form method="post" noValidate key={owner.id}>
          <input type="hidden" name="userId" value={owner.id} />
          <p className="owner-line">Chủ token: <strong>{owner.username}</strong> ({owner.displayName})</p>
          {failure?.fields.userId ? <p className="error-text">{failure.fields.userId}</p> : null}
          <TextField form="token" name="name" label="Tên token (mục đích)" required failure={failure} hint="Ví dụ: Đồng bộ báo cáo với cổng dịch vụ công." maxLength={100} />
          {owner.permissions.length ? (
            <CheckboxGroup
              form="token" name="permissions" label="Quyền của token" failure={failure}
              hint="Chỉ chọn những quyền thật sự cần."
              options={owner.permissions.map((p) => ({ value: p, label: `${permLabel(p)} (${p})` }))}
            />
          ) : (
            <p className="error-text">Người dùng này chưa có vai trò nào nên không thể có token.</p>
          )}
          <TextField form="token" name="days" label="Số ngày hiệu lực" type="number" required failure={failure} defaultValue="90" hint="Từ 1 đến 365 ngày." />
          <SubmitButton intent="create" label="Tạo token" busyLabel="Đang tạo…" />
        </Form>
      ) : (
        <p className="muted">Chọn chủ token để xem các quyền có thể cấp.</p>
      )}
    </div>
  );
}

export default function TokensAdmin() {
  const { demo, nav, tokens, owners, owner, flash } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failure = useAnyFailure();
  const created = data && "created" in data ? data.created : null;
  return (
    <StaffFrame section="admin"
      demo={demo} nav={nav} current={PATH} title="Token truy cập API" flash={flash}
      intro={<p>Token cho phép một hệ thống khác gọi API thay mặt một người dùng, với một phần quyền của người đó. Token hết hạn sau số ngày đã chọn và có thể bị thu hồi bất cứ lúc nào.</p>}
    >
      {created ? <NewToken created={created} /> : null}
      <ErrorSummary failure={failure} />
      <div className="admin-layout">
        <section aria-labelledby="tokens-list" className="admin-main">
          <h2 id="tokens-list" className="sr-only">Danh sách token</h2>
          {tokens.length ? (
            <table className="data admin-table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">Tên, tiền tố</th>
                  <th scope="col">Chủ token</th>
                  <th scope="col">Quyền</th>
                  <th scope="col">Hết hạn</th>
                  <th scope="col">Dùng lần cuối</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col"><span className="sr-only">Thao tác</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => (
                  <tr key={t.id} className={t.status === "active" ? "" : "row-inactive"} data-token-id={t.id}>
                    <td data-label="Tên">
                      {t.name}
                      <span className="sub"><code>{t.prefix}…</code></span>
                    </td>
                    <td data-label="Chủ token"><Link to={`/quan-tri/nguoi-dung/${t.owner.id}`}>{t.owner.username}</Link>{t.owner.active ? null : <span className="sub">(tài khoản bị vô hiệu hóa)</span>}</td>
                    <td data-label="Quyền">
                      <ul className="perm-list">{t.permissions.map((p) => <li key={p} title={permLabel(p)}><code>{p}</code></li>)}</ul>
                    </td>
                    <td data-label="Hết hạn">{formatDate(t.expiresAt)}</td>
                    <td data-label="Dùng lần cuối">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">chưa dùng</span>}</td>
                    <td data-label="Trạng thái">
                      <span className={`badge ${t.status === "active" ? "on" : "off"}`}>{STATUS_LABEL[t.status]}</span>
                      {t.revokedAt ? <span className="sub">{formatDateTime(t.revokedAt)}</span> : null}
                    </td>
                    <td className="actions">
                      {t.status === "active" ? (
                        <RowAction intent="revoke" fields={{ tokenId: t.id }} label="Thu hồi" danger ariaLabel={`Thu hồi token ${t.name}`} confirm={`Thu hồi token “${t.name}”? Hệ thống đang dùng token này sẽ bị từ chối ngay.`} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="card muted">Chưa có token nào.</p>
          )}
        </section>
        <aside className="admin-aside">
          <CreateTokenForm owners={owners} owner={owner} />
        </aside>
      </div>
    </StaffFrame>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
