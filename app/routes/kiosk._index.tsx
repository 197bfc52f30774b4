import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "../platform/db.server";
import { Chrome, langLinks } from "../components/Chrome";
import { langFrom } from "../i18n/messages";
import { tk } from "../i18n/kiosk";
import { listServicePoints, listUnits } from "../services/org/reference.server";
import { hasDemoData } from "../platform/frame.server";
import styles from "../styles/kiosk.css?url";
import { stylesheets } from "../components/page";

export const links = stylesheets(styles);

export const meta: MetaFunction = () => [{ title: "Kiosk · Hài Lòng" }];

/** Staff page: every active service point, grouped by its district (or the province), each linking to its kiosk. */
export async function loader({ request }: LoaderFunctionArgs) {
  const lang = langFrom(request);
  const [points, units] = await Promise.all([listServicePoints(db()), listUnits(db())]);
  const byId = new Map(units.map((u) => [u.id, u]));
  // A commune desk is listed under its district: walk up to the first province- or district-level unit.
  const groupOf = (unitId: number) => {
    let u = byId.get(unitId);
    while (u && u.level !== "province" && u.level !== "district" && u.parent_id !== null) u = byId.get(u.parent_id);
    return u ?? byId.get(unitId);
  };
  const groups = new Map<string, { code: string; name: string; nameEn: string | null; level: string; order: number; points: Array<{ code: string; name: string; nameEn: string | null; unitName: string; kind: string }> }>();
  for (const p of points) {
    const g = groupOf(p.unit_id);
    const key = g?.code ?? p.unit_code;
    if (!groups.has(key)) {
      groups.set(key, { code: key, name: g?.name ?? p.unit_name, nameEn: g?.name_en ?? null, level: g?.level ?? "", order: g?.id ?? p.unit_id, points: [] });
    }
    groups.get(key)!.points.push({ code: p.code, name: p.name, nameEn: p.name_en, unitName: p.unit_name, kind: p.kind });
  }
  const list = [...groups.values()].sort((a, b) => (a.level === "province" ? -1 : b.level === "province" ? 1 : a.order - b.order));
  return json({ lang, demo: await hasDemoData(db()), langHref: langLinks(request.url), groups: list, total: points.length });
}

export default function KioskIndex() {
  const { lang, demo, langHref, groups, total } = useLoaderData<typeof loader>();
  const en = lang === "en";
  return (
    <Chrome lang={lang} demo={demo} langHref={langHref}>
      <main className="page kiosk-index">
        <h1>{tk(lang, "listTitle")}</h1>
        <p className="lead">{tk(lang, "listIntro")}</p>
        <p className="muted">{tk(lang, "listTip")}</p>
        {groups.length === 0 ? <p className="card">{tk(lang, "listEmpty")}</p> : <p className="muted">{tk(lang, "listCount", { n: total })}</p>}
        <div className="kiosk-index-grid">
          {groups.map((g) => (
            <section key={g.code} className="card kiosk-index-group" aria-labelledby={`g-${g.code}`}>
              <h2 id={`g-${g.code}`}>{en && g.nameEn ? g.nameEn : g.name}</h2>
              <ul>
                {g.points.map((p) => (
                  <li key={p.code}>
                    <a href={`/kiosk/${encodeURIComponent(p.code)}${en ? "?lang=en" : ""}`}>
                      <span className="name">{en && p.nameEn ? p.nameEn : p.name}</span>
                      <span className="code">{p.code}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </main>
    </Chrome>
  );
}
