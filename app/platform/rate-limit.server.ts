import type { Db } from "./db.server";
import { InputError } from "./errors";

/** A 429 refusal with the number of seconds after which the same client may try again. */
class RateLimitError extends InputError {
  constructor(public retryAfter: number) {
    super(
      "too_many_requests",
      `Ông/Bà gửi quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ${retryAfter} giây.`,
      {},
      429,
    );
  }
}

interface Limit {
  count: number;
  windowSeconds: number;
}

/** "20/60" → 20 requests per 60 s; "0" or "off" turns the limit off. */
export function parseLimit(text: string | undefined, fallback: Limit): Limit | null {
  if (text === undefined || text.trim() === "") return fallback;
  if (/^(0|off)$/i.test(text.trim())) return null;
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(text.trim());
  return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? { count: Number(m[1]), windowSeconds: Number(m[2]) } : fallback;
}

const PUBLIC_LIMITS = {
  responses: { env: "PUBLIC_RATE_LIMIT_RESPONSES", fallback: { count: 20, windowSeconds: 60 } },
  feedback: { env: "PUBLIC_RATE_LIMIT_FEEDBACK", fallback: { count: 10, windowSeconds: 600 } },
  // Tracking-code lookups and ratings (page and API): a person checks a few codes, a guesser thousands.
  lookup: { env: "PUBLIC_RATE_LIMIT_LOOKUP", fallback: { count: 30, windowSeconds: 60 } },
} as const;

/** Per client address limits of the public endpoints (env PUBLIC_RATE_LIMIT_RESPONSES / _FEEDBACK / _LOOKUP, "count/seconds"). */
export function publicLimit(bucket: keyof typeof PUBLIC_LIMITS): Limit | null {
  const { env, fallback } = PUBLIC_LIMITS[bucket];
  return parseLimit(process.env[env], fallback);
}

/**
 * Counts one request of `client` in `bucket`; throws RateLimitError when the window is full.
 * State is in the database, so several nodes behind one load balancer share it.
 */
export async function hitRateLimit(db: Db, bucket: string, client: string, limit: Limit | null, now = new Date()): Promise<void> {
  if (!limit) return;
  const since = new Date(now.getTime() - limit.windowSeconds * 1000).toISOString();
  const rows = await db
    .selectFrom("rate_hit")
    .select("at")
    .where("bucket", "=", bucket)
    .where("client", "=", client)
    .where("at", ">", since)
    .orderBy("at", "asc")
    .limit(limit.count)
    .execute();
  if (rows.length >= limit.count) {
    const free = Date.parse(rows[0].at) + limit.windowSeconds * 1000;
    throw new RateLimitError(Math.max(1, Math.ceil((free - now.getTime()) / 1000)));
  }
  await db.insertInto("rate_hit").values({ bucket, client, at: now.toISOString() }).execute();
  // Now and then, forget hits older than a day.
  if (Math.random() < 0.02) {
    await db.deleteFrom("rate_hit").where("at", "<", new Date(now.getTime() - 86_400_000).toISOString()).execute();
  }
}

/** Headers for a 429 answer. */
export function retryHeaders(e: unknown): Record<string, string> {
  return e instanceof RateLimitError ? { "Retry-After": String(e.retryAfter) } : {};
}

/** A public page's limit: a 429 page (plain Vietnamese text, Retry-After) instead of an API error. */
export async function hitPageLimit(db: Db, bucket: keyof typeof PUBLIC_LIMITS, client: string): Promise<void> {
  try {
    await hitRateLimit(db, bucket, client, publicLimit(bucket));
  } catch (e) {
    if (e instanceof RateLimitError) throw new Response(e.message, { status: 429, statusText: "Too Many Requests", headers: retryHeaders(e) });
    throw e;
  }
}
