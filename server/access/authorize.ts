import { AppError } from '../platform/errors.ts';
import type { Actor } from './actor.ts';
import { policies, type PolicyAction } from './policy-registry.ts';

/** Answers whether the actor may perform an action; pure, no side effects. */
export function can<Action extends PolicyAction>(actor: Actor, action: Action): boolean {
  const [resource, verb] = action.split('.') as [keyof typeof policies, string];
  const policy = policies[resource] as Record<string, (actor: Actor) => boolean>;
  const rule = policy[verb];
  if (!rule) throw new Error(`No policy rule for ${action}`);
  return rule(actor);
}

/** Throws `forbidden` when the actor may not perform the action on a resource they can see. */
export function authorize(actor: Actor, action: PolicyAction): void {
  if (!can(actor, action)) throw new AppError('forbidden', [], { deniedAction: action });
}

/** The abilities object of API answers, computed from the same rules. */
export function abilities<Action extends PolicyAction>(actor: Actor, actions: readonly Action[]): Record<string, boolean> {
  return Object.fromEntries(actions.map((action) => [action.split('.')[1]!, can(actor, action)]));
}
