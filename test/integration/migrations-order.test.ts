import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, migrateToLatest } from "../../db/client.server";
import { migrations } from "../../db/migrations/index";
import { freshPostgresDatabase } from "../helpers/server";

// Branches merged later can bring a migration numbered below one a database already has (0011
// after 0013): migrateToLatest runs it anyway, and the database ends at the full schema.
describe("migrations merged out of order", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hl-migr-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs a lower-numbered migration on a database that already has the later ones", async () => {
    const db = createDb((await freshPostgresDatabase()) ?? path.join(dir, "m.db"));
    try {
      const { ["0011_rollup_year"]: late, ...earlier } = migrations;
      expect(late).toBeDefined();
      const first = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
      expect(first.error).toBeUndefined();
      expect(first.results?.map((r) => r.migrationName)).toContain("0013_rounds");
      expect(await migrateToLatest(db)).toEqual(["0011_rollup_year"]);
      // The yearly rollups exist and are empty; running again changes nothing.
      expect(await db.selectFrom("rollup_question_year").selectAll().execute()).toEqual([]);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
