/**
 * The scale bench's data: a deterministic generator of fictional data for one local network (plus a
 * second, small one, so that tenant scoping is measured too). Same seed and sizes → same rows: ids,
 * references, dates, relations, plaintexts and audit event content all come from a seeded PRNG and
 * fixed dates, never from the clock or `randomUUID`. Only what the app itself randomises differs
 * between two runs: the IVs of sealed values and the tenant keys (and, with another master key, the
 * audit MACs).
 *
 * Rows are written the way the app writes them (sealed with the tenant's field key, blind indexes
 * with its blind-index key, case references from the same vocabulary, the audit chain with the
 * chain's own MAC functions), so the app reads them back as its own; they are written in bulk
 * (multi-row inserts, one transaction per chunk) straight to the database handle, because going
 * through the use cases would take hours at 100 000 cases.
 *
 * The audit history lies before HISTORY_END, so the app's own events (token creation, the bench's
 * reads) start a later day's segment that links to the generated ones, and `audit verify` checks
 * the whole chain. Generate into a freshly migrated, empty database only.
 */
import { createHash } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { AppContext } from '../../server/context.ts';
import type { Database } from '../../server/db/schema.ts';
import { refreshPlannerStatistics } from '../../server/db/database.ts';
import { fieldSealer, type FieldSealer } from '../../server/db/sealing.ts';
import { personBlindIndex } from '../../server/platform/field-crypto.ts';
import { caseReference, type Theme } from '../../server/modules/cases/index.ts';
/* eslint-disable partnertafel/module-boundaries -- the generator writes a valid chain and signal references with the app's own functions; production code never imports it */
import { deriveAuditKey, eventMac, genesisMac, headMac, type ChainedEventContent } from '../../server/modules/audit/audit-chain.ts';
import { eventRow } from '../../server/modules/audit/audit-log.ts';
import { signalReference } from '../../server/modules/signals/signals.vocabulary.ts';
/* eslint-enable partnertafel/module-boundaries */

export interface ScaleSizes {
  readonly cases: number;
  readonly events: number;
}

/** The default data sets: small and large finish in minutes on a 2-core machine; the target is `--cases 100000 --events 1000000`. */
export const SCALE_SIZES = {
  small: { cases: 1_000, events: 10_000 },
  large: { cases: 20_000, events: 200_000 },
} as const satisfies Record<string, ScaleSizes>;

/** The last day of generated history (UTC); the app's own events come later. */
export const HISTORY_END = '2025-12-31';
const HISTORY_DAYS = 730;
const AUDIT_DAYS = 365;
const DAY_MS = 86_400_000;
/** Items of each case of the three-case professional: the bench reads one of them. */
export const READ_CASE_ITEMS = 20;

export interface GeneratedUser {
  readonly id: string;
  readonly email: string;
}

export interface GeneratedNetwork {
  readonly tenantId: string;
  readonly slug: string;
  readonly otherTenantId: string;
  readonly users: {
    readonly coordinator: GeneratedUser;
    readonly dpo: GeneratedUser;
    /** A professional who takes part in exactly three cases and has no other relation to any case. */
    readonly threeCases: GeneratedUser;
    readonly otherCoordinator: GeneratedUser;
  };
  /** The three cases of `threeCases`, each with READ_CASE_ITEMS items the professional may read. */
  readonly threeCaseIds: readonly string[];
  /** A case whose access report the DPO reads: read on the first event of every seventh audit day, whatever the sizes. */
  readonly reportCaseId: string;
  /** A user of the network whose trail the DPO filters by. */
  readonly trailUserId: string;
  /** A full reference that no other reference contains: `q=` finds exactly one case. */
  readonly searchReference: string;
  /** Rows written per table. */
  readonly rows: Readonly<Record<string, number>>;
}

// ---------------------------------------------------------------- deterministic randomness

