// Group commit: concurrent submissions share one transaction and one rollup batch.
import type { Db, Tx } from "../../platform/db.server";
import { RollupBatch } from "./response-store.server";
/**
 * Group commit (docs/decisions/0010-group-commit.md). Writes that arrive while a transaction is
 * running wait and are then written together in ONE transaction with one rollup batch, each
 * acknowledged only after that commit. On SQLite the commit (WAL frames of every touched page) and
 * the rollup upserts were most of a submission's cost; in a group they are paid once. If any write
 * of a group fails, the group is rolled back and each write runs again in its own transaction, so
 * only the failing one fails (a replayed idempotency key, a concurrent dossier answer).
 */
type GroupWrite = { run: (trx: Tx, rollups: RollupBatch) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
const GROUP_MAX = 64;

type WriteQueue = { pending: GroupWrite[]; running: boolean };
const writeQueues = new WeakMap<Db, WriteQueue>();

export function groupCommit<T>(db: Db, run: (trx: Tx, rollups: RollupBatch) => Promise<T>): Promise<T> {
  let q = writeQueues.get(db);
  if (!q) writeQueues.set(db, (q = { pending: [], running: false }));
  const queue = q;
  return new Promise<T>((resolve, reject) => {
    queue.pending.push({ run, resolve: resolve as (v: unknown) => void, reject });
    if (!queue.running) {
      // On SQLite every query is synchronous underneath, so a request runs to its write within the
      // I/O callback that read it. Draining on setImmediate (after the poll phase) lets every request
      // read in that phase join the group.
      queue.running = true;
      setImmediate(() => void drainWrites(db, queue));
    }
  });
}

/** One transaction for `group`, or, without one, for the writes pending once it has the connection. */
async function writeTogether(db: Db, q: WriteQueue, group?: GroupWrite[]): Promise<{ group: GroupWrite[]; results?: unknown[]; error?: unknown }> {
  let taken: GroupWrite[] = group ?? [];
  try {
    const results = await db.transaction().execute(async (trx) => {
      // Taken only now: while this transaction waited for the connection, more writes arrived.
      if (!group) taken = q.pending.splice(0, GROUP_MAX);
      const rollups = new RollupBatch();
      const out: unknown[] = [];
      for (const w of taken) out.push(await w.run(trx, rollups));
      await rollups.apply(trx);
      return out;
    });
    return { group: taken, results };
  } catch (error) {
    return { group: taken, error };
  }
}

async function drainWrites(db: Db, q: WriteQueue): Promise<void> {
  q.running = true;
  try {
    while (q.pending.length) {
      const { group, results, error } = await writeTogether(db, q);
      if (results) group.forEach((w, i) => w.resolve(results[i]));
      else if (group.length === 0) for (const w of q.pending.splice(0, GROUP_MAX)) w.reject(error); // no transaction at all
      else if (group.length === 1) group[0].reject(error);
      else {
        // Rolled back: each on its own, so that only the failing one fails.
        for (const w of group) {
          const alone = await writeTogether(db, q, [w]);
          if (alone.results) w.resolve(alone.results[0]);
          else w.reject(alone.error);
        }
      }
    }
  } finally {
    q.running = false;
  }
}
