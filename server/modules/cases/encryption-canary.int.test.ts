import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { writeBackup } from '../../db/backup.ts';
import { createOrganisation } from '../accounts/index.ts';
import { seedCaseWorld, type CaseWorld } from '../../test/case-world.ts';
import { dateForms, filesUnder, found, pgDump } from '../../test/canary-scan.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { addItem } from './add-item.ts';
import { closeCase, raiseDisclosure, reopenCase } from './change-case-state.ts';
import { createCase } from './create-case.ts';
import { listItems } from './list-items.ts';
import { recordConsent, withdrawConsent } from './manage-consents.ts';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { updateCase } from './update-case.ts';
import { listConsents } from './view-case-people.ts';
import { viewCase } from './view-case.ts';
import { viewTimeline } from './view-timeline.ts';

/**
 * The encryption canary: a unique marker goes into every sensitive field through the real use cases,
 * and then the bytes the database leaves behind (SQLite files before and after a checkpoint, a
 * PostgreSQL dump, a backup) must not contain one of them, in UTF-8 or UTF-16. Two controls keep the
 * test honest: the markers ARE readable through the use cases, and an unsealed string written to a
 * non-sensitive column IS found by the same scan.
 */

const marker = () => `CANARY-${randomBytes(12).toString('hex')}`;

/** A birth date no other value of the world uses (the world's own subject is born 2010-05-14). */
function uniqueDate(taken: Set<string>): string {
  for (;;) {
    const date = `${randomInt(2009, 2014)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
    if (!taken.has(date) && date !== '2010-05-14') {
      taken.add(date);
      return date;
    }
  }
}

interface Written {
  /** Every marker and every written form of the birth dates, by what it was written into. */
  readonly secrets: Record<string, string>;
  readonly control: string;
  readonly caseId: string;
  readonly anonymousCaseId: string;
}

/** Writes a marker into every sensitive field through the use cases. */
async function writeMarkers(ctx: AppContext, world: CaseWorld): Promise<{ written: Written; expect: Record<string, string> }> {
  const coordinator = world.users.coordinator.actor;
  const dates = new Set<string>();
  const m = {
    summaryFirst: marker(),
    summary: marker(),
    subjectGiven: marker(),
    subjectFamily: marker(),
    subjectBirth: uniqueDate(dates),
    parentGiven: marker(),
    parentFamily: marker(),
    parentBirth: uniqueDate(dates),
    item: marker(),
    consentPurpose: marker(),
    consentDocument: marker(),
    withdrawalReason: marker(),
    disclosureRationale: marker(),
    closureFirst: marker(),
    reopenReason: marker(),
    closure: marker(),
    anonymousSummary: marker(),
    ageException: marker(),
    raisedGiven: marker(),
    raisedFamily: marker(),
    raisedBirth: uniqueDate(dates),
    raiseRationale: marker(),
  };
  const created = await createCase(
    {
      input: {
        tableId: world.tables.minors,
        theme: 'school_dropout',
        summary: m.summaryFirst,
        identityDisclosure: 'restricted',
        subject: { givenName: m.subjectGiven, familyName: m.subjectFamily, birthDate: m.subjectBirth, gender: 'x' },
        contextPersons: [{ role: 'parent', givenName: m.parentGiven, familyName: m.parentFamily, birthDate: m.parentBirth }],
        caseOwnerOrganisationId: world.organisations.youthCare,
        referrerOrganisationId: world.organisations.education,
      },
    },
    coordinator,
    ctx,
  );
  const caseId = created.id;
  await updateCase({ caseId, expectedVersion: 1, input: { summary: m.summary } }, coordinator, ctx);
  await addItem({ caseId, input: { body: m.item, audience: 'table', legalBasis: 'art_458ter' } }, world.users.keyFigureThisTable.actor, ctx);
  const consent = await recordConsent(
    {
      caseId,
      input: {
        givenBy: 'parent',
        organisationIds: [world.organisations.welfare],
        purpose: m.consentPurpose,
        withFeedback: true,
        documentReference: m.consentDocument,
      },
    },
    coordinator,
    ctx,
  );
  await withdrawConsent(
    { caseId, consentId: consent.id, input: { withdrawnOn: ctx.clock.now().toISOString().slice(0, 10), reason: m.withdrawalReason } },
    coordinator,
    ctx,
  );
  await raiseDisclosure({ caseId, input: { level: 'table', rationale: m.disclosureRationale }, expectedVersion: null }, coordinator, ctx);
  await closeCase({ caseId, input: { outcome: 'goals_reached', rationale: m.closureFirst }, expectedVersion: null }, coordinator, ctx);
  await reopenCase({ caseId, input: { reason: m.reopenReason }, expectedVersion: null }, coordinator, ctx);
  await closeCase({ caseId, input: { outcome: 'regular_care', rationale: m.closure }, expectedVersion: null }, coordinator, ctx);
  const anonymous = await createCase(
    {
      input: {
        tableId: world.tables.minors,
        theme: 'other',
        summary: m.anonymousSummary,
        identityDisclosure: 'anonymous',
        subject: { ageBand: '25+' },
        contextPersons: [],
        ageExceptionReason: m.ageException,
      },
    },
    coordinator,
    ctx,
  );
  await raiseDisclosure(
    {
      caseId: anonymous.id,
      input: {
        level: 'restricted',
        rationale: m.raiseRationale,
        subject: { givenName: m.raisedGiven, familyName: m.raisedFamily, birthDate: m.raisedBirth },
      },
      expectedVersion: null,
    },
    coordinator,
    ctx,
  );
  // Not sensitive, so not sealed: the scan must find it, or it is not looking at the data.
  const control = `CONTROL-${randomBytes(12).toString('hex')}`;
  await createOrganisation(
    { input: { name: control, sector: 'community', secrecyRegime: 'none' } },
    ctx.system.operatorActor({ id: world.tenant.tenantId }),
    ctx,
  );
  const secrets: Record<string, string> = {};
  for (const [label, value] of Object.entries(m)) {
    if (label.endsWith('Birth')) dateForms(value).forEach((form, index) => (secrets[`${label}#${index}`] = form));
    else secrets[label] = value;
  }
  return { written: { secrets, control, caseId, anonymousCaseId: anonymous.id }, expect: m };
}

