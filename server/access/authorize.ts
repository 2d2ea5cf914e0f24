import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { policies, type PolicyAction } from './policy-registry.ts';

/**
 * One policy form for every rule (docs/architecture.md, "One policy form"): a rule is
 * `(actor) => boolean` when the role decides, or `(actor, facts) => boolean` when a record decides.
 * The facts a rule needs are part of its type, so `can(actor, 'cases.update')` without the case does
 * not compile, and `can(actor, 'users.list', something)` does not either.
 */
type RuleOf<Action extends PolicyAction> = Action extends `${infer Resource}.${infer Verb}`
  ? Resource extends keyof typeof policies
    ? Verb extends keyof (typeof policies)[Resource]
      ? (typeof policies)[Resource][Verb]
      : never
    : never
  : never;

/** The facts an action's rule takes: none for role rules, one value for record rules. */
export type FactsOf<Action extends PolicyAction> = Action extends PolicyAction
  ? RuleOf<Action> extends (...args: infer Args) => boolean
    ? Args extends [Actor, infer Facts]
      ? [facts: Facts]
      : []
    : never
  : never;

type AnyRule = (actor: Actor, facts?: unknown) => boolean;

function ruleFor(action: string): AnyRule {
  const [resource, verb] = action.split('.') as [string, string];
  const policy = (policies as Record<string, Record<string, AnyRule>>)[resource];
  const rule = policy?.[verb];
  if (!rule) throw new Error(`No policy rule for ${action}`);
  return rule;
}

/** Answers whether the actor may perform an action; pure, no side effects. */
export function can<Action extends PolicyAction>(actor: Actor, action: Action, ...facts: FactsOf<Action>): boolean {
  return ruleFor(action)(actor, (facts as unknown[])[0]);
}

/** Throws `forbidden` when the actor may not perform the action on a resource they can see. */
export function authorize<Action extends PolicyAction>(actor: Actor, action: Action, ...facts: FactsOf<Action>): void {
  if (!can(actor, action, ...facts)) throw new AppError('forbidden', [], { deniedAction: action });
}

/** Role-only actions (the ones `abilities()` and navigation can answer without a record). */
export type RoleAction = { [Action in PolicyAction]: FactsOf<Action> extends [] ? Action : never }[PolicyAction];

/** The abilities object of API answers, computed from the same rules. */
export function abilities<Action extends RoleAction>(actor: Actor, actions: readonly Action[]): Record<string, boolean> {
  return Object.fromEntries(actions.map((action: string) => [action.split('.')[1]!, ruleFor(action)(actor)]));
}
