import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { langLinks } from "../components/Chrome";
import { ScopeDashboard } from "../components/dashboard/ScopeDashboard";
import { td } from "../i18n/dashboard";
import styles from "../styles/dashboard.css?url";
import { stylesheets } from "../components/page";
import { scopeDashboardPage } from "../services/indices/dashboard-pages.server";

export const links = stylesheets(styles);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.point?.name ?? ""} — ${td(data?.lang ?? "vi", "metaTitle")}` }];

/** GET /dashboard/diem/<mã điểm phục vụ>?year=&channel=&node=&lang= — the dashboard of một điểm phục vụ (read:indices in its scope). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ ...(await scopeDashboardPage(request, { kind: "point", code: params.point ?? "" })), langHref: langLinks(request.url) });
}

export default function PointDashboard() {
  return <ScopeDashboard data={useLoaderData<typeof loader>()} />;
}
