import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type Db } from "../../db/client.server";
import { claimOutbox, processOutbox, type OutgoingMessage, type Sender } from "../../app/platform/notify.server";
import { freshPostgresDatabase } from "../helpers/server";

/**
 * Outbox claiming for several nodes: two database handles on the same database (two SQLite
 * connections to one file, or two PostgreSQL pools under npm run test:postgres) claim and send at
 * the same time; no message is claimed or sent twice, none is left behind.
 */
let nodeA: Db;
let nodeB: Db;

beforeAll(async () => {
  const url = (await freshPostgresDatabase()) ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hailong-outbox-")), "outbox.db");
  nodeA = createDb(url);
  await migrateToLatest(nodeA);
  nodeB = createDb(url);
});
beforeEach(async () => {
  await nodeA.deleteFrom("outbox").execute();
});
afterAll(async () => {
  await nodeA?.destroy();
  await nodeB?.destroy();
});

async function queue(prefix: string, count: number, at: Date): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({
    channel: "log" as const, recipient: `09000000${String(i).padStart(2, "0")}`, subject: null, body: `${prefix} ${i}`, dedupe_key: `${prefix}:${i}`,
    status: "pending" as const, attempts: 0, next_attempt_at: at.toISOString(), last_error: null, created_at: at.toISOString(), sent_at: null,
  }));
  await nodeA.insertInto("outbox").values(rows).execute();
}

describe("outbox claiming", () => {
  it("never gives the same message to two claimers, and leaves none behind", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    await queue("claim", 120, now);
    const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => claimOutbox(i % 2 ? nodeB : nodeA, now, 15)));
    // A claimer may come back short while others hold rows; later rounds take what is left.
    for (let round = 0; round < 20 && claims.reduce((a, c) => a + c.messages.length, 0) < 120; round++) {
      claims.push(...(await Promise.all([claimOutbox(nodeA, now, 15), claimOutbox(nodeB, now, 15)])));
    }
    const ids = claims.flatMap((c) => c.messages.map((m) => m.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(120);
    for (const c of claims) for (const m of c.messages) expect(m.claimed_by).toBe(c.token);
    // Everything is held: a third claimer gets nothing until the leases end…
    expect((await claimOutbox(nodeB, new Date(now.getTime() + 60_000), 500)).messages).toHaveLength(0);
    // …and then takes them all over.
    const later = await claimOutbox(nodeB, new Date(now.getTime() + 6 * 60_000), 500);
    expect(later.messages.filter((m) => m.body.startsWith("claim ")).length).toBe(120);
  });

  it("two nodes sending at once send every message exactly once", async () => {
    const now = new Date("2030-02-01T00:00:00Z");
    await queue("send", 90, now);
    const sent: string[] = [];
    const slowSender: Sender = {
      async send(m: OutgoingMessage) {
        sent.push(m.body);
        await new Promise((r) => setTimeout(r, 1));
      },
    };
    const runs = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => processOutbox(i % 2 ? nodeB : nodeA, slowSender, now, 20)));
    for (let round = 0; round < 20 && sent.length < 90; round++) {
      await Promise.all([processOutbox(nodeA, slowSender, now, 50), processOutbox(nodeB, slowSender, now, 50)]);
    }
    expect(sent.length).toBe(90);
    expect(new Set(sent).size).toBe(90);
    expect(runs.reduce((a, r) => a + r.sent, 0)).toBeGreaterThan(0);
    const left = await nodeA.selectFrom("outbox").select(["status", "claimed_by"]).execute();
    expect(left.every((m) => m.status === "sent" && m.claimed_by === null)).toBe(true);
  });

  it("a node whose lease ran out cannot record a send over the node that took the message over", async () => {
    const now = new Date("2030-03-01T00:00:00Z");
    await queue("lease", 1, now);
    const first = await claimOutbox(nodeA, now, 10, 1000);
    expect(first.messages).toHaveLength(1);
    const second = await claimOutbox(nodeB, new Date(now.getTime() + 2000), 10);
    expect(second.messages.map((m) => m.id)).toEqual(first.messages.map((m) => m.id));
    // Node A's late bookkeeping matches no row: the message stays with node B.
    const r = await nodeA.updateTable("outbox").set({ status: "sent" }).where("id", "=", first.messages[0].id).where("claimed_by", "=", first.token).executeTakeFirst();
    expect(Number(r.numUpdatedRows)).toBe(0);
    const row = await nodeA.selectFrom("outbox").select(["status", "claimed_by"]).where("id", "=", first.messages[0].id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "pending", claimed_by: second.token });
  });
});
