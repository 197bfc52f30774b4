/*
 * Hài Lòng kiosk service worker (scope /kiosk/). Kiosk pages: network first, the cached copy when
 * the network is gone, and so is their data (/kiosk/….data, what the page fetches on a client-side
 * navigation). Built scripts and styles (/assets/, content-hashed): cache first. Answers are
 * never handled here: the page keeps them in IndexedDB and sends them itself.
 */
const CACHE = "hailong-kiosk-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    if (cached) return cached;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || (url.pathname.startsWith("/kiosk/") && url.pathname.endsWith(".data"))) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/assets/") || url.pathname === "/favicon.svg") {
    event.respondWith(cacheFirst(request));
  }
});
