// The HTTP server: Express in front of the Remix build, with security headers and static files.
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import { Readable } from "node:stream";
import remixNode from "@remix-run/node";

const here = path.dirname(fileURLToPath(import.meta.url));
// `remix vite:build`: the server module in build/server, the browser's files in build/client.
const build = await import(path.join(here, "build/server/index.js"));
const entry = build.entry.module;

await entry.prepareDatabase();
const demo = await entry.demoLogins();
// The example desk of the printed links: the ward centre of today's tree, or the 2024 city desk.
const demoPoint = await entry.examplePoint();

const TRUST_PROXY = process.env.TRUST_PROXY === "1";
const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};
/** The client's address for throttling and audit (behind a proxy, TRUST_PROXY=1: the first X-Forwarded-For hop). */
function clientAddress(req) {
  const forwarded = TRUST_PROXY ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0].trim() : "";
  return forwarded || req.socket.remoteAddress || "unknown";
}
// CSRF: a state-changing request from a browser must come from our own origin. Browsers send
// Origin on every cross-site POST; requests with a session cookie and neither header are refused.
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const CSRF_MESSAGE = "Yêu cầu bị từ chối: gửi từ trang khác (kiểm tra CSRF). Hãy mở lại trang và thử lại.";
function crossSite(req) {
  if (SAFE.has(req.method)) return false;
  const host = req.headers["x-forwarded-host"] && TRUST_PROXY ? req.headers["x-forwarded-host"] : req.headers.host;
  const source = req.headers.origin ?? req.headers.referer;
  let sameOrigin = false;
  try {
    sameOrigin = !!source && source !== "null" && new URL(source).host === host;
  } catch {
    sameOrigin = false;
  }
  const hasSession = /(?:^|;\s*)hl_session=/.test(req.headers.cookie ?? "");
  return (source && !sameOrigin) || (!source && hasSession);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", TRUST_PROXY);
app.use((req, res, next) => {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  // Content-Security-Policy with a per-request nonce for Remix's inline scripts. Inline style
  // attributes are allowed (charts and layout use them); no other origin is trusted.
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
      "media-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  next();
});
// The client's address, set here so a client cannot forge it.
app.use((req, _res, next) => {
  req.headers["x-hailong-client-ip"] = clientAddress(req);
  next();
});
app.use((req, res, next) => {
  if (crossSite(req)) {
    res.status(403).type("text/plain; charset=utf-8").send(CSRF_MESSAGE);
    return;
  }
  next();
});

// POST /api/v1/responses (kiosks, survey clients) is the hot write path. The HTTP server hands it
// to `ingest` (entry.server's; the same function the route's Remix action calls) before Express: no
// middleware chain, no Remix route matching, no fetch Request/Response objects, no compression
// (the answers are a few bytes). The same security headers (a JSON-only CSP, no nonce needed)
// and the same CSRF check apply; validation, idempotency and the transaction are the action's own.
const ingest = entry.ingest;
const MAX_BODY = 256 * 1024; // ingest itself refuses more than 64 KB, in Vietnamese
const JSON_CSP = "default-src 'none'; frame-ancestors 'none'";
function ingestDirect(req, res) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  res.setHeader("Content-Security-Policy", JSON_CSP);
  if (crossSite(req)) {
    res.writeHead(403, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(CSRF_MESSAGE);
    return;
  }
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) {
    const body = JSON.stringify({ error: { code: "too_large", message: "Nội dung quá lớn (tối đa 64 KB).", fields: {} } });
    res.writeHead(413, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body), Connection: "close" });
    res.end(body);
    req.resume();
    return;
  }
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on("end", () => {
    const text = size > MAX_BODY ? "" : chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8");
    const deviceToken = req.headers["x-device-token"];
    ingest({ contentType: req.headers["content-type"] ?? "", contentLength: size, text, deviceToken: typeof deviceToken === "string" ? deviceToken : null, clientIp: clientAddress(req), authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null })
      .then(
        (r) => {
          const body = JSON.stringify(r.body);
          res.writeHead(r.status, { ...r.headers, "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
          res.end(body);
        },
        (e) => {
          console.error(e);
          res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
          res.end(JSON.stringify({ error: { code: "server_error", message: "Lỗi máy chủ, vui lòng thử lại sau.", fields: {} } }));
        },
      );
  });
}
// One guard for every other request with a body, before anything is read: the content type must be
// one the route can read (a form, or JSON on /api/), the declared size must be within BODY_LIMITS
// (413), a body without a declared size is cut off at the same limit, and form fields and query
// parameters are normalised once (Unicode NFC, no NUL, no bidi overrides: cleanUrlEncoded).
const LIMITS = entry.BODY_LIMITS;
const MEDIA_MESSAGE = "Nội dung gửi lên không đúng định dạng biểu mẫu. Hãy mở lại trang và gửi lại.";
const TOO_LARGE_MESSAGE = (max) => `Nội dung gửi lên quá lớn (tối đa ${Math.round(max / 1024)} KB).`;
function refuse(req, res, status, message, code) {
  res.status(status).setHeader("Connection", "close");
  if (req.path.startsWith("/api/")) res.type("application/json; charset=utf-8").send(JSON.stringify({ error: { code, message, fields: {} } }));
  else res.type("text/plain; charset=utf-8").send(message);
  // Do not read what is left of a refused body.
  req.unpipe?.();
  req.resume();
}
function bodyKind(type) {
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) return "form";
  if (/^multipart\/form-data\b/i.test(type)) return "multipart";
  if (/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return "json";
  return null;
}
function cleanQuery(req) {
  const q = req.url.indexOf("?");
  if (q < 0) return;
  const query = req.url.slice(q + 1);
  const clean = entry.cleanUrlEncoded(query);
  if (clean !== query) req.url = req.originalUrl = `${req.url.slice(0, q)}?${clean}`;
}
// A flood guard for everything the public reaches without a session or token (pages, searches,
// forms, the API): per client address, in this process's memory (cheap, no database write), on top
// of the stricter database-backed limits of the sensitive endpoints (feedback, answers, tracking
// lookups, pairing, logins). PUBLIC_RATE_LIMIT_ALL "count/seconds", default 300/60; 0 turns it off.
const ALL_LIMIT = (() => {
  const text = String(process.env.PUBLIC_RATE_LIMIT_ALL ?? "").trim();
  if (/^(0|off)$/i.test(text)) return null;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  return m ? { count: Number(m[1]), ms: Number(m[2]) * 1000 } : { count: 300, ms: 60_000 };
})();
const hitsByAddress = new Map();
function floodGuard(req, res, next) {
  if (!ALL_LIMIT || req.headers.authorization || /(?:^|;\s*)hl_session=/.test(req.headers.cookie ?? "")) return next();
  const now = Date.now();
  const key = clientAddress(req);
  let w = hitsByAddress.get(key);
  if (!w || now - w.start >= ALL_LIMIT.ms) {
    if (hitsByAddress.size > 100_000) hitsByAddress.clear();
    w = { start: now, count: 0 };
    hitsByAddress.set(key, w);
  }
  if (++w.count > ALL_LIMIT.count) {
    const wait = Math.max(1, Math.ceil((w.start + ALL_LIMIT.ms - now) / 1000));
    res.setHeader("Retry-After", String(wait));
    return refuse(req, res, 429, `Ông/Bà gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ${wait} giây.`, "too_many_requests");
  }
  next();
}
function bodyGuard(req, res, next) {
  cleanQuery(req);
  if (req.method === "GET" || req.method === "HEAD") return next();
  const api = req.path.startsWith("/api/");
  const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
  const sized = req.headers["transfer-encoding"] === undefined;
  let kind = bodyKind(String(req.headers["content-type"] ?? ""));
  if (!kind && sized && !declared) {
    // No body at all (a bare POST): an empty form, which the route validates like any other.
    req.headers["content-type"] = api ? "application/json" : "application/x-www-form-urlencoded";
    kind = api ? "json" : "form";
  }
  if (!kind || (kind === "json" && !api)) return refuse(req, res, 415, MEDIA_MESSAGE, "unsupported_media_type");
  const max = LIMITS[kind];
  if (sized && declared !== null && (!Number.isFinite(declared) || declared > max)) return refuse(req, res, 413, TOO_LARGE_MESSAGE(max), "too_large");
  if (kind === "multipart") {
    // Uploads stream on to the route; Node's parser reads no more than the declared length, and a
    // browser always declares it: an upload without a length is refused.
    if (!sized) return refuse(req, res, 411, "Thiếu độ dài nội dung (Content-Length) của tệp gửi lên.", "length_required");
    req.bodyStream = req;
    return next();
  }
  const chunks = [];
  let size = 0;
  let over = false;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > max) {
      if (!over) refuse(req, res, 413, TOO_LARGE_MESSAGE(max), "too_large");
      over = true;
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (over) return;
    let body = Buffer.concat(chunks);
    if (kind === "form") {
      const text = body.toString("utf8");
      const clean = entry.cleanUrlEncoded(text);
      if (clean !== text) body = Buffer.from(clean, "utf8");
    }
    req.bodyBuffer = body;
    next();
  });
  req.on("error", next);
}

