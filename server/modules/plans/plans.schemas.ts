import { z } from 'zod';
import { text } from '../../platform/strings.ts';
import { isoDate } from '../cases/index.ts';
import { AGREEMENT_STATUSES, NOT_DONE_REASONS, OBJECTIVE_STATUSES } from './plans.vocabulary.ts';

const id = text().trim().min(1).max(36);

export const objectiveCreateSchema = z
  .strictObject({
    title: text().trim().min(1).max(500).describe('What the objective is; stored encrypted'),
    dueDate: isoDate.optional().describe('By when (YYYY-MM-DD)'),
  })
  .describe('An objective of the case’s plan of approach');

export const objectiveStatusSchema = z.strictObject({ status: z.enum(OBJECTIVE_STATUSES).describe('open, achieved or dropped') });

/** The plan tab's status form: the status and the version it was changed against (the form's If-Match). */
export const objectiveStatusFormSchema = z.strictObject({
  status: z.enum(OBJECTIVE_STATUSES),
  version: z.coerce.number().int().min(1),
});

export const evaluationCreateSchema = z
  .strictObject({
    note: text({ multiline: true }).trim().min(1).max(4000).describe('The evaluation at this meeting (plan, do, check, act); stored encrypted'),
    meetingId: id
      .optional()
      .describe('The meeting where it was evaluated: a meeting of the case’s table, not cancelled, with the case on its agenda'),
  })
  .describe('A dated evaluation note on an objective');

export const agreementCreateSchema = z
  .strictObject({
    objectiveId: id.describe('The objective of this case the agreement serves'),
    organisationId: id.describe('The responsible organisation: it takes part in the case or sits at its table'),
    description: text({ multiline: true }).trim().min(1).max(2000).describe('What the organisation does; stored encrypted'),
    dueDate: isoDate.describe('By when (YYYY-MM-DD); the day after, an open agreement is overdue'),
    serviceId: id.optional().describe('A service of the social map the agreement links to (one of this network’s)'),
  })
  .describe('An agreement of one partner organisation');

export const agreementUpdateSchema = z
  .strictObject({
    status: z.enum(AGREEMENT_STATUSES).optional().describe('open, done or not_done'),
    reason: z.enum(NOT_DONE_REASONS).optional().describe('Only with not_done: circumstances_changed or organisation_did_not_act'),
    serviceId: id.nullable().optional().describe('Link to a service of the social map (one of this network’s), or null to unlink'),
  })
  .superRefine((value, issue) => {
    if (value.status === undefined && value.serviceId === undefined)
      issue.addIssue({ code: 'custom', path: ['status'], message: 'validation.required' });
    if (value.status === undefined && value.reason !== undefined)
      issue.addIssue({ code: 'custom', path: ['reason'], message: 'validation.plan.reason_only_not_done' });
    if (value.status === 'not_done' && value.reason === undefined)
      issue.addIssue({ code: 'custom', path: ['reason'], message: 'validation.plan.reason_required' });
    if (value.status !== undefined && value.status !== 'not_done' && value.reason !== undefined)
      issue.addIssue({ code: 'custom', path: ['reason'], message: 'validation.plan.reason_only_not_done' });
  })
  .describe('The state of an agreement and its link to a service of the social map (at least one of the two)');

export const actionPointsQuerySchema = z.strictObject({
  organisation: z.literal('mine').default('mine').describe('Only "mine": the caller’s organisation'),
});

// Output shapes, for the OpenAPI description.
export const evaluationOutput = z.object({
  id: z.string(),
  note: z.string(),
  authorName: z.string().nullable(),
  organisationName: z.string().nullable(),
  createdAt: z.string(),
  meetingId: z.string().nullable().describe('The meeting where it was evaluated, or null'),
  meetingDate: z.string().nullable().describe('That meeting’s day (YYYY-MM-DD, network time), or null'),
});

export const objectiveOutput = z.object({
  id: z.string(),
  caseId: z.string(),
  title: z.string(),
  dueDate: z.string().nullable(),
  status: z.enum(OBJECTIVE_STATUSES),
  version: z.number().int(),
  createdAt: z.string(),
  evaluations: z.array(evaluationOutput).nullable().describe('null when the caller is not in the table audience'),
});

export const agreementOutput = z.object({
  id: z.string(),
  caseId: z.string(),
  objectiveId: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  description: z.string().nullable().describe('null when the caller is neither in the table audience nor the responsible organisation'),
  dueDate: z.string(),
  status: z.enum(AGREEMENT_STATUSES),
  reason: z.enum(NOT_DONE_REASONS).nullable(),
  overdue: z.boolean(),
  remindedAt: z.string().nullable(),
  service: z
    .object({ id: z.string(), name: z.string(), provider: z.string(), contact: z.string().nullable(), conditions: z.string().nullable() })
    .nullable()
    .describe('The linked service of the social map: name, contact and conditions'),
  version: z.number().int(),
  abilities: z.object({ update: z.boolean() }),
});

export const planOutput = z.object({
  caseId: z.string(),
  reference: z.string(),
  objectives: z.array(objectiveOutput),
  agreements: z.array(agreementOutput),
  abilities: z.object({
    manage: z.boolean(),
    recordGap: z.boolean().describe('May record a gap of the social map from this case (no suitable offer found)'),
  }),
  meetingChoices: z
    .array(z.object({ id: z.string(), date: z.string() }))
    .nullable()
    .describe('For who may make the plan: the meetings an evaluation may be tied to (not cancelled, the case on the agenda); else null'),
  organisationChoices: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .nullable()
    .describe('For who may make the plan: the organisations an agreement may name (taking part in the case or its table); else null'),
  serviceChoices: z
    .array(z.object({ id: z.string(), label: z.string() }))
    .nullable()
    .describe('For who may make the plan: the services of the social map an agreement may link to; else null'),
});

export const actionPointOutput = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  description: z.string(),
  dueDate: z.string(),
  overdue: z.boolean(),
  service: z
    .object({ id: z.string(), name: z.string(), provider: z.string(), contact: z.string().nullable(), conditions: z.string().nullable() })
    .nullable()
    .describe('The linked service of the social map: name, contact and conditions'),
});

export const inventoryOutput = z.object({
  meetingId: z.string(),
  tableName: z.string(),
  startsAt: z.string(),
  timeZone: z.string(),
  doneAt: z.string().nullable().describe('When the organisation marked its inventory done, or null'),
  canComplete: z.boolean(),
  cases: z.array(
    z.object({
      caseId: z.string(),
      reference: z.string(),
      readable: z.boolean().describe('false when the caller may not read the case through the meeting: pseudonym only'),
      agreements: z.array(
        z.object({
          id: z.string(),
          description: z.string(),
          dueDate: z.string(),
          overdue: z.boolean(),
          version: z.number().int(),
          canUpdate: z.boolean(),
        }),
      ),
    }),
  ),
});

export type Inventory = z.infer<typeof inventoryOutput>;
export type ObjectiveCreate = z.infer<typeof objectiveCreateSchema>;
export type EvaluationCreate = z.infer<typeof evaluationCreateSchema>;
export type AgreementCreate = z.infer<typeof agreementCreateSchema>;
export type AgreementUpdate = z.infer<typeof agreementUpdateSchema>;
export type Objective = z.infer<typeof objectiveOutput>;
export type Agreement = z.infer<typeof agreementOutput>;
export type Plan = z.infer<typeof planOutput>;
export type ActionPoint = z.infer<typeof actionPointOutput>;
