// What was summed over closed months, kept in memory until the rollup epoch moves (a write reached
// back into a closed month: app/domain/closed-months.ts). Reads of a range that ends in the live
// months read those live and add them, so a new response today is seen at once while a year's
// closed months are summed once. The epoch is read from the database on every use (one setting by its
// key), so every app process sees what any of them wrote.
import type { Db } from "../../platform/db.server";
import { liveMonthFrom, splitAtLive, ROLLUP_EPOCH_KEY, type MonthRange } from "../../domain/closed-months";

interface Entry {
  epoch: string;
  weight: number;
  value: Promise<unknown>;
}

/** Rows kept at most, over all entries (about 100 bytes a row): the least recently used go first. */
const ROW_BUDGET = 200_000;

const caches = new WeakMap<Db, { entries: Map<string, Entry>; weight: number; epoch: Promise<string> | null }>();

function cacheOf(db: Db) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { entries: new Map(), weight: 0, epoch: null }));
  return c;
}

/** The rollup epoch; concurrent callers (the reads of one page) share one query. */
function readEpoch(db: Db): Promise<string> {
  const c = cacheOf(db);
  if (!c.epoch) {
    c.epoch = db.selectFrom("setting").select("value").where("key", "=", ROLLUP_EPOCH_KEY).executeTakeFirst()
      .then((r) => r?.value ?? "")
      .finally(() => { c.epoch = null; });
  }
  return c.epoch;
}

export interface ClosedMonthsRead<T> {
  /** What the read is, apart from its months (the kind of read, the points, the channel). */
  key: string;
  months: MonthRange;
  read: (months: MonthRange) => Promise<T>;
  /** The closed part and the live part together (a new value: the kept one is never changed). */
  merge: (closed: T, live: T) => T;
  /** How many rows the value holds (for the budget). */
  weigh: (value: T) => number;
  now?: Date;
}

/** `read(months)`, with the closed months' part kept until the epoch moves. Callers must not change the value. */
export async function throughClosedMonths<T>(db: Db, q: ClosedMonthsRead<T>): Promise<T> {
  const { closed, live } = splitAtLive(q.months, liveMonthFrom(q.now ?? new Date()));
  if (!closed) return q.read(q.months);
  const kept = keptRead(db, `${q.key}|${closed.from}..${closed.to}`, () => q.read(closed), q.weigh);
  if (!live) return kept;
  const [a, b] = await Promise.all([kept, q.read(live)]);
  return q.merge(a, b);
}

/** The same for a read that gives a list of rows: the closed months' rows and the live ones', one list. */
export function closedMonthsRows<R>(db: Db, q: Omit<ClosedMonthsRead<R[]>, "merge" | "weigh"> & { weigh?: (rows: R[]) => number }): Promise<R[]> {
  return throughClosedMonths(db, { ...q, merge: (a, b) => [...a, ...b], weigh: q.weigh ?? ((rows) => rows.length) });
}

async function keptRead<T>(db: Db, key: string, read: () => Promise<T>, weigh: (v: T) => number): Promise<T> {
  const c = cacheOf(db);
  // The epoch is read before the rows: a write that lands in between is in the rows or moves the epoch.
  const epoch = await readEpoch(db);
  const hit = c.entries.get(key);
  if (hit && hit.epoch === epoch) {
    c.entries.delete(key);
    c.entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  if (hit) drop(c, key);
  const value = read();
  const entry: Entry = { epoch, weight: 0, value };
  c.entries.set(key, entry);
  value.then((v) => {
    if (c.entries.get(key) !== entry) return;
    entry.weight = weigh(v);
    c.weight += entry.weight;
    while (c.weight > ROW_BUDGET && c.entries.size > 1) drop(c, c.entries.keys().next().value as string);
  }, () => { if (c.entries.get(key) === entry) drop(c, key); });
  return value;
}

function drop(c: { entries: Map<string, Entry>; weight: number }, key: string): void {
  const e = c.entries.get(key);
  if (!e) return;
  c.weight -= e.weight;
  c.entries.delete(key);
}
