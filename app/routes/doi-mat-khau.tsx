import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Chrome } from "../components/Chrome";
import { fieldErrors } from "../schemas/response";
import { changePassword } from "../platform/auth.server";
import { db } from "../platform/db.server";
import { InputError } from "../platform/errors";
import { clearSessionCookie, clientIp, requireUser } from "../platform/session.server";
import { pageTitle } from "../components/page";

export const meta = pageTitle("Đổi mật khẩu");

const schema = z
  .object({
    current: z.string().min(1, "Nhập mật khẩu hiện tại.").max(200),
    next: z.string().min(1, "Nhập mật khẩu mới.").max(200, "Mật khẩu quá dài."),
    confirm: z.string().max(200),
  })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "Hai lần nhập mật khẩu mới không khớp." });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ isDemo: user.isDemo });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ message: "Vui lòng sửa các mục được đánh dấu.", fields: fieldErrors(parsed.error) }, { status: 400 });
  try {
    await changePassword(db(), user.id, parsed.data.current, parsed.data.next, clientIp(request));
  } catch (e) {
    if (e instanceof InputError) return json({ message: e.message, fields: e.fields }, { status: e.status });
    throw e;
  }
  // Every session of this user has ended, this one too: sign in again with the new password.
  return redirect("/dang-nhap?doi-mat-khau=1", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}

export default function ChangePassword() {
  const { isDemo } = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const field = (name: "current" | "next" | "confirm", label: string, auto: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type="password" autoComplete={auto} required aria-invalid={!!r?.fields?.[name]} aria-describedby={r?.fields?.[name] ? `${name}-error` : undefined} />
      {r?.fields?.[name] ? <span id={`${name}-error`} className="error-text">{r.fields[name]}</span> : null}
    </div>
  );
  return (
    <Chrome lang="vi" demo={isDemo}>
      <main className="page narrow">
        <h1>Đổi mật khẩu</h1>
        <p className="muted">Sau khi đổi, mọi phiên đăng nhập của tài khoản (trên mọi thiết bị) sẽ kết thúc.</p>
        <Form method="post" className="card" noValidate>
          {r?.message ? <p className="error-summary" role="alert">{r.message}</p> : null}
          {field("current", "Mật khẩu hiện tại", "current-password")}
          {field("next", "Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)", "new-password")}
          {field("confirm", "Nhập lại mật khẩu mới", "new-password")}
          <button className="btn" type="submit">Đổi mật khẩu</button>
        </Form>
        <p><a href="/trang-can-bo">← Trang cán bộ</a></p>
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
