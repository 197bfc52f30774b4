import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { fieldErrors } from "../schemas/response";
import { loginForm, safeNext } from "../schemas/auth";
import { login, SESSION_HOURS } from "../platform/auth.server";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { hasDemoData } from "../platform/frame.server";
import { clientIp, getUser, sessionCookie } from "../platform/session.server";
import { DEMO_ACCOUNTS } from "../services/admin/demo-accounts";
import { pageTitle } from "../components/page";

export const meta = pageTitle("Đăng nhập");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeNext(url.searchParams.get("next"));
  if (await getUser(request)) throw redirect(next);
  const demo = await hasDemoData(db());
  return json({ next, demo, demoAccounts: demo ? DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.label })) : [] });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = loginForm.safeParse(form);
  if (!parsed.success) return json({ message: "Vui lòng điền đủ thông tin.", fields: fieldErrors(parsed.error), login: String(form.login ?? "") }, { status: 400 });
  try {
    const { token } = await login(db(), { login: parsed.data.login, password: parsed.data.password, ip: clientIp(request), userAgent: request.headers.get("user-agent") });
    return redirect(safeNext(parsed.data.next), { headers: { "Set-Cookie": sessionCookie(request, token, SESSION_HOURS * 3600) } });
  } catch (e) {
    if (e instanceof InputError) return json({ message: e.message, fields: e.fields, login: parsed.data.login }, { status: e.status });
    throw e;
  }
}

export default function Login() {
  const { next, demo, demoAccounts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page narrow">
        <h1>Đăng nhập dành cho cán bộ</h1>
        <p className="muted">Người dân không cần đăng nhập để trả lời khảo sát hay gửi phản ánh.</p>
        <Form method="post" className="card" noValidate>
          {result?.message ? <p className="error-summary" role="alert">{result.message}</p> : null}
          <input type="hidden" name="next" value={next} />
          <div className="field">
            <label htmlFor="login">Tên đăng nhập hoặc email</label>
            <input id="login" name="login" autoComplete="username" defaultValue={result?.login ?? ""} required aria-invalid={!!result?.fields?.login} aria-describedby={result?.fields?.login ? "login-error" : undefined} />
            {result?.fields?.login ? <span id="login-error" className="error-text">{result.fields.login}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="password">Mật khẩu</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required aria-invalid={!!result?.fields?.password} aria-describedby={result?.fields?.password ? "password-error" : undefined} />
            {result?.fields?.password ? <span id="password-error" className="error-text">{result.fields.password}</span> : null}
          </div>
          <button className="btn" type="submit" disabled={busy}>{busy ? "Đang đăng nhập…" : "Đăng nhập"}</button>
        </Form>
        {demoAccounts.length ? (
          <section className="card" style={{ marginTop: 16 }} aria-labelledby="demo-accounts">
            <h2 id="demo-accounts">Tài khoản mẫu (chỉ dùng để thử, không dùng thật)</h2>
            <p className="muted">Mật khẩu của mọi tài khoản mẫu được in ra khi chạy <code>npm start</code>.</p>
            <ul>
              {demoAccounts.map((a) => <li key={a.username}><code>{a.username}</code> — {a.role}</li>)}
            </ul>
          </section>
        ) : null}
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
