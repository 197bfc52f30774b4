import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { langLinks } from "../components/Chrome";
import { ScopeDashboard } from "../components/dashboard/ScopeDashboard";
import { td } from "../i18n/dashboard";
import styles from "../styles/dashboard.css?url";
import { stylesheets } from "../components/page";
import { scopeDashboardPage } from "../services/indices/dashboard-pages.server";

export const links = stylesheets(styles);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.agency?.name ?? ""} — ${td(data?.lang ?? "vi", "metaTitle")}` }];

/** GET /dashboard/co-quan/<mã cơ quan>?year=&channel=&node=&lang= — the dashboard of các điểm phục vụ của một cơ quan (read:indices in its scope). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json({ ...(await scopeDashboardPage(request, { kind: "agency", code: params.agency ?? "" })), langHref: langLinks(request.url) });
}

export default function AgencyDashboard() {
  return <ScopeDashboard data={useLoaderData<typeof loader>()} />;
}