/** The Remix handler, fed the guarded body (not the raw socket stream). */
const { createRequestHandler: createRemixHandler, createReadableStreamFromReadable, writeReadableStreamToWritable } = remixNode;
function requestHeaders(raw) {
  const headers = new Headers();
  for (const [k, v] of Object.entries(raw)) {
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else if (v) headers.set(k, v);
  }
  return headers;
}
async function sendResponse(res, response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [k, v] of response.headers.entries()) res.append(k, v);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
// Every route's loader and action: a refusal of bad input (InputError) that escapes it is its 4xx
// answer (entry.refusalResponse), wherever it was thrown, instead of a 500. What one of a route
// without a `headers` function answers is noted for the request's data answer (entry.noteHeaders:
// a private answer stays private on a client-side navigation too).
const refusing = (fn, ownHeaders) => fn && (async (args) => {
  try {
    const result = await fn(args);
    if (!ownHeaders) entry.noteHeaders(args.context, result);
    return result;
  } catch (e) {
    const thrown = entry.refusalResponse(e) ?? e;
    if (!ownHeaders) entry.noteHeaders(args.context, thrown);
    throw thrown;
  }
});
const guardedBuild = {
  ...build,
  routes: Object.fromEntries(Object.entries(build.routes).map(([id, route]) => {
    const own = typeof route.module.headers === "function";
    return [id, { ...route, module: { ...route.module, loader: refusing(route.module.loader, own), action: refusing(route.module.action, own) } }];
  })),
};
const remixHandle = createRemixHandler(guardedBuild, process.env.NODE_ENV ?? "production");
async function remix(req, res, next) {
  try {
    const [, hostPortStr] = req.get("host")?.split(":") ?? [];
    const port = Number.parseInt(hostPortStr, 10);
    const url = new URL(`${req.protocol}://${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}${req.originalUrl}`);
    let controller = new AbortController();
    const init = { method: req.method, headers: requestHeaders(req.headers), signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      if (req.bodyBuffer) {
        init.body = req.bodyBuffer;
        init.headers.set("content-length", String(req.bodyBuffer.length));
        init.headers.delete("transfer-encoding");
      } else {
        init.body = createReadableStreamFromReadable(req.bodyStream ?? Readable.from([]));
        init.duplex = "half";
      }
    }
    res.on("finish", () => (controller = null));
    res.on("close", () => controller?.abort());
    const response = await remixHandle(new Request(url.href, init), { cspNonce: res.locals.cspNonce });
    // What a signed-in person or a token holder is shown (names, phones, e-mails, tokens) is kept
    // by no cache, shared or local, unless the route chose otherwise.
    if (!response.headers.has("Cache-Control") && (req.headers.authorization || /(?:^|;\s*)hl_session=/.test(req.headers.cookie ?? ""))) {
      response.headers.set("Cache-Control", "private, no-store");
    }
    await sendResponse(res, response);
  } catch (error) {
    next(error);
  }
}

