import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_init";
import * as m0002 from "./0002_accounts";
import * as m0003 from "./0003_feedback";
import * as m0004 from "./0004_rollup_month";
import * as m0005 from "./0005_targets_alerts";
import * as m0006 from "./0006_devices_flags";
import * as m0007 from "./0007_plans";
import * as m0009 from "./0009_scale";
import * as m0011 from "./0011_rollup_year";
import * as m0012 from "./0012_designer";
import * as m0013 from "./0013_rounds";
import * as m0014 from "./0014_round_rollups";
import * as m0015 from "./0015_plan_evidence";
import * as m0016 from "./0016_through_time";
import * as m0021 from "./0021_import_batches";
import * as m0018 from "./0018_request_hash";
import * as m0019 from "./0019_plan_seeds";
import * as m0020 from "./0020_kiosk_followup";
import * as m0022 from "./0022_official_results";
import * as m0023 from "./0023_rollup_month_clustered";
import * as m0024 from "./0024_screening";
import * as m0025 from "./0025_response_commented";
import * as m0026 from "./0026_response_partial_indexes";

/** Static registry: migrations are bundled, never discovered from the file system at run time. */
export const migrations: Record<string, Migration> = {
  "0001_init": m0001,
  "0002_accounts": m0002,
  "0003_feedback": m0003,
  "0004_rollup_month": m0004,
  "0005_targets_alerts": m0005,
  "0006_devices_flags": m0006,
  "0007_plans": m0007,
  "0009_scale": m0009,
  "0011_rollup_year": m0011,
  "0012_designer": m0012,
  "0013_rounds": m0013,
  "0014_round_rollups": m0014,
  "0015_plan_evidence": m0015,
  "0016_through_time": m0016,
  "0021_import_batches": m0021,
  "0018_request_hash": m0018,
  "0019_plan_seeds": m0019,
  "0020_kiosk_followup": m0020,
  "0022_official_results": m0022,
  "0023_rollup_month_clustered": m0023,
  "0024_screening": m0024,
  "0025_response_commented": m0025,
  "0026_response_partial_indexes": m0026,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
