import type { Generated } from "kysely";

// The Kysely `DB` interface, one section per table (see db/migrations for the DDL).

export interface AdminUnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  /** A unit_level code (0016: levels are data). */
  level: string;
  parent_id: number | null;
  valid_from: string | null;
  valid_to: string | null;
  active: Generated<number>;
  is_demo: Generated<number>;
}

export interface AgencyTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  parent_id: number | null;
  unit_id: number | null;
  active: Generated<number>;
  is_demo: Generated<number>;
  /** 0016: first and last day in force (null = open). */
  valid_from: string | null;
  valid_to: string | null;
}

export interface ServicePointTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  kind: string;
  unit_id: number;
  agency_id: number;
  active: Generated<number>;
  is_demo: Generated<number>;
  /** 0016: first and last day in service (null = open). */
  valid_from: string | null;
  valid_to: string | null;
}

export interface ProcedureFieldTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
}

export interface IndexNodeTable {
  id: Generated<number>;
  code: string;
  parent_id: number | null;
  name: string;
  name_en: string | null;
  par_code: string | null;
  max_points: number | null;
  point_target: number | null;
  sort: Generated<number>;
  /** 0012: weight among its siblings (null = 1). */
  weight: number | null;
  /** 0012: on a root, the index kind (sipas | papi | circular01; null = sipas). */
  kind: string | null;
}

export interface QuestionnaireTable {
  id: Generated<number>;
  code: string;
  slug: string;
  name: string;
  name_en: string | null;
  index_code: string;
}

export interface QuestionnaireVersionTable {
  id: Generated<number>;
  questionnaire_id: number;
  version: number;
  status: "draft" | "published";
  /** JSON array of channels that show this version. */
  channels: string;
  intro: string | null;
  intro_en: string | null;
  published_at: string | null;
}

export interface QuestionTable {
  id: Generated<number>;
  version_id: number;
  code: string;
  node_code: string;
  type: Generated<string>;
  text: string;
  text_en: string | null;
  sort: number;
  /** 0012: type settings as JSON (options with scores, number range…), see app/domain/question-types.ts. */
  spec: string | null;
}

/** 0012: free-text answers (not scored, not rolled up). */
export interface AnswerTextTable {
  response_id: number;
  question_id: number;
  text: string;
}

export interface TargetTable {
  id: Generated<number>;
  year: number;
  node_code: string;
  unit_id: number;
  kind: "absolute" | "delta_pp" | "delta_rel" | "improve";
  value: number | null;
  baseline_source: "stated" | "measured";
  baseline_value: number | null;
  point_target: number | null;
  note: string | null;
}

/** rounds: a survey round (đợt khảo sát) with a sampling plan; see docs/decisions/0009. */
export interface SurveyRoundTable {
  id: Generated<number>;
  code: string;
  name: string;
  year: number;
  questionnaire_id: number;
  channel: "kiosk" | "online" | "paper" | "phone";
  starts_on: string;
  ends_on: string;
  weighting: "none" | "population";
  status: "draft" | "open" | "closed";
  confidence: number;
  margin: number;
  created_at: Generated<string>;
}

export interface RoundQuotaTable {
  round_id: number;
  unit_id: number;
  population: number;
  target_n: number;
}

export interface RoundResponseTable {
  response_id: number;
  round_id: number;
  unit_id: number;
  interviewer_id: number;
  created_at: Generated<string>;
}

/** round rollups (0014): rollup_*_month counts and sums keyed by survey round and quota unit. */
export interface RollupRoundQuestionTable {
  round_id: number;
  unit_id: number;
  service_point_id: number;
  month: string;
  question_code: string;
  value: number;
  count: number;
}

export interface RollupRoundNodeTable {
  round_id: number;
  unit_id: number;
  service_point_id: number;
  month: string;
  node_code: string;
  n: number;
  sum: number;
  sum_sq: number;
  answers: number;
}

