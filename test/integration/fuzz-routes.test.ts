import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginCookie } from "../helpers/auth";
import { fillPath, routeManifest } from "../helpers/routes";
import { startServer, type TestServer } from "../helpers/server";

/**
 * Property: no route answers 5xx to malformed input. fast-check throws random methods, content
 * types, bodies (forms with the route's own intents, JSON, text, Unicode, NUL, bidi marks, huge
 * numbers), path parameters and query strings at every route of the manifest (app/routes), as an
 * anonymous visitor, a signed-in admin and leader, and an API token holder, on SQLite.
 * A fixed seed keeps a failure reproducible; FUZZ_RUNS changes the number of cases per route.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);

let server: TestServer;
const who: Record<string, Record<string, string>> = { anonymous: {} };
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "1" } });
  for (const u of ["admin", "lanhdao.bmt"]) who[u] = { cookie: await loginCookie(server.url, u) };
  who.token = { authorization: `Bearer ${server.adminToken}` };
});
afterAll(async () => server?.stop());

const nasty = fc.constantFrom("", " ", "\u0000", "\u202E", "%", "%00", "%E0%A4%A", "../..", "'; drop table x;--", "<script>x</script>", "9".repeat(40), "-1", "0", "1", "2", "NaN", "Đắk Lắk".normalize("NFD"), "\uD800", "😀", "a\r\nb", "null", "[]", "{}", "2024-13-45", "MC-BMT", "PAPI-2021", "sipas", "BMT", "STP");
const text = fc.oneof(nasty, fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 20 }), fc.string({ unit: "binary", maxLength: 20 }));
const fields = (intents: string[]) =>
  fc.dictionary(
    fc.oneof(fc.constantFrom("intent", "version", "id", "code", "year", "plan", "task", "agency", "unit", "point", "text", "note", "rating", "file", "login", "password", "next", "q", "page", "kind", "status"), fc.string({ maxLength: 8 })),
    text,
    { maxKeys: 8 },
  ).chain((d) => (intents.length ? fc.constantFrom(...intents).map((intent) => ({ ...d, intent })) : fc.constant(d)));

const manifest = routeManifest();

describe("no 5xx on malformed input (property test over the route manifest)", () => {
  it("covers every route file", () => {
    expect(manifest.length).toBeGreaterThan(50);
  });

  for (const route of manifest) {
    it(`${route.file}: zero 5xx`, async () => {
      const failures: string[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            method: route.hasAction ? fc.constantFrom("GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH") : fc.constantFrom("GET", "GET", "HEAD", "POST", "DELETE"),
            kind: fc.constantFrom("form", "form", "multipart", "json", "text", "none", "garbage-type"),
            body: fields(route.intents),
            raw: text,
            params: fc.record(Object.fromEntries(route.params.map((p) => [p, text]))),
            query: fc.dictionary(fc.constantFrom("year", "plan", "q", "page", "point", "node", "next", "kind", "unit", "status", "quarter", "index", "channel", "_data"), text, { maxKeys: 3 }),
            user: fc.constantFrom("anonymous", "admin", "lanhdao.bmt", "token"),
          }),
          async (c) => {
            const url = new URL(fillPath(route.pattern, c.params as Record<string, string>), server.url);
            for (const [k, v] of Object.entries(c.query)) url.searchParams.set(k, v);
            const headers: Record<string, string> = { origin: server.url, "x-forwarded-for": `203.0.113.${Math.floor(Math.random() * 250) + 1}`, ...who[c.user] };
            let body: BodyInit | undefined;
            if (c.method !== "GET" && c.method !== "HEAD") {
              if (c.kind === "form") {
                headers["content-type"] = "application/x-www-form-urlencoded";
                body = new URLSearchParams(c.body).toString();
              } else if (c.kind === "multipart") {
                const fd = new FormData();
                for (const [k, v] of Object.entries(c.body)) fd.set(k, v);
                fd.set("file", new Blob([c.raw]), `${c.raw.slice(0, 10)}.csv`);
                body = fd;
              } else if (c.kind === "json") {
                headers["content-type"] = "application/json";
                body = JSON.stringify(c.body);
              } else if (c.kind === "text") {
                headers["content-type"] = "text/plain";
                body = c.raw;
              } else if (c.kind === "garbage-type") {
                headers["content-type"] = c.raw.replace(/[^\x20-\x7e]/g, "") || "x/y";
                body = c.raw;
              }
            }
            const res = await fetch(url, { method: c.method, headers, body, redirect: "manual" });
            await res.arrayBuffer();
            if (res.status >= 500) failures.push(`${c.method} ${url.pathname}${url.search} [${c.kind}, ${c.user}] → ${res.status}`);
            return res.status < 500;
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(failures).toEqual([]);
    }, 120_000);
  }
});