for (const target of databaseTargets()) {
  describe(`encryption canary on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: CaseWorld;
    let written: Written;
    let m: Record<string, string>;
    let directory: string;

    /** Asserts that the scan finds the control and none of the secrets. */
    function assertScan(blobs: readonly { name: string; bytes: Buffer }[], where: string): void {
      assert.ok(blobs.length > 0 && blobs.some((blob) => blob.bytes.length > 0), `${where}: something to scan`);
      assert.deepEqual(found(blobs, { control: written.control }), ['control'], `${where}: the unsealed control is found`);
      assert.deepEqual(found(blobs, written.secrets), [], `${where}: sensitive values in clear`);
    }

    before(async () => {
      env = await createTestEnvironment(target);
      directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-canary-'));
      world = await seedCaseWorld(env.ctx);
      const result = await writeMarkers(env.ctx, world);
      written = result.written;
      m = result.expect;
    });
    after(async () => {
      await env.dispose();
      rmSync(directory, { recursive: true, force: true });
    });

    test('positive control: every marker is readable through the use cases', async () => {
      const coordinator = world.users.coordinator.actor;
      const view = (await viewCase({ caseId: written.caseId }, coordinator, env.ctx)).data;
      assert.equal(view.summary, m.summary, 'view.summary is m.summary');
      assert.deepEqual(
        [view.subject.givenName, view.subject.familyName, view.subject.birthDate],
        [m.subjectGiven, m.subjectFamily, m.subjectBirth],
        '[view.subject.givenName, view.subject.familyName, view.subject.birthD… is [m.subjectGiven, m.subjectFamily, m.subjectBirth]',
      );
      const parent = view.contextPersons[0]!;
      assert.deepEqual(
        [parent.givenName, parent.familyName, parent.birthDate],
        [m.parentGiven, m.parentFamily, m.parentBirth],
        '[parent.givenName, parent.familyName, parent.birthDate] is [m.parentGiven, m.parentFamily, m.parentBirth]',
      );
      const raised = (await viewCase({ caseId: written.anonymousCaseId }, coordinator, env.ctx)).data;
      assert.equal(raised.summary, m.anonymousSummary, 'raised.summary is m.anonymousSummary');
      assert.deepEqual(
        [raised.subject.givenName, raised.subject.familyName, raised.subject.birthDate],
        [m.raisedGiven, m.raisedFamily, m.raisedBirth],
        '[raised.subject.givenName, raised.subject.familyName, raised.subject.… is [m.raisedGiven, m.raisedFamily, m.raisedBirth]',
      );
      const items = (await listItems({ caseId: written.caseId }, world.users.keyFigureThisTable.actor, env.ctx)).data;
      assert.deepEqual(
        items.map((item) => item.body),
        [m.item],
        'items.map((item) => item.body) is [m.item]',
      );
      const [consent] = await listConsents({ caseId: written.caseId }, coordinator, env.ctx);
      assert.deepEqual(
        [consent!.purpose, consent!.documentReference, consent!.withdrawalReason],
        [m.consentPurpose, m.consentDocument, m.withdrawalReason],
        'the consent’s purpose, document reference and withdrawal reason read back as written',
      );
      const texts = (await viewTimeline({ caseId: written.caseId }, coordinator, env.ctx)).flatMap((entry) => (entry.text ? [entry.text] : []));
      assert.deepEqual(texts, [m.disclosureRationale, m.closureFirst, m.reopenReason, m.closure], 'texts is exactly the 4 expected entries');
      const raisedTexts = (await viewTimeline({ caseId: written.anonymousCaseId }, coordinator, env.ctx)).flatMap((entry) =>
        entry.text ? [entry.text] : [],
      );
      assert.deepEqual(raisedTexts, [m.raiseRationale], 'raisedTexts is [m.raiseRationale]');
    });

    test('every sealed column of the cases module holds a marker (the canary covers its SEALED_COLUMNS)', async () => {
      const db = env.ctx.db as unknown as Kysely<Record<string, Record<string, string | null>>>;
      const opener = fieldOpener(env.ctx, world.tenant.tenantId);
      const markers = new Set(Object.values(m));
      for (const { table, column, field } of SEALED_COLUMNS.filter((entry) => entry.module === 'cases')) {
        const rows = await db.selectFrom(table).select(['id', column]).where('tenant_id', '=', world.tenant.tenantId).execute();
        const plain = await Promise.all(
          rows.flatMap((row) => (row[column] ? [opener.open(table, String(row.id), field as never, String(row[column]))] : [])),
        );
        assert.ok(
          plain.some((value) => markers.has(value)),
          `${table}.${column} holds a marker`,
        );
      }
    });

    if (target.kind === 'sqlite') {
      test('no marker in the SQLite files (database, WAL, shared memory) before and after a checkpoint, nor in DATA_DIR', () => {
        const databaseDirectory = path.dirname(env.database.location);
        const wal = `${env.database.location}-wal`;
        assert.ok(existsSync(wal) && statSync(wal).size > 0, 'the WAL holds recent writes before the checkpoint');
        assertScan([...filesUnder(databaseDirectory), ...filesUnder(env.ctx.config.dataDir)], 'before the checkpoint');
        env.database.handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
        assert.equal(statSync(wal).size, 0, 'the checkpoint emptied the WAL');
        assertScan([{ name: env.database.location, bytes: readFileSync(env.database.location) }], 'the database file after the checkpoint');
        assertScan(filesUnder(databaseDirectory), 'after the checkpoint');
      });
    } else {
      test('no marker in a pg_dump of the database, nor in DATA_DIR', async () => {
        const dump = { name: 'pg_dump', bytes: await pgDump(env.database.location) };
        assertScan([dump], 'pg_dump');
        assertScan([dump, ...filesUnder(env.ctx.config.dataDir)], 'pg_dump and DATA_DIR');
      });
    }

    test('no marker in a backup (decompressed)', async () => {
      const file = path.join(directory, 'canary.jsonl.gz');
      await writeBackup(env.database.handle, file);
      assertScan([{ name: file, bytes: gunzipSync(readFileSync(file)) }], 'backup');
    });
  });
}
