import { MODULE_POLICIES } from '../modules/modules.ts';

/**
 * Every resource's policy, by name, gathered from the modules' manifests (server/modules/modules.ts):
 * an action is written `resource.verb`, and a rule is `(actor) => boolean` or
 * `(actor, facts) => boolean` (see authorize.ts). The set of rules is known and testable in one place.
 */
export const policies = MODULE_POLICIES;

type Verbs<Resource extends keyof typeof policies> = keyof (typeof policies)[Resource] & string;
export type PolicyAction = { [Resource in keyof typeof policies]: `${Resource}.${Verbs<Resource>}` }[keyof typeof policies];
