import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "../services/auth.server";
import { db } from "../services/db.server";
import { clearSessionCookie, sessionToken } from "../services/session.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const token = sessionToken(request);
  if (token) await logout(db(), token);
  return redirect("/dang-nhap", { headers: { "Set-Cookie": clearSessionCookie(request) } });
}
