import "./i18n/locales.server";
import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
// The Web Streams renderer (react-dom's browser build, which runs on Node 20): it encodes each
// piece of text whole. Node's stream renderer writes its full 2 KB buffer when a multi-byte
// character (most Vietnamese letters) does not fit at its end, which put NUL bytes into pages.
import { renderToReadableStream } from "react-dom/server.browser";
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
// The hot write path: server.mjs hands POST /api/v1/responses to it directly.
export { ingest } from "./services/surveys/ingest.server";

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
 * Renders the whole page, then answers it at once (no streaming: nothing here defers). Single
 * Fetch hands the loaders' data to the page as a stream that React writes as inline scripts, so
 * the page is rendered by a streaming renderer and read to its end (allReady) before it is sent;
 * those scripts carry the request's CSP nonce.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: { cspNonce?: string } = {},
) {
  const nonce = loadContext.cspNonce;
  // An error while rendering the shell rejects the render (Remix renders the error boundary then);
  // one after it is logged here.
  let shellDone = false;
  const stream = await renderToReadableStream(
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>,
    {
      nonce,
      signal: request.signal,
      onError(error) {
        if (shellDone && !request.signal.aborted) console.error(error);
      },
    },
  );
  shellDone = true;
  await stream.allReady;
  const html = await new Response(stream).text();
  keepPrivacyHeaders(responseHeaders, documentHeaderSources(remixContext));
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
 * The same holds for the page's data (`.data`) that a browser fetches on a client-side navigation
 * or form post: Single Fetch answers all its loaders in one response, whose headers are the
 * `headers` functions' (server.mjs notes what each loader and action said: noteHeaders).
 */
const PRIVACY_HEADERS = ["Cache-Control", "X-Robots-Tag", "Retry-After"] as const;
function keepPrivacyHeaders(headers: Headers, sources: Headers[]) {
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

/** The headers the matched routes' loaders and action answered on a document request. */
function documentHeaderSources(context: EntryContext): Headers[] {
  const ctx = context.staticHandlerContext;
  // A route with its own `headers` function has chosen its document headers (a public form lets
  // the browser show it again on "Back"): that choice stands.
  const own = (id: string) => typeof (context.routeModules[id] as { headers?: unknown } | undefined)?.headers === "function";
  return [ctx.loaderHeaders ?? {}, ctx.actionHeaders ?? {}].flatMap((m) => Object.entries(m).filter(([id]) => !own(id)).map(([, h]) => h));
}

/** What the loaders and actions of one request answered (by its load context), for its data answer. */
const noted = new WeakMap<object, Headers[]>();

/**
 * Called by server.mjs with what a loader or action of a route without a `headers` function
 * returned or threw: a Response, or data() with headers.
 */
export function noteHeaders(context: object, result: unknown): void {
  if (!context || typeof context !== "object") return;
  let headers: Headers | null = null;
  if (isResponse(result)) headers = result.headers;
  else if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    const init = (result as { init?: ResponseInit | null }).init;
    if (init?.headers) headers = new Headers(init.headers);
  }
  if (!headers) return;
  const list = noted.get(context) ?? [];
  list.push(headers);
  noted.set(context, list);
}

const isResponse = (x: unknown): x is Response =>
  x instanceof Response || (!!x && typeof x === "object" && typeof (x as Response).status === "number" && typeof (x as Response).headers?.get === "function");

/** A data request (`.data`): the privacy headers of its loaders and action, as on the document. */
export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  const sources = noted.get(context);
  if (!sources?.length) return response;
  try {
    keepPrivacyHeaders(response.headers, sources);
    return response;
  } catch {
    // Headers that cannot change (a Response a loader got from fetch): a copy can.
    const copy = new Response(response.body, response);
    keepPrivacyHeaders(copy.headers, sources);
    return copy;
  }
};
