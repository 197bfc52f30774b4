// Group commit: concurrent submissions share one transaction, one insert of their responses and one rollup batch.
import type { Db, Tx } from "../../platform/db.server";
import type { TreeNode } from "../../domain/index-tree";
import type { QuestionTypes } from "../../domain/rollup";
import { insertResponses, RollupBatch, type NewResponse } from "./response-store.server";
/** The responses a write stores, with what their insert needs. */
export interface GroupResponses {
  tree: TreeNode;
  questionIds: Map<number, Map<string, number>>;
  types?: Map<number, QuestionTypes>;
  items: NewResponse[];
}
type GroupWrite = {
  responses?: GroupResponses;
  /** The write's own steps, after its responses are inserted (their ids, in the order of its items). */
  run: (trx: Tx, ids: number[]) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
};
const GROUP_MAX = 64;

type WriteQueue = { pending: GroupWrite[]; running: boolean };
const writeQueues = new WeakMap<Db, WriteQueue>();

/**
 * Inserts the responses of every write of a group, one `insertResponses` per index tree (one, in
 * practice), and gives each write the ids of its own items.
 */
async function insertGroup(trx: Tx, rollups: RollupBatch, writes: GroupWrite[]): Promise<number[][]> {
  const byTree = new Map<TreeNode, { questionIds: Map<number, Map<string, number>>; types: Map<number, QuestionTypes>; items: NewResponse[]; owners: number[] }>();
  writes.forEach((w, i) => {
    if (!w.responses) return;
    let g = byTree.get(w.responses.tree);
    if (!g) byTree.set(w.responses.tree, (g = { questionIds: new Map(), types: new Map(), items: [], owners: [] }));
    for (const [version, ids] of w.responses.questionIds) g.questionIds.set(version, ids);
    for (const [version, types] of w.responses.types ?? []) g.types.set(version, types);
    for (const item of w.responses.items) {
      g.items.push(item);
      g.owners.push(i);
    }
  });
  const out: number[][] = writes.map(() => []);
  for (const [tree, g] of byTree) {
    const ids = await insertResponses(trx, tree, g.questionIds, g.items, rollups, g.types);
    ids.forEach((id, k) => out[g.owners[k]].push(id));
  }
  return out;
}

/**
 * Group commit (docs/decisions/0010-group-commit.md). Writes that arrive while a transaction is
 * running wait and are then written together in ONE transaction with one rollup batch, each
 * acknowledged only after that commit. On SQLite the commit (WAL frames of every touched page) and
 * the rollup upserts were most of a submission's cost; in a group they are paid once. The group's
 * responses go in with one insert per table before any write's own steps run (flags, a kiosk's
 * follow-up), so a group costs the same few statements whatever its size: on PostgreSQL every
 * statement is a round trip, and they were what limited the ingest (issue 18). If any write of a
 * group fails, the group is rolled back and each write runs again in its own transaction, so only
 * the failing one fails (a replayed idempotency key, a concurrent dossier answer).
 */
export function groupCommit<T>(db: Db, run: (trx: Tx, ids: number[]) => Promise<T>, responses?: GroupResponses): Promise<T> {
  let q = writeQueues.get(db);
  if (!q) writeQueues.set(db, (q = { pending: [], running: false }));
  const queue = q;
  return new Promise<T>((resolve, reject) => {
    queue.pending.push({ responses, run, resolve: resolve as (v: unknown) => void, reject });
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
      const ids = await insertGroup(trx, rollups, taken);
      const out: unknown[] = [];
      for (const [i, w] of taken.entries()) out.push(await w.run(trx, ids[i]));
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
