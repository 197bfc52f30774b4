import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { langLinks } from "../components/Chrome";
import { ScopeDashboard } from "../components/dashboard/ScopeDashboard";
import { td } from "../i18n/dashboard";
import { scopedDashboard } from "../services/dashboard.server";
import { db } from "../services/db.server";
import { deskSources } from "../services/sources.server";
import styles from "../styles/dashboard.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agency?.name ?? ""} — ${td(data?.lang ?? "vi", "metaTitle")}` },
];

/** GET /dashboard/co-quan/<mã cơ quan>?year=&channel=&node=&lang= — the dashboard of các điểm phục vụ của một cơ quan (read:indices in its scope). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const data = await scopedDashboard(request, { kind: "agency", code: params.agency ?? "" });
  // "Nguồn số liệu": channels and survey rounds behind the figures of the agency's desks.
  const sources = await deskSources(db(), { kind: "agency", code: params.agency ?? "" }, data);
  return json({ ...data, sources, langHref: langLinks(request.url) });
}

export default function AgencyDashboard() {
  return <ScopeDashboard data={useLoaderData<typeof loader>()} />;
}
