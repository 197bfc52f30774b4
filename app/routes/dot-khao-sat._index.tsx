import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chrome } from "../components/Chrome";
import { formatNumber } from "../i18n/format";
import { db } from "../platform/db.server";
import { hasDemoData } from "../platform/frame.server";
import { entryPoints, listRounds, roundByCode } from "../services/rounds/rounds.server";
import { requireUser, userCan } from "../platform/session.server";
import styles from "../styles/rounds.css?url";
import { stylesheets, pageTitle } from "../components/page";

export const links = stylesheets(styles);
export const meta = pageTitle("Đợt khảo sát");

const STATUS: Record<string, string> = { draft: "Bản nháp", open: "Đang mở", closed: "Đã đóng" };

/** /dot-khao-sat: the rounds this person may read (read:indices over every quota unit) or enter for. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [reader, interviewer] = await Promise.all([userCan(user, "read:indices"), userCan(user, "enter:feedback")]);
  if (!reader && !interviewer) throw new Response("Bạn không có quyền xem hoặc thay đổi nội dung này. Nếu cần, hãy liên hệ quản trị viên.", { status: 403, statusText: "Forbidden" });
  const conn = db();
  const rows = [];
  for (const r of await listRounds(conn)) {
    const detail = (await roundByCode(conn, r.code))!;
    let canRead = reader;
    for (const q of detail.quotas) if (canRead && !(await userCan(user, "read:indices", { unitId: q.unitId }))) canRead = false;
    const canEnter = interviewer && r.status === "open" && (await entryPoints(conn, user, detail)).length > 0;
    if (canRead || canEnter) rows.push({ code: r.code, name: r.name, status: r.status, startsOn: r.starts_on, endsOn: r.ends_on, done: r.done, target: r.target, canRead, canEnter });
  }
  return json({ demo: await hasDemoData(conn), rows });
}

export default function RoundsIndex() {
  const d = useLoaderData<typeof loader>();
  return (
    <Chrome lang="vi" demo={d.demo}>
      <main className="page round-page">
        <p><Link to="/trang-can-bo">← Trang cán bộ</Link></p>
        <h1>Đợt khảo sát</h1>
        {d.rows.length === 0 ? <p className="card">Chưa có đợt khảo sát nào trong phạm vi của anh/chị.</p> : (
          <ul className="quota-list" data-testid="round-list">
            {d.rows.map((r) => (
              <li key={r.code} className="card" data-round={r.code}>
                <h2>{r.code}: {r.name}</h2>
                <p>{STATUS[r.status]} · {r.startsOn} → {r.endsOn} · đã nhập {formatNumber(r.done)}/{formatNumber(r.target)} phiếu</p>
                <p>
                  {r.canEnter ? <Link className="btn" to={`/dot-khao-sat/${encodeURIComponent(r.code)}/nhap`}>Nhập phiếu phỏng vấn</Link> : null}{" "}
                  {r.canRead ? <Link className="btn secondary" to={`/dot-khao-sat/${encodeURIComponent(r.code)}`}>Tiến độ và chỉ số</Link> : null}
                </p>
              </li>
            ))}
          </ul>
        )}
      </main>
    </Chrome>
  );
}
