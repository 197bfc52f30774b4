import type { Db } from "../../platform/db.server";
import { today } from "../org/org-history.server";
import { computeIndices, type IndexQuery, type IndicesResult } from "./indices.server";

/**
 * A read cache for index figures, so that a busy dashboard or API client costs a few indexed
 * look-ups instead of summing rollups again. Entries are keyed by query and checked against a
 * cheap data version read from the database on every call (so every node of a cluster sees what
 * any node wrote):
 *   - the newest audit row (exclusions, organisation and target changes are audited): any change
 *     there recomputes at once;
 *   - the newest response id: by default any new response recomputes (read-your-writes). With
 *     INDICES_STALE_MS=5000 (say) a node keeps an entry for up to that long while responses
 *     arrive, so under a steady stream of submissions the figures lag them by at most that much
 *     and a busy dashboard no longer recomputes on every read.
 * Questionnaire definitions have their own 10-second cache (questionnaires.server.ts).
 */
function defaultStaleMs(): number {
  const v = Number(process.env.INDICES_STALE_MS ?? 0);
  return Number.isFinite(v) && v > 0 ? v : 0;
}
const MAX_ENTRIES = 500;

interface Entry {
  at: number;
  audit: number;
  response: number;
  value: Promise<unknown>;
}
const caches = new WeakMap<Db, Map<string, Entry>>();

async function dataVersion(db: Db): Promise<{ audit: number; response: number }> {
  const [a, r] = await Promise.all([
    db.selectFrom("audit_log").select((eb) => eb.fn.max("id").as("v")).executeTakeFirst(),
    db.selectFrom("response").select((eb) => eb.fn.max("id").as("v")).executeTakeFirst(),
  ]);
  return { audit: Number(a?.v ?? 0), response: Number(r?.v ?? 0) };
}

interface CacheOptions {
  now?: number;
  /** How long new responses may be left out of an entry (ms); default INDICES_STALE_MS or 0. */
  staleMs?: number;
}

async function cached<T>(db: Db, key: string, compute: () => Promise<T>, opts: CacheOptions): Promise<T> {
  const now = opts.now ?? Date.now();
  const staleMs = opts.staleMs ?? defaultStaleMs();
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await dataVersion(db);
  const hit = cache.get(key);
  if (hit && hit.audit === version.audit && (hit.response === version.response || now - hit.at < staleMs)) {
    // Most recently used last, for the eviction below.
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  cache.set(key, { at: now, ...version, value });
  value.catch(() => cache!.delete(key));
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return value;
}

const keyOf = (kind: string, q: IndexQuery) =>
  `${kind}|${q.index ?? "SIPAS"}|${q.unit ?? ""}|${q.agency ?? ""}|${q.servicePoint ?? ""}|${q.year}|${q.months ? `${q.months.from}..${q.months.to}` : ""}|${q.channel ?? "all"}|${q.tree === "current" ? `current@${today()}` : "then"}`;

/** computeIndices through the cache (the same result; see above for how fresh). */
export function cachedIndices(db: Db, q: IndexQuery, opts: CacheOptions = {}): Promise<IndicesResult> {
  return cached(db, keyOf("indices", q), () => computeIndices(db, q), opts);
}