export interface ResponseTable {
  id: Generated<number>;
  version_id: number;
  service_point_id: number;
  channel: "kiosk" | "online" | "paper" | "phone";
  procedure_field: string | null;
  dossier_code: string | null;
  respondent_key: string | null;
  submitted_at: string;
  local_day: string;
  idempotency_key: string;
  request_hash?: string | null;
  comment: string | null;
  device_id: number | null;
  excluded: Generated<number>;
  is_demo: Generated<number>;
  created_at: string;
  /** issue 20: the upload it came from (paper forms). */
  import_batch_id: number | null;
}

/** An import of official results from a file (issue 16); kept for good. */
export interface OfficialImportTable {
  id: Generated<number>;
  file_name: string;
  sha256: string;
  rows: number;
  /** JSON: [{ year, index, rows, replaced }] */
  sets: string;
  created_by: number | null;
  created_at: string;
}

/** One published figure as imported; a replaced one keeps its row with when and by which import. */
export interface OfficialResultTable {
  id: Generated<number>;
  import_id: number;
  year: number;
  index_code: string;
  item_code: string;
  item_name: string | null;
  score: number;
  rank: number | null;
  rank_of: number;
  source: string | null;
  replaced_at: string | null;
  replaced_by: number | null;
}

export interface ImportBatchTable {
  id: Generated<number>;
  version_id: number;
  file_name: string;
  sha256: string;
  rows: number;
  imported: number;
  already_present: number;
  created_by: number | null;
  created_at: string;
  withdrawn_at: string | null;
  withdrawn_by: number | null;
  withdraw_reason: string | null;
}

export interface AnswerTable {
  response_id: number;
  question_id: number;
  value: number | null;
}

export interface RollupQuestionDayTable {
  day: string;
  service_point_id: number;
  channel: string;
  question_code: string;
  value: number;
  count: number;
}

export interface RollupNodeDayTable {
  day: string;
  service_point_id: number;
  channel: string;
  node_code: string;
  n: number;
  sum: number;
  sum_sq: number;
  answers: number;
}

export type Role = "admin" | "leader" | "agency_officer" | "desk_officer";

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  email: string | null;
  display_name: string;
  password_hash: string;
  active: Generated<number>;
  is_demo: Generated<number>;
  created_at: string;
  password_changed_at: string | null;
}

export interface RoleGrantTable {
  id: Generated<number>;
  user_id: number;
  role: Role;
  unit_id: number | null;
  agency_id: number | null;
  service_point_id: number | null;
  active: Generated<number>;
  created_at: string;
}

export interface UserSessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  username_key: string;
  ip: string;
  at: string;
  success: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  permissions: string;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
  last_used_at: string | null;
}

export interface FeedbackItemTable {
  id: Generated<number>;
  tracking_code: string;
  kind: "gop_y" | "phan_anh" | "kien_nghi" | "khieu_nai" | "to_cao";
  is_formal: Generated<number>;
  channel: "web" | "kiosk" | "hotline" | "paper" | "suggestion_box" | "in_person" | "api";
  topic: string | null;
  unit_id: number | null;
  service_point_id: number | null;
  /** The owning agency; null = the coordinator's queue. */
  agency_id: number | null;
  status: "received" | "assigned" | "answered" | "published" | "closed";
  text: string;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  consent_publish: Generated<number>;
  received_at: string;
  received_day: string;
  /** forwarding (to reach the owning agency) | handling (to answer) */
  step: "forwarding" | "handling";
  step_started_day: string;
  due_day: string;
  escalation_level: Generated<number>;
  answer_text: string | null;
  answered_at: string | null;
  answered_by: number | null;
  public_summary: string | null;
  published_at: string | null;
  rating: number | null;
  rated_at: string | null;
  response_id: number | null;
  idempotency_key: string | null;
  request_hash?: string | null;
  created_by: number | null;
  /** issue 17: where the problem is, in the sender's words (beside the commune of unit_id). */
  place_text?: string | null;
  version: Generated<number>;
  is_demo: Generated<number>;
  updated_at: string;
}

export interface FeedbackEventTable {
  id: Generated<number>;
  item_id: number;
  at: string;
  kind: string;
  actor_user_id: number | null;
  from_agency_id: number | null;
  to_agency_id: number | null;
  reason: string | null;
  is_public: Generated<number>;
}

