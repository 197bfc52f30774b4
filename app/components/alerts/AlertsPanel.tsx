import { Link, useFetcher, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef } from "react";
import { formatDateTime, type Lang } from "../../i18n/format";
import { useHydrated } from "../forms";
import type { AlertView } from "../../services/indices/alerts.server";

type Failure = { ok: false; message: string; fields: Record<string, string>; target: string | null };

/** One alert: what, where, since when, and the acknowledgement (comment) form or who acknowledged it. */
function AlertItem({ alert, canAck = true, onDone }: { alert: AlertView; canAck?: boolean; onDone?: () => void }) {
  const fetcher = useFetcher<Failure | { ok: true }>();
  // A panel that loaded its alerts with a fetcher reloads them once the acknowledgement is saved.
  const reported = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || fetcher.data?.ok !== true || reported.current === fetcher.data) return;
    reported.current = fetcher.data;
    onDone?.();
  }, [fetcher.state, fetcher.data, onDone]);
  const failure = fetcher.data && fetcher.data.ok === false ? fetcher.data : null;
  const busy = fetcher.state !== "idle";
  const hydrated = useHydrated();
  const id = `al-${alert.id}`;
  return (
    <li className="al-item" data-testid={`alert-${alert.pointCode}-${alert.kind}`} data-status={alert.status}>
      <div className="al-item-head">
        <strong>{alert.pointName}</strong>
        <span>
          <span className={`al-kind ${alert.kind}`}>{alert.kindLabel}</span>{" "}
          <span className={`al-state ${alert.status}`} data-testid={`${id}-state`}>{alert.statusLabel}</span>
        </span>
      </div>
      <p>{alert.text}</p>
      <p className="muted">
        Từ {formatDateTime(alert.openedAt)} · kiểm tra lần cuối {formatDateTime(alert.lastSeenAt)}
        {alert.resolvedAt ? ` · tự đóng ${formatDateTime(alert.resolvedAt)}` : ""}
      </p>
      {alert.acknowledgedAt ? (
        <p data-testid={`${id}-ack`}>
          <strong>Ghi nhận</strong> bởi {alert.acknowledgedBy ?? "—"} lúc {formatDateTime(alert.acknowledgedAt)}: “{alert.comment}”
        </p>
      ) : null}
      {canAck && alert.status !== "resolved" ? (
        <fetcher.Form method="post" action="/canh-bao" className="al-ack" noValidate>
          <input type="hidden" name="intent" value="acknowledge" />
          <input type="hidden" name="id" value={alert.id} />
          {hydrated ? <input type="hidden" name="js" value="1" /> : null}
          <div className="field">
            <label htmlFor={`${id}-comment`}>{alert.acknowledgedAt ? "Cập nhật nhận xét" : "Nhận xét khi ghi nhận"}</label>
            <input
              id={`${id}-comment`} name="comment" maxLength={1000} placeholder="Ví dụ: đã liên hệ bộ phận một cửa, kiểm tra ki-ốt"
              aria-invalid={failure?.fields.comment ? true : undefined} aria-describedby={failure ? `${id}-error` : undefined}
            />
          </div>
          <button className="btn small" type="submit" disabled={busy}>{busy ? "Đang lưu…" : "Ghi nhận"}</button>
          {failure ? <p id={`${id}-error`} className="error-text" role="alert">{failure.fields.comment ?? failure.message}</p> : null}
        </fetcher.Form>
      ) : null}
    </li>
  );
}

export function AlertList({ alerts, canAck = true, onDone }: { alerts: AlertView[]; canAck?: boolean; onDone?: () => void }) {
  return (
    <ul className="al-list" data-testid="alerts">
      {alerts.map((a) => <AlertItem key={`${a.id}-${a.acknowledgedAt ?? ""}`} alert={a} canAck={canAck} onDone={onDone} />)}
    </ul>
  );
}

/**
 * The dashboard's alerts panel: the current alerts in the user's scope, read by the page's loader
 * (a panel that fetched them after load broke a navigation started before hydration).
 * After an acknowledgement the page's data is revalidated.
 */
export function AlertsPanel({ lang = "vi", limit = 5, alerts, counts }: {
  lang?: Lang;
  limit?: number;
  alerts: AlertView[] | null;
  /** When `alerts` holds only the first ones (the page sends those it shows): how many in all, and not yet acknowledged. */
  counts?: { total: number; open: number };
}) {
  const revalidator = useRevalidator();
  const reload = useCallback(() => revalidator.revalidate(), [revalidator]);
  const open = counts?.open ?? alerts?.filter((a) => a.status === "open").length ?? 0;
  const total = counts?.total ?? alerts?.length ?? 0;
  const en = lang === "en";
  return (
    <section className={`card al-panel${alerts && alerts.length === 0 ? " is-clear" : ""}`} aria-labelledby="al-panel-title" data-testid="alerts-panel">
      <h2 id="al-panel-title">{en ? "Service point alerts" : "Cảnh báo tại điểm phục vụ"}</h2>
      {alerts === null ? (
        <p className="muted">{en ? "Loading… " : "Đang tải… "}<Link to="/canh-bao">{en ? "Open the alerts page" : "Mở trang cảnh báo"}</Link></p>
      ) : total === 0 ? (
        <p data-testid="alerts-none">
          {en
            ? "No open alert in your scope."
            : "Không có cảnh báo nào đang mở trong phạm vi của bạn."}{" "}
          <Link to="/canh-bao">{en ? "Alert history" : "Xem lịch sử cảnh báo"}</Link>
        </p>
      ) : (
        <>
          <p>
            {en ? (
              <><strong>{total} alert(s)</strong>, {open} not yet acknowledged. Acknowledge with a comment so that other leaders know someone is on it.</>
            ) : (
              <><strong>{total} cảnh báo</strong>, {open} chưa ghi nhận. Ghi nhận kèm nhận xét để các lãnh đạo khác biết đã có người xử lý.</>
            )}
          </p>
          <AlertList alerts={alerts.slice(0, limit)} onDone={reload} />
          <p><Link to="/canh-bao">{total > limit ? (en ? `All ${total} alerts` : `Xem tất cả ${total} cảnh báo`) : en ? "Alerts page" : "Trang cảnh báo"}</Link></p>
        </>
      )}
    </section>
  );
}
