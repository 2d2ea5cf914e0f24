import type { Actor } from '../../access/actor.ts';
import { newId } from '../../platform/ids.ts';
import type { TestEnvironment } from '../../test/harness.ts';
import type { AuditAction } from './audit.actions.ts';
import { recordAuditEvent, subjectOf } from './record-audit-event.ts';

/**
 * Test data for the access report: a partner table and a case written straight into the database
 * (the cases module has its own tests), and case events as the cases module records them.
 * Used only by the access report tests.
 */
export async function seedReportCase(env: TestEnvironment, options: { tenantId: string; reference: string; createdBy: string }): Promise<string> {
  const db = env.database.handle.db;
  const now = env.clock.now().toISOString();
  const tableId = newId();
  await db
    .insertInto('partner_tables')
    .values({
      id: tableId,
      tenant_id: options.tenantId,
      name: `Tafel ${options.reference}`,
      audience: 'minors',
      purpose: 'Casusoverleg',
      legal_framework: 'art_458ter',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const caseId = newId();
  await db
    .insertInto('cases')
    .values({
      id: caseId,
      tenant_id: options.tenantId,
      table_id: tableId,
      reference: options.reference,
      theme: 'school_dropout',
      status: 'open',
      summary_sealed: 'k1.x.y.z',
      identity_disclosure: 'anonymous',
      case_owner_organisation_id: null,
      referrer_organisation_id: null,
      outcome: null,
      closure_rationale_sealed: null,
      closed_at: null,
      version: 1,
      created_by: options.createdBy,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return caseId;
}

/** One event about a case, recorded as the cases module does: case id, reference as pseudonym, purpose. */
export async function recordCaseEvent(
  env: TestEnvironment,
  actor: Actor,
  event: {
    action: AuditAction;
    caseId: string;
    reference: string;
    purpose?: string | null;
    decision?: 'permit' | 'deny';
    legalBasis?: string | null;
  },
): Promise<string> {
  return env.ctx.db.transaction().execute((trx) =>
    recordAuditEvent(trx, env.ctx, {
      subject: subjectOf(actor),
      action: event.action,
      resource: { type: 'case', id: event.caseId },
      caseId: event.caseId,
      personPseudonym: event.reference,
      purpose: event.purpose ?? null,
      legalBasis: event.legalBasis ?? null,
      decision: event.decision ?? 'permit',
    }),
  );
}
