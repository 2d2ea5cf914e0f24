import type { ColumnType, Selectable } from 'kysely';

/**
 * Table types for Kysely. Times are ISO 8601 UTC text and booleans are 0/1 integers in both
 * databases, so the same queries run unchanged on SQLite and PostgreSQL.
 */
export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  default_locale: string;
  created_at: string;
  /** 1 when the network's public consult form (no account, anonymous questions) is open; 0 by default. */
  public_consult_form: ColumnType<number, number | undefined, number>;
  /** IANA time zone the network's screens and calendars show times in; 'Europe/Brussels' by default. */
  time_zone: ColumnType<string, string | undefined, string>;
}

/** A tenant as read from the database. */
export type Tenant = Selectable<TenantTable>;

export interface OrganisationTable {
  id: string;
  tenant_id: string;
  name: string;
  sector: string;
  secrecy_regime: string;
  protocol_signed_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  tenant_id: string;
  organisation_id: string;
  email: string;
  name: string;
  locale: string | null;
  status: string;
  password_hash: string | null;
  mfa_secret_sealed: string | null;
  mfa_enrolled_at: string | null;
  /** The last TOTP time step accepted, so a code cannot be replayed in its window. */
  mfa_last_step: number | string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  tenant_id: string;
  user_id: string;
  role: string;
}