export interface RoutingRuleTable {
  id: Generated<number>;
  topic: string | null;
  unit_id: number | null;
  agency_id: number;
  priority: Generated<number>;
  active: Generated<number>;
  created_at: string;
  created_by: number | null;
  deactivated_at: string | null;
}

export interface DeadlineRuleTable {
  id: Generated<number>;
  kind: string;
  step: string;
  working_days: number;
}

export interface HolidayTable {
  day: string;
  kind: "holiday" | "working_weekend";
  name: string | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

export interface OutboxTable {
  id: Generated<number>;
  channel: "sms" | "email" | "log";
  recipient: string;
  subject: string | null;
  body: string;
  dedupe_key: string | null;
  status: "pending" | "sent" | "failed";
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Claim token of the node sending it now (migration 0009); null when nobody holds it. */
  claimed_by: Generated<string | null>;
  /** ISO time after which the claim lapses and another node may take the message. */
  claimed_until: Generated<string | null>;
}

export interface RollupQuestionMonthTable {
  month: string;
  service_point_id: number;
  channel: string;
  question_code: string;
  value: number;
  count: number;
}

export interface RollupNodeMonthTable {
  month: string;
  service_point_id: number;
  channel: string;
  node_code: string;
  n: number;
  sum: number;
  sum_sq: number;
  answers: number;
}

/** 0011: the monthly rollups summed by year ("2024"). */
export type RollupQuestionYearTable = Omit<RollupQuestionMonthTable, "month"> & { year: string };
export type RollupNodeYearTable = Omit<RollupNodeMonthTable, "month"> & { year: string };

export type AlertKind = "low_satisfaction" | "below_target" | "silence";
export type AlertStatus = "open" | "acknowledged" | "resolved";

export interface AlertTable {
  id: Generated<number>;
  service_point_id: number;
  kind: AlertKind;
  status: AlertStatus;
  opened_at: string;
  opened_day: string;
  last_seen_at: string;
  value: number | null;
  threshold: number | null;
  n: number | null;
  detail: string | null;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  comment: string | null;
  resolved_at: string | null;
}

export interface PlanAgencyGroupTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** JSON array of names */
  aliases: string;
  /** JSON { kinds: string[], levels: string[] } */
  rule: string;
}

export interface PlanEvidenceTable {
  id: Generated<number>;
  report_id: number;
  file_name: string;
  /** the type read from the file's first bytes, not the browser's claim */
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  uploaded_by: number | null;
  created_at: string;
}

export interface PlanAgencyGroupMemberTable {
  id: Generated<number>;
  group_id: number;
  agency_id: number;
  /** include: a member besides the rule; exclude: matched by the rule but not a member */
  mode: "include" | "exclude";
}