const isIngest = (req) => req.method === "POST" && (req.url === "/api/v1/responses" || req.url.startsWith("/api/v1/responses?"));

app.use(compression());
// The built scripts and styles (content-hashed names): kept a year. The rest of build/client is
// public/ as the build copied it (the icon, the kiosk's service worker).
app.use("/assets", express.static(path.join(here, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(here, "build/client"), { maxAge: "1h" }));
app.all("*", floodGuard, bodyGuard, remix);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const server = http.createServer((req, res) => (ingest && isIngest(req) ? ingestDirect(req, res) : app(req, res)));
server.listen(port, host, () => {
  const base = `http://localhost:${server.address().port}`;
  console.log(`Hài Lòng đang chạy tại ${base}`);
  console.log(`  Trang chủ:           ${base}/`);
  console.log(`  Kiosk (ví dụ):       ${base}/kiosk/${demoPoint}`);
  console.log(`  Khảo sát trực tuyến: ${base}/s/sipas?point=${demoPoint}&dossier=H15.01-261204-0001`);
  console.log(`  Bảng điều khiển:     ${base}/dashboard`);
  console.log(`  Tài liệu API:        ${base}/api/docs`);
  console.log(`  Đăng nhập cán bộ:    ${base}/dang-nhap`);
  if (demo.length) {
    console.log(`Tài khoản MẪU (demo, chỉ để thử — mật khẩu: ${process.env.DEMO_PASSWORD || "HaiLong@2024"}):`);
    for (const a of demo) console.log(`  ${a.username.padEnd(14)} ${a.label}`);
  }
  console.log(`LISTENING ${server.address().port}`);
});
// Keep idle keep-alive connections longer than a kiosk's or a load balancer's pause between
// requests (Node's default, 5 s, races with a client reusing the socket: ECONNRESET), and read
// headers a little longer than that.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Deadline reminders, escalation and the outbox, every minute (JOBS=0 turns it off on a node).
if (process.env.JOBS !== "0") {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await entry.runJobs();
    } catch (e) {
      console.error("[jobs]", e);
    } finally {
      running = false;
    }
  };
  setInterval(tick, Number(process.env.JOBS_INTERVAL_MS ?? 60_000)).unref();
  setTimeout(tick, 2_000).unref();
}

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    server.close(() => entry.closeDatabase().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
