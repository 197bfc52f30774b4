import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "../platform/auth.server";
import { db } from "../platform/db.server";
import { clearSessionCookie, sessionToken } from "../platform/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = sessionToken(request);
  if (token) await logout(db(), token);
  return redirect("/dang-nhap", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
