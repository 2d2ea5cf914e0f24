import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { writeBackup } from '../../db/backup.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { SEALED_COLUMNS } from '../../db/sealed-columns.ts';
import { createOrganisation } from '../accounts/index.ts';
import { rotateFieldKeys } from '../cases/index.ts';
import { answerInquiry, createInquiry, viewInquiry } from '../inquiries/index.ts';
import { listScreenings, recordScreening } from '../screening/index.ts';
import { dateForms, filesUnder, found, pgDump, type Blob } from '../../test/canary-scan.ts';
import { databaseTargets } from '../../test/databases.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness.ts';
import { seedSignalWorld, type SignalWorld } from '../../test/signal-world.ts';
import { createSignal, decideSignal, registerSignal, sendSignalMessage, viewSignal } from './index.ts';
import { listSignalMessages } from './list-signal-messages.ts';

/**
 * The consult point's encryption canary: a unique marker goes into every sealed column of the
 * signals, screening and inquiries modules through the real use cases (a teacher's signal with its
 * description and subject, a signal the coordinator registers on behalf of a caller with the caller's
 * details as free text, a screening, messages both ways, a decision's rationale, a named inquiry with
 * its purpose, its copy of the subject and an answer's note). The markers read back through the use
 * cases; then the bytes the database leaves behind (SQLite files with the WAL before and after a
 * checkpoint, a pg_dump), DATA_DIR and a backup must not hold one of them, in UTF-8 or UTF-16, while a control
 * written to a clear column IS found. Last, a field-key rotation re-encrypts the consult point's
 * tables and everything still reads back.
 */

const CONSULT_POINT_MODULES = new Set(['signals', 'screening', 'inquiries']);
const marker = () => `CONSULT-CANARY-${randomBytes(12).toString('hex')}`;

