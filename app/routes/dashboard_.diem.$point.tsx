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
  { title: `${data?.point?.name ?? ""} — ${td(data?.lang ?? "vi", "metaTitle")}` },
];

/** GET /dashboard/diem/<mã điểm phục vụ>?year=&channel=&node=&lang= — the dashboard of một điểm phục vụ (read:indices in its scope). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const data = await scopedDashboard(request, { kind: "point", code: params.point ?? "" });
  // "Nguồn số liệu": channels and survey rounds behind this desk's figures for the year.
  const sources = await deskSources(db(), { kind: "point", code: params.point ?? "" }, data);
  return json({ ...data, sources, langHref: langLinks(request.url) });
}

export default function PointDashboard() {
  return <ScopeDashboard data={useLoaderData<typeof loader>()} />;
}