export interface RecoveryCodeTable {
  id: string;
  tenant_id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface SessionTable {
  id_hash: string;
  tenant_id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  authenticated_at: string;
  mfa_verified_at: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** When the token stops working; null only for a row the migration could not date (treated as expired). */
  expires_at: string | null;
}

/** One-time installation steps claimed by a single insert (the key is the step, e.g. `first_setup`). */
export interface InstallationClaimTable {
  name: string;
  claimed_at: string;
}

export interface UserTokenTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** `invitation` or `password_reset`. */
  purpose: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInThrottleTable {
  /** `account:<sha256 of email>` or `ip:<address>`; no personal data in clear. */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

/** Anonymous denials beyond the first of a minute, per client address (keyed hash), minute and route. */
export interface DenialCounterTable {
  /** HMAC-SHA256 of the client address under a key derived from the master key; never the address. */
  address_hash: string;
  /** UTC minute, `YYYY-MM-DDTHH:MM`. */
  minute: string;
  /** `METHOD /route/pattern`. */
  route: string;
  /** Denials after the first one of this minute, not yet written as an aggregated event. */
  count: number;
}

export interface AuditEventTable {
  id: string;
  /** The chain the event belongs to: its tenant's id, or `installation` (ADR 0024). */
  chain: string;
  day: string;
  seq: number;
  occurred_at: string;
  tenant_id: string | null;
  actor_user_id: string | null;
  actor_organisation_id: string | null;
  actor_roles: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  case_id: string | null;
  person_pseudonym: string | null;
  purpose: string | null;
  legal_basis: string | null;
  decision: string;
  request_id: string | null;
  details: string | null;
  mac: string;
}

export interface AuditSegmentTable {
  chain: string;
  day: string;
  last_seq: number;
  last_mac: string;
  previous_day: string | null;
  previous_last_mac: string | null;
  mac: string;
  /** Set when the chain's next day's segment links to this one: no event joins this day any more. */
  next_day: string | null;
}

export interface TenantKeyTable {
  tenant_id: string;
  version: number;
  /** `fields` (encryption of sensitive fields) or `blind_index` (exact-match search). */
  purpose: string;
  /** The data key sealed with the master key; never stored in clear. */
  wrapped_key: string;
  created_at: string;
  retired_at: string | null;
}

export interface PartnerTableTable {
  id: string;
  tenant_id: string;
  name: string;
  /** `minors` or `adults`. */
  audience: string;
  purpose: string;
  legal_framework: string;
  /** The table's rules of play (free text; empty until a coordinator writes them). */
  modalities: ColumnType<string, string | undefined, string>;
  /** Optimistic locking: starts at 1, every change adds one; `If-Match` must name the current value. */
  version: ColumnType<number, number | undefined, number>;
  /** The modalities' own version: 0 while empty, one more at each change of the text; members confirm it. */
  modalities_version: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

/** A member confirmed (read and accepted) one version of a table's modalities. */
export interface TableModalityConfirmationTable {
  id: string;
  tenant_id: string;
  table_id: string;
  user_id: string;
  modalities_version: number;
  confirmed_at: string;
}

/** The coordinator's task to move a case whose subject turned 18 on a minors table; one per case. */
export interface CaseHandoverTaskTable {
  id: string;
  tenant_id: string;
  case_id: string;
  /** The subject's 18th birthday (a calendar day). */
  due_on: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  /** `moved` or `kept`; null while open. */
  resolution: string | null;
  target_table_id: string | null;
}

/** One change of a partner table (its setting up is version 1), written in the change's transaction. */
export interface PartnerTableRevisionTable {
  id: string;
  tenant_id: string;
  table_id: string;
  /** The table's version after this change. */
  version: number;
  /** The changed fields' API names, comma-separated and sorted (e.g. `legalFramework,purpose`). */
  fields: string;
  /** JSON `{"<field>": {"from": old or null, "to": new}}` for every changed field. */
  changes: string;
  changed_by: string;
  changed_at: string;
}

export interface TableMemberTable {
  tenant_id: string;
  table_id: string;
  user_id: string;
  /** `key_figure` or `minute_taker`. */
  role: string;
  added_at: string;
}

export interface CaseSequenceTable {
  tenant_id: string;
  year: number;
  last_number: number;
}

export interface CaseTable {
  id: string;
  tenant_id: string;
  table_id: string;
  /** The pseudonym lists, agendas and mails show, e.g. `VIL-2026-014`. */
  reference: string;
  theme: string;
  /** `open` or `closed`. */
  status: string;
  summary_sealed: string;
  /** `anonymous`, `restricted` or `table`. */
  identity_disclosure: string;
  case_owner_organisation_id: string | null;
  referrer_organisation_id: string | null;
  outcome: string | null;
  closure_rationale_sealed: string | null;
  /** The coordinator's reason for opening a case whose subject's age does not fit the table (sealed); null when it fits. */
  age_exception_reason_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  closed_at: string | null;
  /** Optimistic locking: every change adds one; `If-Match` must name the current value. */
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface CasePersonTable {
  id: string;
  tenant_id: string;
  case_id: string;
  /** `subject` or a context role: `parent`, `sibling`, `guardian`, `other`. */
  role: string;
  given_name_sealed: string | null;
  family_name_sealed: string | null;
  birth_date_sealed: string | null;
  age_band: string | null;
  gender: string | null;
  /** HMAC of normalised family name + birth date under the tenant's blind-index key. */
  blind_index: string | null;
  blind_index_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface CaseParticipantTable {
  tenant_id: string;
  case_id: string;
  user_id: string;
  /** `guest`, `care_network` or `key_figure`. */
  role: string;
  added_by: string;
  added_at: string;
}

export interface CaseConsentTable {
  id: string;
  tenant_id: string;
  case_id: string;
  given_by: string;
  /** JSON array of organisation ids the consent lets information reach. */
  organisation_ids: string;
  purpose_sealed: string;
  with_feedback: number;
  given_on: string;
  document_reference_sealed: string | null;
  recorded_by: string;
  recorded_by_organisation_id: string;
  recorded_at: string;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  /** The day the person withdrew the consent (`YYYY-MM-DD`); null while current, and for withdrawals recorded before it was asked. */
  withdrawn_on: string | null;
  /** The reason the person gave, sealed (`withdrawal_reason`). */
  withdrawal_reason_sealed: string | null;
}

export interface CaseItemTable {
  id: string;
  tenant_id: string;
  case_id: string;
  author_user_id: string;
  author_organisation_id: string;
  body_sealed: string;
  /** `table`, `care_network`, `organisations` or `own_organisation`. */
  audience: string;
  /** JSON array; the named organisations when the audience is `organisations`, else `[]`. */
  organisation_ids: string;
  legal_basis: string;
  consent_id: string | null;
  /** JSON array of classes (`police`, `health`, `minor` …). */
  classes: string;
  created_at: string;
}

export interface CaseEventTable {
  id: string;
  tenant_id: string;
  case_id: string;
  /** Position on the case's timeline (1, 2 …), claimed under the case row's lock. */
  seq: number;
  kind: string;
  item_id: string | null;
  consent_id: string | null;
  actor_user_id: string;
  actor_organisation_id: string;
  /** A vocabulary value (an outcome, a role, a level); never free text. */
  detail: string | null;
  /** Free text of the event (a rationale or reason), sealed. */
  text_sealed: string | null;
  occurred_at: string;
}

/** When a user last read a case's information (home page: "new since my last visit"). */
export interface CaseVisitTable {
  tenant_id: string;
  user_id: string;
  case_id: string;
  last_visited_at: string;
}

/** Scheduled work (modules/jobs); `payload` is JSON of ids only, never case content. */
export interface JobTable {
  id: string;
  tenant_id: string;
  kind: string;
  payload: string;
  run_at: string;
  status: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

/** A version of a screening instrument: installation-wide data (no tenant), never edited in place. */
export interface ScreeningInstrumentTable {
  id: string;
  key: string;
  version: number;
  /** JSON: title, description, judgement, sections with items; every text in nl, fr and en. */
  content: string;
  /** 1 for the one version of a key in use, 0 for the versions it replaced. */
  active: number;
  loaded_at: string;
}

export interface SignalSequenceTable {
  tenant_id: string;
  year: number;
  last_number: number;
}

/**
 * A signal of the consult point: a concern about a person or a consult question. An anonymous
 * reporter is in no clear column: `reporter_sealed` (JSON `{userId?, organisationId?, name?, contact?}`)
 * is read by the system only (to deliver mail), `reporter_lookup` finds the reporter's own signals.
 */
export interface SignalTable {
  id: string;
  tenant_id: string;
  reference: string;
  /** concern | consult */
  kind: string;
  theme: string;
  /** account | phone | mail | walk_in | public_form */
  channel: string;
  /** received | in_consultation | advice_given | referred | closed */
  status: string;
  urgency: string | null;
  category: number | null;
  description_sealed: string;
  subject_given_name_sealed: string | null;
  subject_family_name_sealed: string | null;
  subject_birth_date_sealed: string | null;
  subject_blind_index: string | null;
  subject_blind_index_version: number | null;
  reporter_anonymous: number;
  reporter_user_id: string | null;
  reporter_organisation_id: string | null;
  reporter_sealed: string | null;
  reporter_lookup: string | null;
  registered_by: string | null;
  /** not_asked | asked | made_known | declined */
  disclosure_status: string;
  /** Set when the reporter made themself known: 1 their organisation may be seated on the case, 0 not. */
  reporter_agrees_to_seat: ColumnType<number | null, number | null | undefined, number | null>;
  outcome: string | null;
  decision_rationale_sealed: string | null;
  decided_by: string | null;
  decided_at: string | null;
  case_id: string | null;
  /** When the signal was added to a case already at the table (ISO); null when referred through a new case, or not at all. */
  added_to_case_at: ColumnType<string | null, string | null | undefined, string | null>;
  public_code_hash: string | null;
  public_passphrase_hash: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** A message of a signal's reply channel; `author_user_id` is null for an anonymous reporter. */
export interface SignalMessageTable {
  id: string;
  tenant_id: string;
  signal_id: string;
  /** reporter | coordinator */
  side: string;
  /** message | advice | disclosure_request | disclosure_answer */
  kind: string;
  author_user_id: string | null;
  body_sealed: string;
  created_at: string;
}

/** A screening of a signal with one instrument version: answers and rationale sealed, the judgement in clear. */
export interface ScreeningTable {
  id: string;
  tenant_id: string;
  signal_id: string;
  instrument_id: string;
  answers_sealed: string;
  wellbeing_vulnerable: number;
  radicalisation_vulnerable: number;
  urgency: string;
  category: number;
  rationale_sealed: string;
  screened_by: string;
  created_at: string;
}

/** A network inquiry about a signal's person: named (chosen organisations) or blind (client register matches). */
export interface InquiryTable {
  id: string;
  tenant_id: string;
  signal_id: string;
  /** named | blind */
  mode: string;
  purpose_sealed: string;
  /** The person's minimal identity as the asked organisations see it (sealed JSON); null once erased. */
  subject_sealed: string | null;
  legal_basis: string;
  /** The day answers are due. */
  deadline: string;
  /** open | closed | expired */
  status: string;
  /** The day the answers are erased unless the signal became a case. */
  answers_expire_on: string;
  reminded_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** The question of an inquiry put to one organisation, with its answer. */
export interface InquiryQuestionTable {
  id: string;
  tenant_id: string;
  inquiry_id: string;
  organisation_id: string;
  /** yes | no | declined; null while unanswered */
  known: string | null;
  guidance_running: number | null;
  contact_user_id: string | null;
  note_sealed: string | null;
  answered_by: string | null;
  answered_at: string | null;
  expired_at: string | null;
  created_at: string;
}

/** The last client register upload of an organisation (how many, by whom, when). */
export interface ClientRegisterUploadTable {
  id: string;
  tenant_id: string;
  organisation_id: string;
  entries: number;
  uploaded_by: string;
  uploaded_at: string;
}

/** One person an organisation guides, as a blind index only (names are discarded on upload). */
export interface ClientRegisterEntryTable {
  id: string;
  tenant_id: string;
  organisation_id: string;
  blind_index: string;
  blind_index_version: number;
}

/** The recurrence of one partner table's meetings (at most one per table), set by the coordinator. */
export interface MeetingScheduleTable {
  id: string;
  tenant_id: string;
  table_id: string;
  /** An RFC 5545 RRULE without DTSTART, e.g. `FREQ=MONTHLY;BYDAY=1MO`. */
  rrule: string;
  /** Wall-clock start `HH:MM` in `time_zone`. */
  local_start_time: string;
  duration_minutes: number;
  /** IANA zone the rule is expanded in (the tenant's zone when set). */
  time_zone: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

/** One meeting of a partner table; dates, kind and status only (never case content). */
export interface MeetingTable {
  id: string;
  tenant_id: string;
  table_id: string;
  /** ISO 8601 UTC. */
  starts_at: string;
  ends_at: string;
  /** `regular` | `interim` */
  kind: string;
  /** `planned` | `in_progress` | `closed` (minutes locked) | `cancelled` */
  status: string;
  created_by: string;
  created_at: string;
  /** Goes up with every change of the meeting (the compare-and-set of If-Match). */
  version: number;
  /** The SEQUENCE of its calendar entry (RFC 5545): goes up only when the meeting is moved or cancelled. */
  calendar_sequence: ColumnType<number, number | undefined, number>;
  /** When the agenda was first built (ISO UTC); null until then. */
  agenda_built_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** When and by whom the meeting was started (the minutes open); null while planned. */
  started_at: ColumnType<string | null, string | null | undefined, string | null>;
  started_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** When and by whom it was closed: its minutes are locked from then on. */
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
  closed_by: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_at: ColumnType<string | null, string | null | undefined, string | null>;
  cancelled_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why it was cancelled: `no_cases` | `no_quorum` | `holiday` | `other` (a code, never free text); null otherwise. */
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One member's confirmation of a meeting's confidentiality statement (a version of it). */
export interface MeetingAttestationTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  user_id: string;
  statement_version: string;
  attested_at: string;
}

/** One case on a meeting's agenda: the case by id, its place and why it is there (never content). */
export interface MeetingAgendaItemTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  case_id: string;
  position: number;
  /** `agreements` | `new_referral` | `evaluation` | `re_referral` | `added` */
  reason: string;
  added_by: string;
  added_at: string;
}

/** A member's attendance at a meeting: `present` | `excused` | `absent`. */
export interface MeetingAttendanceTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  user_id: string;
  status: string;
  recorded_by: string;
  recorded_at: string;
}

/** An organisation's pre-meeting inventory task: one per meeting and organisation, done once. */
export interface MeetingInventoryTaskTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  organisation_id: string;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
  /** When the organisation's seated users were mailed the task. */
  notified_at: string | null;
}

/** One invitation mail sent: a meeting, its recipient and the calendar SEQUENCE it carried. */
export interface MeetingInvitationTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  user_id: string;
  sequence: number;
  sent_at: string;
}

/** A user's personal calendar feed: the secret URL's SHA-256 only; revoked feeds keep their row. */
export interface CalendarFeedTable {
  id: string;
  tenant_id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Database {
  tenants: TenantTable;
  installation_claims: InstallationClaimTable;
  organisations: OrganisationTable;
  users: UserTable;
  user_roles: UserRoleTable;
  recovery_codes: RecoveryCodeTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  user_tokens: UserTokenTable;
  sign_in_throttles: SignInThrottleTable;
  denial_counters: DenialCounterTable;
  audit_events: AuditEventTable;
  audit_segments: AuditSegmentTable;
  tenant_keys: TenantKeyTable;
  partner_tables: PartnerTableTable;
  partner_table_revisions: PartnerTableRevisionTable;
  table_members: TableMemberTable;
  case_sequences: CaseSequenceTable;
  cases: CaseTable;
  case_persons: CasePersonTable;
  case_participants: CaseParticipantTable;
  case_consents: CaseConsentTable;
  case_items: CaseItemTable;
  case_events: CaseEventTable;
  case_visits: CaseVisitTable;
  jobs: JobTable;
  screening_instruments: ScreeningInstrumentTable;
  signal_sequences: SignalSequenceTable;
  signals: SignalTable;
  signal_messages: SignalMessageTable;
  screenings: ScreeningTable;
  inquiries: InquiryTable;
  inquiry_questions: InquiryQuestionTable;
  client_register_uploads: ClientRegisterUploadTable;
  client_register_entries: ClientRegisterEntryTable;
  meeting_schedules: MeetingScheduleTable;
  meetings: MeetingTable;
  meeting_invitations: MeetingInvitationTable;
  calendar_feeds: CalendarFeedTable;
  meeting_attestations: MeetingAttestationTable;
  meeting_agenda_items: MeetingAgendaItemTable;
  meeting_attendance: MeetingAttendanceTable;
  meeting_inventory_tasks: MeetingInventoryTaskTable;
  table_modality_confirmations: TableModalityConfirmationTable;
  case_handover_tasks: CaseHandoverTaskTable;
  plan_objectives: PlanObjectiveTable;
  plan_evaluations: PlanEvaluationTable;
  plan_agreements: PlanAgreementTable;
  meeting_minute_entries: MeetingMinuteEntryTable;
  feedback_forms: FeedbackFormTable;
  feedback_approvals: FeedbackApprovalTable;
  plan_action_point_mails: PlanActionPointMailTable;
  directory_organisations: DirectoryOrganisationTable;
  directory_services: DirectoryServiceTable;
  directory_service_themes: DirectoryServiceThemeTable;
  directory_service_languages: DirectoryServiceLanguageTable;
  directory_locations: DirectoryLocationTable;
  directory_service_locations: DirectoryServiceLocationTable;
  directory_gaps: DirectoryGapTable;
  directory_settings: DirectorySettingsTable;
  /** SQLite only: the FTS5 index over directory_services.search_text (rowid = search_key); never written directly. */
  directory_search: DirectorySearchTable;
}

/** An objective of a case's plan of approach (title sealed). */
export interface PlanObjectiveTable {
  id: string;
  tenant_id: string;
  case_id: string;
  title_sealed: string;
  /** YYYY-MM-DD or null */
  due_date: string | null;
  /** open | achieved | dropped */
  status: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A dated evaluation note on an objective (plan, do, check, act), sealed, by whom. */
export interface PlanEvaluationTable {
  id: string;
  tenant_id: string;
  objective_id: string;
  note_sealed: string;
  author_user_id: string;
  author_organisation_id: string;
  created_at: string;
  /** The meeting where the evaluation was made, or null. */
  meeting_id: string | null;
}

/** An agreement of the plan: what one partner organisation does, by when (description sealed). */
export interface PlanAgreementTable {
  id: string;
  tenant_id: string;
  case_id: string;
  objective_id: string;
  organisation_id: string;
  description_sealed: string;
  /** YYYY-MM-DD */
  due_date: string;
  /** open | done | not_done */
  status: string;
  /** circumstances_changed | organisation_did_not_act, only when not_done */
  reason: string | null;
  reminded_at: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  version: number;
  /** A service of the social map the agreement links to (migration 20261201T210000), or null. */
  directory_service_id: string | null;
}

/** One organisation's action points mailed after a closed meeting: counts only, once per meeting and organisation. */
export interface PlanActionPointMailTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  organisation_id: string;
  agreement_count: number;
  recipient_count: number;
  sent_at: string;
}

/** A provider on the social map (HSDS organization); not one of our network's organisations. */
export interface DirectoryOrganisationTable {
  id: string;
  tenant_id: string;
  /** The HSDS id it is known by in imports and exports (our id unless imported). */
  hsds_id: string;
  name: string;
  alternate_name: string | null;
  description: string;
  email: string | null;
  website: string | null;
  /** JSON: HSDS organization fields we keep but do not use. */
  extra: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A service on the social map (HSDS service) with our profile fields. Booleans are 0/1. */
export interface DirectoryServiceTable {
  id: string;
  tenant_id: string;
  hsds_id: string;
  directory_organisation_id: string;
  name: string;
  alternate_name: string | null;
  description: string;
  url: string | null;
  email: string | null;
  /** active | inactive | defunct | temporarily closed */
  status: string;
  age_min: number | null;
  age_max: number | null;
  waiting_days: number | null;
  no_waiting_list: number;
  bound_by_secrecy: number;
  takes_part_in_table: number;
  referrals_minors: number;
  referrals_adults: number;
  eligibility: string | null;
  application_process: string | null;
  fees_description: string | null;
  /** JSON: phones, contacts, schedules, cost options, required documents, service areas. */
  details: string;
  /** JSON: HSDS service fields we keep but do not use. */
  extra: string;
  curator_organisation_id: string | null;
  last_verified_at: string | null;
  last_verified_by: string | null;
  verification_reminded_at: string | null;
  /** Lower-cased, accent-folded words of the service, indexed by each database's full-text search. */
  search_text: string;
  /** Stable integer key of the SQLite FTS5 index (bigint: a string on PostgreSQL). */
  search_key: number | string | bigint;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DirectoryServiceThemeTable {
  tenant_id: string;
  service_id: string;
  theme: string;
}

/** A language a service is offered in (ISO 639 code); `interpreter` 1 when through an interpreter. */
export interface DirectoryServiceLanguageTable {
  tenant_id: string;
  service_id: string;
  code: string;
  interpreter: number;
}

/** A place services are offered at (HSDS location with its first address). */
export interface DirectoryLocationTable {
  id: string;
  tenant_id: string;
  hsds_id: string;
  directory_organisation_id: string | null;
  /** physical | postal | virtual */
  location_type: string;
  name: string | null;
  address_1: string | null;
  city: string | null;
  postal_code: string | null;
  region: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  /** JSON: HSDS location fields we keep but do not use. */
  extra: string;
  updated_at: string;
}

/** HSDS service_at_location. */
export interface DirectoryServiceLocationTable {
  tenant_id: string;
  service_id: string;
  location_id: string;
  hsds_id: string;
  /** JSON: description, schedules, phones of the service at that place. */
  extra: string;
}

/** "No suitable offer": theme, age group, language, reason — never personal data. */
export interface DirectoryGapTable {
  id: string;
  tenant_id: string;
  theme: string;
  age_group: string;
  language: string | null;
  reason: string;
  case_id: string | null;
  recorded_at: string;
  recorded_by_organisation_id: string;
}

/** The tenant's social map settings: `published` 1 opens the public map (default 0). */
export interface DirectorySettingsTable {
  tenant_id: string;
  published: number;
  updated_at: string;
  updated_by: string | null;
  version: number;
}

export interface DirectorySearchTable {
  rowid: number;
  search_text: string;
  directory_search: string;
}

/**
 * Which tables the tenant guard limits to one network, and the order that satisfies foreign keys
 * (backup and restore): both come from the modules' manifests (server/modules/modules.ts), where each
 * module declares the tables it owns. A test ties them to the migrated schema on both databases.
 */
export {
  MODULE_TENANT_TABLES as TENANT_TABLES,
  MODULE_TABLES as TABLES_IN_DEPENDENCY_ORDER,
  MODULE_SHIPPED_TABLES as SHIPPED_TABLES,
} from '../modules/modules.ts';

export interface FeedbackFormTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  case_id: string;
  recipient_organisation_id: string;
  body_sealed: string;
  /** JSON list of the quoted items' texts ({id, body}), sealed; null when nothing is quoted. */
  quotes_sealed: string | null;
  /** JSON list of the quoted item ids (no content). */
  quoted_item_ids: string;
  /** draft | sent */
  status: string;
  /** The sent version's PDF, base64, sealed; null while a draft. */
  pdf_sealed: string | null;
  /** How many present attendees approved the version that was sent. */
  approvals_at_send: number | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  sent_by: string | null;
  sent_at: string | null;
  version: number;
}

export interface FeedbackApprovalTable {
  id: string;
  tenant_id: string;
  form_id: string;
  /** The version of the form the decision was taken on: only the current version's decisions count. */
  form_version: number;
  user_id: string;
  /** approve | refuse */
  decision: string;
  reason_sealed: string | null;
  decided_at: string;
}

/** One entry of a meeting's minutes for one case: a note (a case item) or a decision (sealed text); never edited or deleted. */
export interface MeetingMinuteEntryTable {
  id: string;
  tenant_id: string;
  meeting_id: string;
  case_id: string;
  /** `note` | `decision` */
  kind: string;
  /** The note's case item (audience table); null for a decision. */
  item_id: string | null;
  /** The decision's text, sealed; null for a note. */
  text_sealed: string | null;
  /** 1 when written after the meeting was closed (the coordinator's addendum). */
  addendum: number;
  created_by: string;
  created_at: string;
}
