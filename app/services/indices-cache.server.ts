import type { Db } from "../../db/client.server";
import { computeChildUnits, computeIndices, type IndexQuery, type IndicesResult, type UnitRowView } from "./indices.server";

/**
 * A read cache for index figures, so that a busy dashboard or API client costs a few indexed
 * look-ups instead of summing rollups again. Entries are keyed by query and checked against a
 * cheap data version read from the database on every call (so every node of a cluster sees what
 * any node wrote):
 *   - the newest audit row (exclusions, organisation and target changes are audited): any change
 *     there recomputes at once;
 *   - the newest response id: new responses recompute once an entry is FRESH_MS old, so under a
 *     steady stream of submissions the figures lag them by at most FRESH_MS.
 * Questionnaire definitions have their own 10-second cache (questionnaires.server.ts).
 */
export const FRESH_MS = 5_000;
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

async function cached<T>(db: Db, key: string, compute: () => Promise<T>, now: number): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await dataVersion(db);
  const hit = cache.get(key);
  if (hit && hit.audit === version.audit && (hit.response === version.response || now - hit.at < FRESH_MS)) {
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

const keyOf = (kind: string, q: IndexQuery) => `${kind}|${q.index ?? "SIPAS"}|${q.unit ?? ""}|${q.year}|${q.channel ?? "all"}`;

/** computeIndices through the cache (same result, at most FRESH_MS behind new responses). */
export function cachedIndices(db: Db, q: IndexQuery, now = Date.now()): Promise<IndicesResult> {
  return cached(db, keyOf("indices", q), () => computeIndices(db, q), now);
}

/** computeChildUnits through the cache. */
export function cachedChildUnits(db: Db, q: IndexQuery, now = Date.now()): Promise<UnitRowView[]> {
  return cached(db, keyOf("children", q), () => computeChildUnits(db, q), now);
}