/** sfc32, seeded through SHA-256 of the seed text: small, fast and the same on every platform. */
export function seededRandom(seed: string): () => number {
  const digest = createHash('sha256').update(seed).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** A UUID v4 made of PRNG bits (the app's ids are UUID v4 too). */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(4)).toString(16);
    const text = hex.join('');
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
}

// ---------------------------------------------------------------- fictional vocabulary

const GIVEN_NAMES = ['Noor', 'Lucas', 'Emma', 'Milan', 'Yasmine', 'Arthur', 'Lina', 'Jules', 'Fien', 'Adam', 'Zoë', 'Rayan', 'Nora', 'Wout'];
const FAMILY_NAMES = ['Peeters-Test', 'Janssens-Test', 'Maes-Test', 'Jacobs-Test', 'El Amrani-Test', 'Willems-Test', 'Claes-Test', 'Wouters-Test'];
const THEMES: readonly Theme[] = ['radicalisation', 'drugs', 'intra_family_violence', 'gangs', 'school_dropout', 'other'];
const SENTENCES = [
  'Fictional observation: attendance dropped in the last weeks.',
  'Contact with the family through the school went well.',
  'The youth worker met the young person at the community centre.',
  'No new incidents were reported since the last meeting.',
  'A follow-up talk is planned with the mentor.',
  'The welfare office checked the housing situation.',
];
const CASE_ACTIONS = ['case.viewed', 'case.items_viewed', 'case.listed', 'case.viewed', 'case.items_viewed'] as const;

const dayPlus = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const isoAt = (day: string, milliseconds: number) => new Date(Date.parse(`${day}T00:00:00Z`) + milliseconds).toISOString();

// ---------------------------------------------------------------- bulk writing

/** SQLite allows 32 766 bound values per statement, PostgreSQL 65 535: stay below both. */
const MAX_VALUES_PER_STATEMENT = 30_000;

class RowBuffer {
  readonly #rows = new Map<keyof Database, Record<string, unknown>[]>();
  readonly counts: Record<string, number> = {};

  add<T extends keyof Database>(table: T, row: Insertable<Database[T]>): void {
    let list = this.#rows.get(table);
    if (!list) {
      list = [];
      this.#rows.set(table, list);
    }
    list.push(row as Record<string, unknown>);
    this.counts[table] = (this.counts[table] ?? 0) + 1;
  }

  /** Writes every buffered row in `order` (foreign keys first), in one transaction, then empties the buffer. */
  async flush(db: Kysely<Database>, order: readonly (keyof Database)[]): Promise<void> {
    const pending = order.filter((table) => (this.#rows.get(table)?.length ?? 0) > 0);
    if (pending.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (const table of pending) {
        const rows = this.#rows.get(table)!;
        const perStatement = Math.max(1, Math.min(1000, Math.floor(MAX_VALUES_PER_STATEMENT / Object.keys(rows[0]!).length)));
        for (let start = 0; start < rows.length; start += perStatement) {
          await trx
            .insertInto(table)
            .values(rows.slice(start, start + perStatement) as never)
            .execute();
        }
      }
    });
    this.#rows.clear();
  }
}

const TABLE_ORDER: readonly (keyof Database)[] = [
  'tenants',
  'organisations',
  'users',
  'user_roles',
  'partner_tables',
  'table_members',
  'case_sequences',
  'signal_sequences',
  'cases',
  'case_persons',
  'case_participants',
  'case_consents',
  'case_items',
  'case_events',
  'signals',
  'meetings',
  'meeting_agenda_items',
  'plan_objectives',
  'plan_agreements',
  'audit_events',
  'audit_segments',
];

// ---------------------------------------------------------------- the network

interface Person {
  readonly id: string;
  readonly email: string;
  readonly organisationId: string;
  readonly roles: readonly string[];
}

interface Network {
  readonly tenantId: string;
  readonly slug: string;
  readonly organisations: readonly string[];
  readonly users: Person[];
  readonly coordinator: Person;
  readonly professionals: Person[];
  readonly tables: { id: string; keyFigure: Person }[];
}

const SECTORS = ['police', 'education', 'welfare', 'community', 'mental_health', 'youth_care', 'employment', 'education'] as const;

function addNetwork(
  buffer: RowBuffer,
  dice: Dice,
  options: { slug: string; name: string; organisations: number; professionalsPerOrganisation: number; tables: number },
): Network {
  const tenantId = dice.uuid();
  const created = isoAt(dayPlus(HISTORY_END, -HISTORY_DAYS - 30), 9 * 3_600_000);
  buffer.add('tenants', { id: tenantId, slug: options.slug, name: options.name, default_locale: 'nl', created_at: created });
  const organisation = (name: string, sector: string, regime: string) => {
    const id = dice.uuid();
    buffer.add('organisations', {
      id,
      tenant_id: tenantId,
      name,
      sector,
      secrecy_regime: regime,
      protocol_signed_on: sector === 'city' ? null : '2024-01-15',
      created_at: created,
      updated_at: created,
    });
    return id;
  };
  const city = organisation(`Stad ${options.name}`, 'city', 'discretion');
  const organisations = Array.from({ length: options.organisations }, (_, index) =>
    organisation(`Partner ${index + 1} ${options.name}`, SECTORS[index % SECTORS.length]!, 'professional_secrecy'),
  );
  const users: Person[] = [];
  const user = (label: string, organisationId: string, roles: string[]): Person => {
    const id = dice.uuid();
    const email = `${label}.${users.length + 1}@${options.slug}.example`;
    buffer.add('users', {
      id,
      tenant_id: tenantId,
      organisation_id: organisationId,
      email,
      name: `Fictional ${label} ${users.length + 1}`,
      locale: null,
      status: 'active',
      password_hash: null,
      mfa_secret_sealed: null,
      mfa_enrolled_at: null,
      created_at: created,
      updated_at: created,
    });
    for (const role of roles) buffer.add('user_roles', { tenant_id: tenantId, user_id: id, role });
    const person = { id, email, organisationId, roles };
    users.push(person);
    return person;
  };
  const coordinator = user('coordinator', city, ['coordinator']);
  const professionals = organisations.flatMap((organisationId) =>
    Array.from({ length: options.professionalsPerOrganisation }, () => user('professional', organisationId, ['professional'])),
  );
  const tables = Array.from({ length: options.tables }, (_, index) => {
    const id = dice.uuid();
    buffer.add('partner_tables', {
      id,
      tenant_id: tenantId,
      name: `Partnertafel ${index + 1}`,
      audience: index % 2 === 0 ? 'minors' : 'adults',
      purpose: 'Fictional table of the scale bench',
      legal_framework: 'art_458ter',
      created_at: created,
      updated_at: created,
    });
    // The first professional of partner organisation `index` is the table's key figure.
    const keyFigure = professionals[(index * options.professionalsPerOrganisation) % professionals.length]!;
    buffer.add('table_members', { tenant_id: tenantId, table_id: id, user_id: keyFigure.id, role: 'key_figure', added_at: created });
    return { id, keyFigure };
  });
  return { tenantId, slug: options.slug, organisations: [city, ...organisations], users, coordinator, professionals, tables };
}

// ---------------------------------------------------------------- cases and what hangs on them

interface CaseFacts {
  readonly id: string;
  readonly tableIndex: number;
}

/** Cases per transaction: keeps the buffer small at 100 000 cases. */
const CASES_PER_FLUSH = 2_000;

async function addCases(
  db: Kysely<Database>,
  buffer: RowBuffer,
  dice: Dice,
  sealer: FieldSealer,
  blindKey: { key: Buffer; version: number },
  network: Network,
  count: number,
  options: { extraParticipant?: { person: Person; caseIndexes: ReadonlySet<number> }; excludedOrganisation?: string },
  sequences: Map<number, number>,
  onCase: (facts: CaseFacts, index: number) => void,
): Promise<void> {
  const tenantId = network.tenantId;
  const owners = network.organisations.slice(1).filter((id) => id !== options.excludedOrganisation);
  const candidates = network.professionals.filter((person) => person.organisationId !== options.excludedOrganisation);
  for (let index = 0; index < count; index++) {
    // Cases are created in time order over the history, so references grow with the creation date.
    const createdDay = dayPlus(HISTORY_END, -HISTORY_DAYS + Math.floor((index * HISTORY_DAYS) / count));
    const createdAt = isoAt(createdDay, 8 * 3_600_000 + dice.int(9 * 3_600_000));
    const year = Number(createdDay.slice(0, 4));
    const number = (sequences.get(year) ?? 0) + 1;
    sequences.set(year, number);
    const id = dice.uuid();
    const tableIndex = dice.int(network.tables.length);
    const table = network.tables[tableIndex]!;
    const closed = dice.chance(0.3);
    const span = Date.parse(`${HISTORY_END}T23:00:00Z`) - Date.parse(createdAt);
    const updatedAt = new Date(Date.parse(createdAt) + dice.int(Math.max(1, span))).toISOString();
    const disclosure = dice.pick(['anonymous', 'restricted', 'table'] as const);
    const owner = dice.chance(0.8) ? dice.pick(owners) : null;
    buffer.add('cases', {
      id,
      tenant_id: tenantId,
      table_id: table.id,
      reference: caseReference(network.slug, year, number),
      theme: dice.pick(THEMES),
      status: closed ? 'closed' : 'open',
      summary_sealed: sealer.seal('cases', id, 'summary', `Fictional concern ${index + 1}: ${dice.pick(SENTENCES)}`),
      identity_disclosure: disclosure,
      case_owner_organisation_id: owner,
      referrer_organisation_id: dice.chance(0.7) ? dice.pick(owners) : null,
      outcome: closed ? 'goals_reached' : null,
      closure_rationale_sealed: closed ? sealer.seal('cases', id, 'closure_rationale', 'Fictional closure: the goals were reached.') : null,
      age_exception_reason_sealed: null,
      closed_at: closed ? updatedAt : null,
      version: 1,
      created_by: network.coordinator.id,
      created_at: createdAt,
      updated_at: updatedAt,
    });
    const birthYear = year - (tableIndex % 2 === 0 ? 12 + dice.int(6) : 18 + dice.int(10));
    const birthDate = `${birthYear}-${String(1 + dice.int(12)).padStart(2, '0')}-${String(1 + dice.int(28)).padStart(2, '0')}`;
    const familyName = dice.pick(FAMILY_NAMES);
    const personId = dice.uuid();
    const named = disclosure !== 'anonymous';
    buffer.add('case_persons', {
      id: personId,
      tenant_id: tenantId,
      case_id: id,
      role: 'subject',
      given_name_sealed: named ? sealer.seal('case_persons', personId, 'given_name', dice.pick(GIVEN_NAMES)) : null,
      family_name_sealed: named ? sealer.seal('case_persons', personId, 'family_name', familyName) : null,
      birth_date_sealed: named ? sealer.seal('case_persons', personId, 'birth_date', birthDate) : null,
      age_band:
        year - birthYear < 12 ? '0-11' : year - birthYear < 16 ? '12-15' : year - birthYear < 18 ? '16-17' : year - birthYear < 25 ? '18-24' : '25+',
      gender: dice.pick(['female', 'male', 'x']),
      blind_index: named ? personBlindIndex(blindKey.key, familyName, birthDate) : null,
      blind_index_version: named ? blindKey.version : null,
      created_at: createdAt,
      updated_at: createdAt,
    });
    let seq = 0;
    const journal = (kind: string, at: string, extra: { item_id?: string; consent_id?: string; detail?: string } = {}) => {
      seq += 1;
      buffer.add('case_events', {
        id: dice.uuid(),
        tenant_id: tenantId,
        case_id: id,
        seq,
        kind,
        item_id: extra.item_id ?? null,
        consent_id: extra.consent_id ?? null,
        actor_user_id: kind === 'item_added' ? table.keyFigure.id : network.coordinator.id,
        actor_organisation_id: kind === 'item_added' ? table.keyFigure.organisationId : network.coordinator.organisationId,
        detail: extra.detail ?? null,
        text_sealed: null,
        occurred_at: at,
      });
    };
    journal('created', createdAt, { detail: disclosure });
    const participants = new Set<string>();
    const participate = (person: Person, role: string) => {
      if (participants.has(person.id) || person.id === table.keyFigure.id) return;
      participants.add(person.id);
      buffer.add('case_participants', {
        tenant_id: tenantId,
        case_id: id,
        user_id: person.id,
        role,
        added_by: network.coordinator.id,
        added_at: createdAt,
      });
      journal('participant_added', createdAt, { detail: role });
    };
    const extra = options.extraParticipant?.caseIndexes.has(index) ? options.extraParticipant.person : null;
    if (extra) participate(extra, 'guest');
    for (let n = dice.int(3); n > 0; n--) participate(dice.pick(candidates), dice.chance(0.5) ? 'guest' : 'care_network');
    if (dice.chance(0.3)) {
      const consentId = dice.uuid();
      buffer.add('case_consents', {
        id: consentId,
        tenant_id: tenantId,
        case_id: id,
        given_by: 'parent',
        organisation_ids: JSON.stringify([dice.pick(owners), dice.pick(owners)].filter((value, at, all) => all.indexOf(value) === at)),
        purpose_sealed: sealer.seal('case_consents', consentId, 'purpose', 'Fictional consent: sharing within the partner table.'),
        with_feedback: 1,
        given_on: createdDay,
        document_reference_sealed: null,
        recorded_by: network.coordinator.id,
        recorded_by_organisation_id: network.coordinator.organisationId,
        recorded_at: createdAt,
        withdrawn_at: null,
        withdrawn_by: null,
        withdrawn_on: null,
        withdrawal_reason_sealed: null,
      });
      journal('consent_recorded', createdAt, { consent_id: consentId });
    }
    const items = extra ? READ_CASE_ITEMS : dice.int(9);
    for (let n = 0; n < items; n++) {
      const itemId = dice.uuid();
      const at = isoAt(createdDay, 12 * 3_600_000 + n * 60_000);
      buffer.add('case_items', {
        id: itemId,
        tenant_id: tenantId,
        case_id: id,
        author_user_id: table.keyFigure.id,
        author_organisation_id: table.keyFigure.organisationId,
        body_sealed: sealer.seal(
          'case_items',
          itemId,
          'body',
          `${dice.pick(SENTENCES)} ${dice.pick(SENTENCES)} (item ${n + 1} of case ${index + 1})`,
        ),
        audience: 'table',
        organisation_ids: '[]',
        legal_basis: 'art_458ter',
        consent_id: null,
        classes: '[]',
        created_at: at,
      });
      journal('item_added', at, { item_id: itemId, detail: 'table' });
    }
    if (dice.chance(0.2)) {
      const objectiveId = dice.uuid();
      buffer.add('plan_objectives', {
        id: objectiveId,
        tenant_id: tenantId,
        case_id: id,
        title_sealed: sealer.seal('plan_objectives', objectiveId, 'title', 'Fictional objective: regular school attendance.'),
        due_date: dayPlus(createdDay, 90),
        status: closed ? 'achieved' : 'open',
        created_by: network.coordinator.id,
        created_at: createdAt,
        updated_at: createdAt,
        version: 1,
      });
      const agreementId = dice.uuid();
      buffer.add('plan_agreements', {
        id: agreementId,
        tenant_id: tenantId,
        case_id: id,
        objective_id: objectiveId,
        organisation_id: owner ?? dice.pick(owners),
        description_sealed: sealer.seal('plan_agreements', agreementId, 'description', 'Fictional agreement: a weekly talk with the mentor.'),
        due_date: dayPlus(createdDay, 60),
        status: closed ? 'done' : 'open',
        reason: null,
        reminded_at: null,
        created_by: network.coordinator.id,
        created_at: createdAt,
        updated_by: network.coordinator.id,
        updated_at: createdAt,
        version: 1,
        directory_service_id: null,
      });
    }
    if (closed) journal('closed', updatedAt, { detail: 'goals_reached' });
    onCase({ id, tableIndex }, index);
    if ((index + 1) % CASES_PER_FLUSH === 0) await buffer.flush(db, TABLE_ORDER);
  }
  await buffer.flush(db, TABLE_ORDER);
}

function addSignals(
  buffer: RowBuffer,
  dice: Dice,
  sealer: FieldSealer,
  network: Network,
  count: number,
  caseIds: readonly string[],
  sequences: Map<number, number>,
): void {
  for (let index = 0; index < count; index++) {
    const day = dayPlus(HISTORY_END, -HISTORY_DAYS + Math.floor((index * HISTORY_DAYS) / count));
    const at = isoAt(day, 10 * 3_600_000);
    const year = Number(day.slice(0, 4));
    const number = (sequences.get(year) ?? 0) + 1;
    sequences.set(year, number);
    const id = dice.uuid();
    const reporter = dice.pick(network.professionals);
    const toCase = caseIds.length > 0 && dice.chance(0.5) ? dice.pick(caseIds) : null;
    buffer.add('signals', {
      id,
      tenant_id: network.tenantId,
      reference: signalReference(network.slug, year, number),
      kind: 'concern',
      theme: dice.pick(THEMES),
      channel: 'account',
      status: toCase ? 'referred' : 'closed',
      urgency: null,
      category: null,
      description_sealed: sealer.seal('signals', id, 'description', `Fictional signal ${index + 1}: ${dice.pick(SENTENCES)}`),
      subject_given_name_sealed: null,
      subject_family_name_sealed: null,
      subject_birth_date_sealed: null,
      subject_blind_index: null,
      subject_blind_index_version: null,
      reporter_anonymous: 0,
      reporter_user_id: reporter.id,
      reporter_organisation_id: reporter.organisationId,
      reporter_sealed: null,
      reporter_lookup: null,
      registered_by: null,
      disclosure_status: 'not_asked',
      outcome: toCase ? 'shared_concern' : 'no_concern',
      decision_rationale_sealed: null,
      decided_by: network.coordinator.id,
      decided_at: at,
      case_id: toCase,
      added_to_case_at: toCase ? at : null,
      public_code_hash: null,
      public_passphrase_hash: null,
      version: 1,
      created_at: at,
      updated_at: at,
      closed_at: toCase ? null : at,
    });
  }
}

function addMeetings(buffer: RowBuffer, dice: Dice, network: Network, casesByTable: readonly string[][]): void {
  network.tables.forEach((table, tableIndex) => {
    const cases = casesByTable[tableIndex] ?? [];
    for (let day = dayPlus(HISTORY_END, -HISTORY_DAYS + 14); day <= HISTORY_END; day = dayPlus(day, 14)) {
      const id = dice.uuid();
      const startsAt = isoAt(day, 13 * 3_600_000);
      const endsAt = isoAt(day, 15 * 3_600_000);
      buffer.add('meetings', {
        id,
        tenant_id: network.tenantId,
        table_id: table.id,
        starts_at: startsAt,
        ends_at: endsAt,
        kind: 'regular',
        status: 'closed',
        created_by: network.coordinator.id,
        created_at: isoAt(dayPlus(day, -14), 9 * 3_600_000),
        version: 1,
        agenda_built_at: isoAt(dayPlus(day, -7), 9 * 3_600_000),
        started_at: startsAt,
        started_by: network.coordinator.id,
        closed_at: endsAt,
        closed_by: network.coordinator.id,
      });
      const agenda = new Set<string>();
      for (let n = 0; n < 4 && cases.length > 0; n++) agenda.add(dice.pick(cases));
      [...agenda].forEach((caseId, position) =>
        buffer.add('meeting_agenda_items', {
          id: dice.uuid(),
          tenant_id: network.tenantId,
          meeting_id: id,
          case_id: caseId,
          position: position + 1,
          reason: 'added',
          added_by: network.coordinator.id,
          added_at: isoAt(dayPlus(day, -7), 9 * 3_600_000),
        }),
      );
    }
  });
}

// ---------------------------------------------------------------- the audit chain

interface ChainState {
  readonly chain: string;
  day: string | null;
  seq: number;
  lastMac: string;
  previousDay: string | null;
  previousLastMac: string | null;
}

/**
 * `count` events over the last AUDIT_DAYS days of the history, in time order, each in its network's
 * chain (ADR 0024) and MACed over its predecessor of the same chain and day; every day's segment head
 * of a chain links to that chain's day before. Nineteen in twenty events belong to the big network.
 */
async function addAuditHistory(
  db: Kysely<Database>,
  buffer: RowBuffer,
  dice: Dice,
  ctx: AppContext,
  count: number,
  networks: { network: Network; caseIds: readonly string[] }[],
  reportCaseId: string,
): Promise<void> {
  const key = deriveAuditKey(ctx.masterKey);
  const perDay = Math.max(1, Math.ceil(count / AUDIT_DAYS));
  const firstDay = dayPlus(HISTORY_END, -AUDIT_DAYS + 1);
  const chains = new Map<string, ChainState>();
  const closeSegment = (state: ChainState, nextDay: string | null) => {
    if (!state.day) return;
    const head = {
      chain: state.chain,
      day: state.day,
      lastSeq: state.seq,
      lastMac: state.lastMac,
      previousDay: state.previousDay,
      previousLastMac: state.previousLastMac,
    };
    buffer.add('audit_segments', {
      chain: head.chain,
      day: head.day,
      last_seq: head.lastSeq,
      last_mac: head.lastMac,
      previous_day: head.previousDay,
      previous_last_mac: head.previousLastMac,
      mac: headMac(key, head),
      next_day: nextDay,
    });
    state.previousDay = state.day;
    state.previousLastMac = state.lastMac;
  };
  for (let index = 0; index < count; index++) {
    const day = dayPlus(firstDay, Math.floor(index / perDay));
    // The first event of every seventh day is a read of the report case: its access report holds
    // as many events in every data set, so the report measures the query, not a longer answer.
    const aboutReportCase = index % perDay === 0 && Math.floor(index / perDay) % 7 === 0;
    const { network, caseIds } = !aboutReportCase && dice.chance(0.05) && networks.length > 1 ? networks[1]! : networks[0]!;
    let state = chains.get(network.tenantId);
    if (!state) {
      state = { chain: network.tenantId, day: null, seq: 0, lastMac: '', previousDay: null, previousLastMac: null };
      chains.set(network.tenantId, state);
    }
    if (day !== state.day) {
      closeSegment(state, day);
      state.day = day;
      state.seq = 0;
      state.lastMac = genesisMac(key, state.chain, day);
    }
    const actor = dice.pick(network.users);
    const pickedCase = dice.pick(caseIds);
    const caseId = aboutReportCase ? reportCaseId : pickedCase;
    const action = aboutReportCase ? 'case.viewed' : dice.pick(CASE_ACTIONS);
    const denied = dice.chance(0.02);
    const content: ChainedEventContent = {
      id: dice.uuid(),
      day,
      seq: state.seq + 1,
      occurredAt: isoAt(day, Math.floor(((index % perDay) * DAY_MS) / perDay)),
      tenantId: network.tenantId,
      actorUserId: actor.id,
      actorOrganisationId: actor.organisationId,
      actorRoles: [...actor.roles].sort().join(','),
      action,
      resourceType: 'case',
      resourceId: action === 'case.listed' ? null : caseId,
      caseId: action === 'case.listed' ? null : caseId,
      personPseudonym: null,
      purpose: action === 'case.listed' ? null : actor.roles.includes('coordinator') ? 'coordination' : 'guest',
      legalBasis: null,
      decision: denied ? 'deny' : 'permit',
      requestId: null,
      details: action === 'case.listed' ? JSON.stringify({ count: 50 }) : action === 'case.items_viewed' ? JSON.stringify({ count: 5 }) : null,
    };
    const mac = eventMac(key, state.lastMac, content);
    buffer.add('audit_events', { ...eventRow(content), chain: state.chain, mac });
    state.seq = content.seq;
    state.lastMac = mac;
    if ((index + 1) % 20_000 === 0) await buffer.flush(db, TABLE_ORDER);
  }
  for (const state of chains.values()) closeSegment(state, null);
  await buffer.flush(db, TABLE_ORDER);
}

// ---------------------------------------------------------------- entry point

/**
 * Fills a freshly migrated, empty database with a big network of `sizes.cases` cases and a small
 * one (a hundredth of the cases, at least ten), and `sizes.events` audit events in a valid chain.
 * Deterministic for a seed. Uses the context's keyring (field and blind-index keys of each network)
 * and master key (audit MACs); writes through the raw handle.
 */
export async function generateScaleData(ctx: AppContext, options: ScaleSizes & { seed?: string }): Promise<GeneratedNetwork> {
  if (!Number.isInteger(options.cases) || options.cases < 10) throw new Error('generateScaleData: at least 10 cases');
  if (!Number.isInteger(options.events) || options.events < 1) throw new Error('generateScaleData: at least 1 audit event');
  const db = ctx.handle.db;
  const existing = await db.selectFrom('audit_segments').select('day').limit(1).executeTakeFirst();
  if (existing) throw new Error('generateScaleData: the database already holds audit events; generate into an empty database');
  const dice = new Dice(seededRandom(options.seed ?? 'partnertafel-scale'));
  const sqlite = ctx.handle.kind === 'sqlite';
  // For the load only: the bench's data can be made again, so a crash halfway does not matter.
  if (sqlite) await sql`PRAGMA synchronous = OFF`.execute(db);
  try {
    const buffer = new RowBuffer();
    const big = addNetwork(buffer, dice, { slug: 'rivierstede', name: 'Rivierstede', organisations: 8, professionalsPerOrganisation: 3, tables: 4 });
    const small = addNetwork(buffer, dice, { slug: 'kaaidorp', name: 'Kaaidorp', organisations: 2, professionalsPerOrganisation: 2, tables: 1 });
    // The three-case professional: an organisation of their own that owns and refers no case, no table seat.
    const ownOrganisationId = dice.uuid();
    buffer.add('organisations', {
      id: ownOrganisationId,
      tenant_id: big.tenantId,
      name: 'Werkwinkel Rivierstede',
      sector: 'employment',
      secrecy_regime: 'professional_secrecy',
      protocol_signed_on: '2024-01-15',
      created_at: isoAt(dayPlus(HISTORY_END, -HISTORY_DAYS), 0),
      updated_at: isoAt(dayPlus(HISTORY_END, -HISTORY_DAYS), 0),
    });
    const dpoId = dice.uuid();
    const threeCasesId = dice.uuid();
    const at = isoAt(dayPlus(HISTORY_END, -HISTORY_DAYS), 0);
    const extraUser = (id: string, email: string, organisationId: string, role: string): Person => {
      buffer.add('users', {
        id,
        tenant_id: big.tenantId,
        organisation_id: organisationId,
        email,
        name: `Fictional ${role}`,
        locale: null,
        status: 'active',
        password_hash: null,
        mfa_secret_sealed: null,
        mfa_enrolled_at: null,
        created_at: at,
        updated_at: at,
      });
      buffer.add('user_roles', { tenant_id: big.tenantId, user_id: id, role });
      const person = { id, email, organisationId, roles: [role] };
      big.users.push(person);
      return person;
    };
    const dpo = extraUser(dpoId, 'dpo@rivierstede.example', big.organisations[0]!, 'dpo');
    const threeCases = extraUser(threeCasesId, 'three-cases@rivierstede.example', ownOrganisationId, 'professional');
    await buffer.flush(db, TABLE_ORDER);

    const bigSealer = await fieldSealer(ctx, big.tenantId);
    const smallSealer = await fieldSealer(ctx, small.tenantId);
    const bigBlind = await ctx.keyring.current(big.tenantId, 'blind_index');
    const smallBlind = await ctx.keyring.current(small.tenantId, 'blind_index');

    const threeCaseIndexes = new Set([Math.floor(options.cases * 0.2), Math.floor(options.cases * 0.5), Math.floor(options.cases * 0.8)]);
    const caseSequences = new Map<number, number>();
    const bigCases: string[] = [];
    const bigCasesByTable: string[][] = big.tables.map(() => []);
    const threeCaseIds: string[] = [];
    const firstYear = Number(dayPlus(HISTORY_END, -HISTORY_DAYS).slice(0, 4));
    await addCases(
      db,
      buffer,
      dice,
      bigSealer,
      bigBlind,
      big,
      options.cases,
      { extraParticipant: { person: threeCases, caseIndexes: threeCaseIndexes }, excludedOrganisation: ownOrganisationId },
      caseSequences,
      (facts, index) => {
        bigCases.push(facts.id);
        bigCasesByTable[facts.tableIndex]!.push(facts.id);
        if (threeCaseIndexes.has(index)) threeCaseIds.push(facts.id);
      },
    );
    // The newest case of the first year has the longest number of that year: no other reference contains it.
    const searchReference = caseReference(big.slug, firstYear, caseSequences.get(firstYear) ?? 0);
    for (const [year, lastNumber] of caseSequences) buffer.add('case_sequences', { tenant_id: big.tenantId, year, last_number: lastNumber });

    const smallCount = Math.max(10, Math.floor(options.cases / 100));
    const smallSequences = new Map<number, number>();
    const smallCases: string[] = [];
    await addCases(db, buffer, dice, smallSealer, smallBlind, small, smallCount, {}, smallSequences, (facts) => smallCases.push(facts.id));
    for (const [year, lastNumber] of smallSequences) buffer.add('case_sequences', { tenant_id: small.tenantId, year, last_number: lastNumber });
    await buffer.flush(db, TABLE_ORDER);

    const signalSequences = new Map<number, number>();
    addSignals(buffer, dice, bigSealer, big, Math.floor(options.cases / 2), bigCases, signalSequences);
    for (const [year, lastNumber] of signalSequences) buffer.add('signal_sequences', { tenant_id: big.tenantId, year, last_number: lastNumber });
    addMeetings(buffer, dice, big, bigCasesByTable);
    addMeetings(buffer, dice, small, [smallCases]);
    await buffer.flush(db, TABLE_ORDER);

    const reportCaseId = bigCases[Math.floor(bigCases.length / 3)]!;
    await addAuditHistory(
      db,
      buffer,
      dice,
      ctx,
      options.events,
      [
        { network: big, caseIds: bigCases },
        { network: small, caseIds: smallCases },
      ],
      reportCaseId,
    );
    // The planner's figures as a running node has them for data this size. PostgreSQL gathers them in
    // the background (autovacuum); after a bulk load they would be missing for a while, so it gets
    // them now. SQLite gets exactly what the app does itself, at every start and every hour
    // (refreshPlannerStatistics): so the bench measures the app's own plans.
    if (sqlite) await refreshPlannerStatistics(db, { migrated: false });
    else await sql`ANALYZE`.execute(db);
    return {
      tenantId: big.tenantId,
      slug: big.slug,
      otherTenantId: small.tenantId,
      users: {
        coordinator: { id: big.coordinator.id, email: big.coordinator.email },
        dpo: { id: dpo.id, email: dpo.email },
        threeCases: { id: threeCases.id, email: threeCases.email },
        otherCoordinator: { id: small.coordinator.id, email: small.coordinator.email },
      },
      threeCaseIds,
      reportCaseId,
      trailUserId: big.professionals[1]!.id,
      searchReference,
      rows: { ...buffer.counts },
    };
  } finally {
    if (sqlite) await sql`PRAGMA synchronous = FULL`.execute(db);
  }
}
