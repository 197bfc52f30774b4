import "./i18n/locales.server";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { databaseUrl, migrateToLatest, db } from "./platform/db.server";
import { seedIfEmpty } from "./services/admin/seed.server";
import { DEMO_ACCOUNTS, DEMO_ACCOUNTS_2025 } from "./services/admin/demo-accounts";
import { runDeadlines } from "./services/feedback/feedback.server";
import { processOutbox, sender } from "./platform/notify.server";
import { evaluateAlerts } from "./services/indices/alerts.server";
import { NonceContext } from "./components/nonce";

const ABORT_DELAY = 5_000;

// The request pipeline in server.mjs: body limits and the one text normalisation of form fields.
export { BODY_LIMITS, refusalResponse } from "./platform/http.server";
export { cleanUrlEncoded } from "./domain/text";

/** Called by server.mjs before it listens: migrate, then load the demo province when empty. */
export async function prepareDatabase(opts: { log?: (s: string) => void } = {}) {
  const log = opts.log ?? console.log;
  const applied = await migrateToLatest(db());
  if (applied.length) log(`Đã chạy migration: ${applied.join(", ")}`);
  const t0 = Date.now();
  const seeded = await seedIfEmpty(db(), { responses: process.env.DEMO_RESPONSES !== "0", reform: process.env.DEMO_REFORM !== "0" });
  if (seeded.seeded) log(`Đã nạp dữ liệu mẫu tỉnh Đắk Lắk (${seeded.responses} phiếu mẫu, ${Date.now() - t0} ms) vào ${databaseUrl()}`);
  return seeded;
}

/** Background jobs: deadline reminders and escalation, service point alerts, then the notification outbox. */
export async function runJobs(now = new Date()) {
  const deadlines = await runDeadlines(db(), now);
  const alerts = await evaluateAlerts(db(), now);
  const outbox = await processOutbox(db(), sender(), now);
  return { deadlines, alerts, outbox };
}

/** Demo logins to print at start-up (only when the demo accounts exist). */
export async function demoLogins(): Promise<Array<{ username: string; label: string }>> {
  // Accounts whose only grants ended with a reorganisation (a district's leader) are not offered.
  const rows = await db().selectFrom("app_user as u").innerJoin("role_grant as g", "g.user_id", "u.id").select("u.username").distinct()
    .where("u.is_demo", "=", 1).where("u.active", "=", 1).where("g.active", "=", 1).execute();
  const present = new Set(rows.map((r) => r.username));
  return [...DEMO_ACCOUNTS, ...DEMO_ACCOUNTS_2025].filter((a) => present.has(a.username)).map((a) => ({ username: a.username, label: a.label }));
}

export async function closeDatabase() {
  await db().destroy();
}

/**
 * Renders the whole page to a string. React 18.3's streaming renderer writes its full 2 KB buffer
 * when a multi-byte character (most Vietnamese letters) does not fit at the end, which put NUL
 * bytes into pages; the pages here use no deferred data, so a string render costs nothing.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: { cspNonce?: string } = {},
) {
  const nonce = loadContext.cspNonce;
  const html = renderToString(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
    </NonceContext.Provider>,
  );
  keepPrivacyHeaders(responseHeaders, remixContext);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
}

/** The desk the start-up message links to: the first ward centre in service, else the 2024 city desk. */
export async function examplePoint(): Promise<string> {
  const p = await db().selectFrom("service_point").select("code").where("code", "in", ["TTPV-P-BUONMATHUOT", "MC-BMT"]).where("active", "=", 1)
    .where((eb) => eb.or([eb("valid_to", "is", null), eb("valid_to", ">=", new Date().toISOString().slice(0, 10))])).orderBy("id", "desc").executeTakeFirst();
  return p?.code ?? "MC-BMT";
}

/**
 * A route's loader or action that says its answer is private (Cache-Control) or not for search
 * engines (X-Robots-Tag) says it for the HTML page too when the route exports no `headers`
 * function (without one Remix keeps only cookies): the strictest value of any matched route wins.
 */
const PRIVACY_HEADERS = ["Cache-Control", "X-Robots-Tag", "Retry-After"] as const;
function keepPrivacyHeaders(headers: Headers, context: EntryContext) {
  const ctx = context.staticHandlerContext;
  // A route with its own `headers` function has chosen its document headers (a public form lets
  // the browser show it again on "Back"): that choice stands.
  const own = (id: string) => typeof (context.routeModules[id] as { headers?: unknown } | undefined)?.headers === "function";
  const sources = [ctx.loaderHeaders ?? {}, ctx.actionHeaders ?? {}].flatMap((m) => Object.entries(m).filter(([id]) => !own(id)).map(([, h]) => h));
  for (const source of sources) {
    for (const name of PRIVACY_HEADERS) {
      const value = source.get(name);
      if (!value) continue;
      // Only what keeps a page private travels to the document: a loader's "public, max-age" is for
      // its data; a published-results page must not be kept by the browser after a new publication.
      if (name === "Cache-Control" && !/no-store|private/i.test(value)) continue;
      const current = headers.get(name);
      if (!current || (name === "Cache-Control" && /no-store/i.test(value) && !/no-store/i.test(current))) headers.set(name, value);
    }
  }
}