export interface PapiYearTable {
  id: Generated<number>;
  year: number;
  total: number | null;
  rank: number | null;
  rank_of: Generated<number>;
  source: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface PapiDimensionScoreTable {
  id: Generated<number>;
  year: number;
  dimension: string;
  score: number;
}

export interface PlanTable {
  id: Generated<number>;
  code: string;
  year: number;
  index_code: "PAPI" | "PAR" | "SIPAS";
  title: string;
  doc_number: string | null;
  issued_by: string | null;
  issued_on: string | null;
  report_from: string;
  report_to: string;
  grace_days: Generated<number>;
  event_days: Generated<number>;
  baseline_year: number | null;
  baseline_score: number | null;
  max_score: number;
  baseline_rank: number | null;
  rank_of: Generated<number>;
  result_score: number | null;
  result_rank: number | null;
  result_group: string | null;
  /** JSON array of PlanTarget (app/domain/plans.ts) */
  targets: string;
  is_demo: Generated<number>;
  created_at: string;
  /** last year of a plan covering a span (2021–2025); null for one year */
  year_to: number | null;
  /** the province the plan belongs to, as written */
  province: string | null;
  /** set when the plan is of a province that no longer exists (Phú Yên, Đắk Nông): its agencies stay as written */
  former_province: string | null;
  /** draft | issued (issued plans are frozen except for reports) */
  status: Generated<string>;
  copied_from: number | null;
  source_note: string | null;
  /** official | measured: which figure the baseline is */
  baseline_source: Generated<string>;
}

export interface PlanDimensionTable {
  id: Generated<number>;
  plan_id: number;
  parent_id: number | null;
  code: string;
  name: string;
  index_node: string | null;
  max_score: number | null;
  score: number | null;
  rank: number | null;
  target_text: string | null;
  sort: Generated<number>;
}

export interface PlanTaskTable {
  id: Generated<number>;
  plan_id: number;
  dimension_id: number;
  code: string;
  title: string;
  /** JSON array of Assignee */
  lead: string;
  implementers: string;
  deliverable: string | null;
  schedule_text: string;
  /** JSON Schedule */
  schedule: string;
  triggered_on: string | null;
  sort: Generated<number>;
  is_demo: Generated<number>;
  /** the task's own target ("Chỉ tiêu"), as written */
  target_text: string | null;
  /** the lead and implementing agencies as the plan wrote them (kept when agencies merge) */
  lead_text: string | null;
  implementers_text: string | null;
}

export interface PlanConsolidationTable {
  id: Generated<number>;
  plan_id: number;
  /** 2026-9T */
  round: string;
  /** the consolidating committee (commune; before 2025, district) */
  agency_id: number;
  note: string | null;
  /** JSON: member agencies with reported and missing periods at the time */
  snapshot: string;
  submitted_day: string;
  submitted_at: string;
  submitted_by: number | null;
}

export interface PlanReportTable {
  id: Generated<number>;
  task_id: number;
  agency_id: number;
  period: string;
  status: "not_started" | "in_progress" | "done" | "delayed";
  text: string;
  evidence_url: string | null;
  evidence_doc: string | null;
  submitted_at: string;
  submitted_day: string;
  submitted_by: number | null;
  updated_at: string;
  is_demo: Generated<number>;
}

export interface ParNodeTable {
  id: Generated<number>;
  year: number;
  code: string;
  parent_code: string | null;
  name: string;
  max_points: number;
  target_points: number | null;
  target_rank: string | null;
  owner_text: string | null;
  owner_agency_id: number | null;
  self_points: number | null;
  source: string;
  sort: Generated<number>;
  is_demo: Generated<number>;
  updated_at: string | null;
  /** the published (official) points and the province's rank on this field or criterion */
  official_points: number | null;
  official_rank: number | null;
}

export interface KioskDeviceTable {
  id: Generated<number>;
  service_point_id: number;
  name: string;
  token_hash: string;
  paired_at: string;
  paired_by: number | null;
  last_seen_at: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
}

export interface PairingCodeTable {
  id: Generated<number>;
  service_point_id: number;
  code_hash: string;
  device_name: string;
  created_at: string;
  created_by: number | null;
  expires_at: string;
  used_at: string | null;
  device_id: number | null;
}

export interface ResponseFlagTable {
  id: Generated<number>;
  response_id: number;
  /** Comma-separated: too_fast, too_many, dossier_repeat. */
  reasons: string;
  detail: string | null;
  flagged_at: string;
  reviewed_at: string | null;
  reviewed_by: number | null;
}

export interface RateHitTable {
  id: Generated<number>;
  bucket: string;
  client: string;
  at: string;
}

/** 0016: the levels of the administrative tree (rank 1 = top). */
export interface UnitLevelTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string | null;
  rank: number;
}

/** 0016: one period of a unit, agency or service point, with its attributes then. */
export interface OrgVersionTable {
  id: Generated<number>;
  entity: "unit" | "agency" | "point";
  entity_id: number;
  valid_from: string | null;
  /** Last day in force (inclusive); null = still in force. */
  valid_to: string | null;
  code: string;
  name: string;
  name_en: string | null;
  level: string | null;
  kind: string | null;
  parent_id: number | null;
  unit_id: number | null;
  agency_id: number | null;
  event_id: number | null;
}

