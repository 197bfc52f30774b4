import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AlertList } from "../components/alerts/AlertsPanel";
import { Chrome } from "../components/Chrome";
import { ErrorSummary, useAnyFailure } from "../components/forms";
import { formatDecimal } from "../components/dashboard/format";
import { formFields } from "../schemas/admin";
import { acknowledgeForm } from "../schemas/targets";
import { acknowledgeAlert, listAlerts } from "../services/indices/alerts.server";
import { db } from "../platform/db.server";
import { flashText } from "../domain/text";
import { parseForm, runIntent, unknownIntent } from "../platform/forms.server";
import { hasDemoData } from "../platform/frame.server";
import { clientIp, requirePermission, userCan } from "../platform/session.server";
import { alertSettings } from "../services/indices/targets-settings.server";
import adminStyles from "../styles/admin.css?url";
import styles from "../styles/targets.css?url";
import { stylesheets, pageTitle } from "../components/page";

export const links = stylesheets(adminStyles, styles);
export const meta = pageTitle("Cảnh báo điểm phục vụ");

/** GET /canh-bao?xem=da-dong — alerts of the points in the user's scope (read:indices). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const url = new URL(request.url);
  const resolved = url.searchParams.get("xem") === "da-dong";
  const conn = db();
  const [alerts, settings, demo, canSettings] = await Promise.all([
    listAlerts(conn, user, { status: resolved ? "resolved" : "current", limit: resolved ? 200 : 500 }),
    alertSettings(conn),
    hasDemoData(conn),
    userCan(user, "manage:targets"),
  ]);
  return json({ alerts, resolved, settings, demo, canSettings, flash: flashText(url.search, { ack: "Đã ghi nhận cảnh báo." }) });
}

/** POST intent=acknowledge, id, comment — audited; a fetcher gets JSON, a plain form a redirect. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "read:indices");
  const fields = formFields(await request.formData());
  const intent = String(fields.intent ?? "");
  if (intent !== "acknowledge") return unknownIntent(intent);
  // The item forms are fetchers once hydrated (they add js=1): JSON for them, a redirect otherwise.
  const isFetch = fields.js === "1";
  return runIntent(intent, fields, async () => {
    const { id, comment } = parseForm(acknowledgeForm, fields);
    await acknowledgeAlert(db(), user, id, comment, clientIp(request));
    return isFetch ? json({ ok: true as const }) : redirect("/canh-bao?ok=ack");
  }, String(fields.id ?? ""));
}

export default function AlertsPage() {
  const { alerts, resolved, settings, demo, canSettings, flash } = useLoaderData<typeof loader>();
  const pct = (v: number) => `${formatDecimal(v * 100, "vi")}%`;
  // Without JavaScript the acknowledgement posts the page itself: its refusal shows here.
  const failure = useAnyFailure();
  return (
    <Chrome lang="vi" demo={demo}>
      <main className="page">
        <p><Link to="/trang-can-bo">← Trang cán bộ</Link> · <Link to="/dashboard">Bảng điều khiển</Link></p>
        <h1>Cảnh báo điểm phục vụ</h1>
        <p className="muted">
          Hệ thống kiểm tra mỗi phút: cảnh báo khi tỷ lệ hài lòng 7 ngày qua của một điểm dưới {pct(settings.minSatisfaction)} hoặc thấp hơn chỉ tiêu quá{" "}
          {formatDecimal(settings.targetMargin * 100, "vi")} điểm % (khi có từ {settings.minResponses} phiếu), hoặc khi một ngày làm việc không có phiếu nào
          dù trước đó vẫn có. Cảnh báo tự đóng khi tình trạng hết.
          {canSettings ? <> <Link to="/quan-tri/chi-tieu#canh-bao">Sửa ngưỡng</Link>.</> : null}
        </p>
        {flash ? <p className="admin-flash" role="status">{flash}</p> : null}
        <ErrorSummary failure={failure} />
        <nav className="al-filter tg-years" aria-label="Lọc cảnh báo">
          <Link to="/canh-bao" aria-current={!resolved ? "page" : undefined}>Đang mở</Link>
          <Link to="/canh-bao?xem=da-dong" aria-current={resolved ? "page" : undefined}>Đã tự đóng</Link>
        </nav>
        {alerts.length === 0 ? (
          <div className="card tg-empty" role="status" data-testid="alerts-none">
            {resolved ? (
              <p>Chưa có cảnh báo nào đã đóng trong phạm vi của bạn.</p>
            ) : (
              <>
                <p><strong>Không có cảnh báo nào đang mở trong phạm vi của bạn.</strong></p>
                <p>Khi có cảnh báo, cơ quan quản lý điểm phục vụ nhận thông báo và cảnh báo hiện ở đây và trên bảng điều khiển.</p>
              </>
            )}
          </div>
        ) : (
          <AlertList alerts={alerts} canAck={!resolved} />
        )}
      </main>
    </Chrome>
  );
}

/** After a refused post the page reads its data again, as before Single Fetch. */
export { revalidateAfterRefusal as shouldRevalidate } from "../components/revalidation";