/** A birth date in a year nothing else of the world uses (the world's people are born 2009–2014, timestamps are in the 2020s). */
function oldDate(): string {
  return `19${randomInt(30, 60)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
}

for (const target of databaseTargets()) {
  describe(`the consult point's encryption canary and key rotation on ${target.kind}`, () => {
    let env: TestEnvironment;
    let world: SignalWorld;
    const m = {
      description: marker(),
      subjectGiven: marker(),
      subjectFamily: marker(),
      subjectBirth: oldDate(),
      onBehalfDescription: marker(),
      reporterName: marker(),
      reporterOrganisation: marker(),
      reporterContact: marker(),
      screeningFact: marker(),
      screeningUnknown: marker(),
      screeningRationale: marker(),
      coordinatorMessage: marker(),
      reporterMessage: marker(),
      decisionRationale: marker(),
      inquiryPurpose: marker(),
      answerNote: marker(),
    };
    const secrets: Record<string, string> = {};
    for (const [label, value] of Object.entries(m)) {
      if (label.endsWith('Birth')) dateForms(value).forEach((form, index) => (secrets[`${label}#${index}`] = form));
      else secrets[label] = value;
    }
    const control = `CONSULT-CONTROL-${randomBytes(12).toString('hex')}`;
    let signalId = '';
    let onBehalfId = '';
    let inquiryId = '';

    /** The scan finds the control and none of the markers. */
    const assertScan = (blobs: readonly Blob[], where: string) => {
      assert.ok(blobs.length > 0 && blobs.some((blob) => blob.bytes.length > 0), `${where}: there are bytes to scan`);
      assert.deepEqual(found(blobs, { control }), ['control'], `${where}: the control marker in a clear column is found (the scan works)`);
      assert.deepEqual(found(blobs, secrets), [], `${where}: no consult point marker is stored in clear`);
    };
    const scanDatabase = async (when: string) => {
      if (target.kind === 'sqlite') {
        const directory = path.dirname(env.database.location);
        const wal = `${env.database.location}-wal`;
        assert.ok(existsSync(wal) && statSync(wal).size > 0, `${when}: the WAL holds recent writes before the checkpoint`);
        assertScan([...filesUnder(directory), ...filesUnder(env.ctx.config.dataDir)], `${when}, SQLite files and DATA_DIR before the checkpoint`);
        env.database.handle.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
        assert.equal(statSync(wal).size, 0, `${when}: the checkpoint emptied the WAL`);
        assertScan([{ name: env.database.location, bytes: readFileSync(env.database.location) }], `${when}, the database file after the checkpoint`);
        assertScan(filesUnder(directory), `${when}, SQLite files after the checkpoint`);
      } else {
        const dump = { name: 'pg_dump', bytes: await pgDump(env.database.location) };
        assertScan([dump, ...filesUnder(env.ctx.config.dataDir)], `${when}, pg_dump and DATA_DIR`);
      }
    };

    /** Every marker reads back through the use cases that own it. */
    const assertReadBack = async (when: string) => {
      const coordinator = world.coordinator.actor;
      const { signal } = await viewSignal({ signalId, part: 'api' }, coordinator, env.ctx);
      assert.equal(signal.description, m.description, `${when}: the description reads back`);
      assert.deepEqual(
        signal.subject,
        { givenName: m.subjectGiven, familyName: m.subjectFamily, birthDate: m.subjectBirth },
        `${when}: the subject's names and birth date read back`,
      );
      assert.equal(signal.decisionRationale, m.decisionRationale, `${when}: the decision's rationale reads back`);
      const onBehalf = (await viewSignal({ signalId: onBehalfId, part: 'api' }, coordinator, env.ctx)).signal;
      assert.equal(onBehalf.description, m.onBehalfDescription, `${when}: the description of the signal registered on behalf reads back`);
      assert.deepEqual(
        onBehalf.reporter,
        { anonymous: false, name: m.reporterName, organisation: m.reporterOrganisation, contact: m.reporterContact },
        `${when}: the caller's details (free text, sealed) read back for the coordinator`,
      );
      const thread = await listSignalMessages({ signalId }, coordinator, env.ctx);
      const bodies = thread.messages.map((message) => message.body);
      for (const body of [m.coordinatorMessage, m.reporterMessage])
        assert.ok(bodies.includes(body), `${when}: the message ${body} reads back (${JSON.stringify(bodies)})`);
      const { screenings } = await listScreenings({ signalId, part: 'api' }, coordinator, env.ctx, 'en');
      assert.equal(screenings.length, 1, `${when}: the one screening is listed`);
      assert.deepEqual(
        screenings[0]!.answers,
        { 'behaviour.observation': [{ fact: m.screeningFact, factor: 'risk', unknown: m.screeningUnknown }] },
        `${when}: the screening answers read back`,
      );
      assert.equal(screenings[0]!.judgement.rationale, m.screeningRationale, `${when}: the screening rationale reads back`);
      const asked = (await viewInquiry({ id: inquiryId }, world.police.actor, env.ctx)).detail;
      assert.equal(asked.purpose, m.inquiryPurpose, `${when}: the asked organisation reads the inquiry's purpose`);
      assert.deepEqual(
        asked.subject,
        { givenName: m.subjectGiven, familyName: m.subjectFamily, birthDate: m.subjectBirth },
        `${when}: the asked organisation reads the inquiry's copy of the subject`,
      );
      const answers = (await viewInquiry({ id: inquiryId }, coordinator, env.ctx)).detail.asked;
      assert.deepEqual(
        answers.map((question) => question.answer.note),
        [m.answerNote],
        `${when}: the coordinator reads the answer's note`,
      );
    };

    before(async () => {
      env = await createTestEnvironment(target);
      world = await seedSignalWorld(env);
      const ctx = env.ctx;
      const coordinator = world.coordinator.actor;
      signalId = (
        await createSignal(
          {
            input: {
              kind: 'concern',
              theme: 'radicalisation',
              description: m.description,
              reporterAnonymous: false,
              subject: { givenName: m.subjectGiven, familyName: m.subjectFamily, birthDate: m.subjectBirth },
            },
          },
          world.teacher.actor,
          ctx,
        )
      ).id;
      onBehalfId = (
        await registerSignal(
          {
            input: {
              kind: 'consult',
              theme: 'other',
              description: m.onBehalfDescription,
              channel: 'phone',
              reporterAnonymous: false,
              reporter: { name: m.reporterName, organisation: m.reporterOrganisation, contact: m.reporterContact },
            },
          },
          coordinator,
          ctx,
        )
      ).id;
      const instrument = await ctx.db
        .selectFrom('screening_instruments')
        .select('id')
        .where('key', '=', 'observation')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      await recordScreening(
        {
          signalId,
          body: {
            instrumentId: instrument.id,
            answers: { 'behaviour.observation': [{ fact: m.screeningFact, factor: 'risk', unknown: m.screeningUnknown }] },
            judgement: { wellbeingVulnerable: false, radicalisationVulnerable: true, urgency: 'medium', rationale: m.screeningRationale },
          },
        },
        coordinator,
        ctx,
      );
      await sendSignalMessage({ signalId, input: { body: m.coordinatorMessage } }, coordinator, ctx);
      await sendSignalMessage({ signalId, input: { body: m.reporterMessage } }, world.teacher.actor, ctx);
      await decideSignal({ signalId, input: { outcome: 'shared_concern', rationale: m.decisionRationale } }, coordinator, ctx);
      inquiryId = (
        await createInquiry(
          { input: { signalId, mode: 'named', organisationIds: [world.organisations.police], purpose: m.inquiryPurpose, legalBasis: 'art_458ter' } },
          coordinator,
          ctx,
        )
      ).id;
      await answerInquiry({ id: inquiryId, input: { known: 'no', note: m.answerNote } }, world.police.actor, ctx);
      // Not sensitive, so not sealed: the scan must find it, or it is not looking at the data.
      await createOrganisation(
        { input: { name: control, sector: 'community', secrecyRegime: 'none' } },
        ctx.system.operatorActor({ id: world.tenant.tenantId }),
        ctx,
      );
    });
    after(async () => {
      await env.dispose();
    });

    test('positive control: every marker reads back through the use cases', async () => {
      await assertReadBack('as written');
    });

    test('every consult point entry of SEALED_COLUMNS (signals, screening, inquiries) holds a marker', async () => {
      const entries = SEALED_COLUMNS.filter((entry) => CONSULT_POINT_MODULES.has(entry.module));
      assert.deepEqual(
        [...new Set(entries.map((entry) => entry.module))].sort(),
        ['inquiries', 'screening', 'signals'],
        'SEALED_COLUMNS lists sealed columns of all three consult point modules',
      );
      const db = env.ctx.db as unknown as Kysely<Record<string, Record<string, string | null>>>;
      const opener = fieldOpener(env.ctx, world.tenant.tenantId);
      const markers = Object.values(m);
      const empty: string[] = [];
      for (const { table, column, field } of entries) {
        const rows = await db.selectFrom(table).select(['id', column]).where('tenant_id', '=', world.tenant.tenantId).execute();
        const plain = await Promise.all(
          rows.flatMap((row) => (row[column] ? [opener.open(table, String(row.id), field as never, String(row[column]))] : [])),
        );
        // A sealed JSON value (reporter details, screening answers, the inquiry's subject copy) holds its markers inside.
        if (!plain.some((value) => markers.some((written) => value.includes(written)))) empty.push(`${table}.${column}`);
      }
      assert.deepEqual(empty, [], 'every sealed column of the consult point holds a marker (the canary covers them all)');
    });

    test('no marker in the database files or dump, nor in DATA_DIR', async () => {
      await scanDatabase('after writing');
    });

    test('no marker in a backup (decompressed)', async () => {
      const directory = mkdtempSync(path.join(tmpdir(), 'partnertafel-consult-canary-'));
      try {
        const file = path.join(directory, 'canary.jsonl.gz');
        await writeBackup(env.database.handle, file);
        assertScan([{ name: file, bytes: gunzipSync(readFileSync(file)) }], 'the backup');
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    test('a field-key rotation re-encrypts the consult point tables; description, messages, screening and inquiry still read back', async () => {
      const rotation = await rotateFieldKeys({ tenantId: world.tenant.tenantId, batchSize: 2 }, env.ctx);
      assert.equal(rotation.remaining, 0, 'the rotation leaves no value sealed with the old key');
      assert.ok(rotation.version > 1, 'the rotation made a new key version');
      const db = env.ctx.db as unknown as Kysely<Record<string, Record<string, string | null>>>;
      for (const { table, column } of SEALED_COLUMNS.filter((entry) => CONSULT_POINT_MODULES.has(entry.module))) {
        const values = (await db.selectFrom(table).select(column).where('tenant_id', '=', world.tenant.tenantId).execute())
          .map((row) => row[column])
          .filter((value): value is string => value !== null);
        assert.ok(values.length > 0, `${table}.${column} holds sealed values to rotate`);
        assert.deepEqual(
          values.filter((value) => !value.startsWith(`k${rotation.version}.`)),
          [],
          `every value of ${table}.${column} is sealed with the new key version ${rotation.version}`,
        );
      }
      await assertReadBack('after the rotation');
      await scanDatabase('after the rotation');
    });
  });
}