/** 0016: predecessor → successor. */
export interface OrgLineageTable {
  id: Generated<number>;
  entity: "unit" | "agency" | "point";
  predecessor_id: number;
  successor_id: number;
  kind: "merge" | "split" | "successor";
  effective_on: string;
  event_id: number | null;
}

/** 0016: a dated reorganisation (applied as one transaction; undone only while nothing depends on it). */
export interface ReorgEventTable {
  id: Generated<number>;
  effective_on: string;
  title: string;
  document: string | null;
  file_name: string | null;
  file_sha256: string | null;
  payload: string;
  summary: string;
  applied_at: string;
  applied_by: number | null;
  undone_at: string | null;
  undone_by: number | null;
  is_demo: Generated<number>;
}

/** 0016: one row written by a reorganisation (an insert, or an update with the old value). */
export interface ReorgChangeTable {
  id: Generated<number>;
  event_id: number;
  seq: number;
  table_name: string;
  row_id: number;
  op: "insert" | "update";
  column_name: string | null;
  old_value: string | null;
  new_value: string | null;
}

export interface DB {
  unit_level: UnitLevelTable;
  org_version: OrgVersionTable;
  org_lineage: OrgLineageTable;
  reorg_event: ReorgEventTable;
  reorg_change: ReorgChangeTable;
  alert: AlertTable;
  plan_agency_group: PlanAgencyGroupTable;
  plan_agency_group_member: PlanAgencyGroupMemberTable;
  plan_evidence: PlanEvidenceTable;
  feedback_photo: FeedbackPhotoTable;
  papi_year: PapiYearTable;
  papi_dimension_score: PapiDimensionScoreTable;
  plan: PlanTable;
  plan_dimension: PlanDimensionTable;
  plan_task: PlanTaskTable;
  plan_consolidation: PlanConsolidationTable;
  plan_report: PlanReportTable;
  par_node: ParNodeTable;
  kiosk_device: KioskDeviceTable;
  pairing_code: PairingCodeTable;
  response_flag: ResponseFlagTable;
  rate_hit: RateHitTable;
  answer_text: AnswerTextTable;
  rollup_question_month: RollupQuestionMonthTable;
  rollup_node_month: RollupNodeMonthTable;
  rollup_question_year: RollupQuestionYearTable;
  rollup_node_year: RollupNodeYearTable;
  feedback_item: FeedbackItemTable;
  feedback_event: FeedbackEventTable;
  routing_rule: RoutingRuleTable;
  deadline_rule: DeadlineRuleTable;
  holiday: HolidayTable;
  setting: SettingTable;
  outbox: OutboxTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  user_session: UserSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  api_token: ApiTokenTable;
  admin_unit: AdminUnitTable;
  agency: AgencyTable;
  service_point: ServicePointTable;
  procedure_field: ProcedureFieldTable;
  index_node: IndexNodeTable;
  questionnaire: QuestionnaireTable;
  questionnaire_version: QuestionnaireVersionTable;
  question: QuestionTable;
  target: TargetTable;
  response: ResponseTable;
  import_batch: ImportBatchTable;
  official_import: OfficialImportTable;
  official_result: OfficialResultTable;
  survey_round: SurveyRoundTable;
  round_quota: RoundQuotaTable;
  round_response: RoundResponseTable;
  rollup_round_question: RollupRoundQuestionTable;
  rollup_round_node: RollupRoundNodeTable;
  answer: AnswerTable;
  rollup_question_day: RollupQuestionDayTable;
  rollup_node_day: RollupNodeDayTable;
}

/** issue 17: a photo sent with a feedback item (JPEG/PNG/WebP by content; EXIF removed unless location_shared). */
export interface FeedbackPhotoTable {
  id: Generated<number>;
  item_id: number;
  content_type: string;
  size: number;
  sha256: string;
  bytes: Buffer;
  location_shared: Generated<number>;
  /** Shown on the public page only once the coordinator publishes it. */
  published_at: string | null;
  published_by: number | null;
  created_at: string;
}
