import { accountsPolicy } from '../modules/accounts/accounts.policy.ts';
import { auditPolicy } from '../modules/audit/audit.policy.ts';
import { casesPolicy } from '../modules/cases/cases.policy.ts';
import { tablesPolicy } from '../modules/tables/tables.policy.ts';

/**
 * Every resource's policy, by name. An action is written `resource.verb`; adding a resource means
 * adding its policy file here, so the set of rules is known and testable in one place.
 */
export const policies = {
  organisations: accountsPolicy.organisations,
  users: accountsPolicy.users,
  me: accountsPolicy.me,
  audit: auditPolicy.events,
  tables: tablesPolicy.tables,
  cases: casesPolicy.cases,
} as const;

type Verbs<Resource extends keyof typeof policies> = keyof (typeof policies)[Resource] & string;
export type PolicyAction = { [Resource in keyof typeof policies]: `${Resource}.${Verbs<Resource>}` }[keyof typeof policies];
