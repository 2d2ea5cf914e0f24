import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/authorize.ts';
import type { AppContext } from '../../context.ts';
import { fieldOpener } from '../../db/sealing.ts';
import { readSignal, type AuditedSignalRead } from './signal-door.ts';
import { threadOf, userNames, type SignalMessageRow } from './signal-messages.queries.ts';

/**
 * How a message's author is shown: the consult point, "you", or "the reporter" — never the anonymous
 * reporter's name. For a reporter who is known (named, or made themself known) the coordinator sees
 * the name of the account that wrote.
 */
export type MessageAuthor = 'consult_point' | 'you' | 'reporter';

export interface ThreadEntry {
  readonly id: string;
  readonly side: 'reporter' | 'coordinator';
  readonly kind: string;
  readonly author: MessageAuthor;
  /** Only for the coordinator, only for a message a known reporter wrote under their account. */
  readonly authorName: string | null;
  readonly body: string;
  readonly createdAt: string;
}

/** Who looks at the thread: the consult point, the reporter (signed in) or the visitor of the public form. */
export type ThreadViewer = 'coordinator' | 'reporter';

/** The entries of a thread as the viewer may see them (pure, given the opened bodies and names). */
export function presentThread(
  rows: readonly (SignalMessageRow & { body: string })[],
  viewer: ThreadViewer,
  names: ReadonlyMap<string, string>,
): ThreadEntry[] {
  return rows.map((row) => {
    const side = row.side === 'coordinator' ? 'coordinator' : 'reporter';
    const author: MessageAuthor = side === 'coordinator' ? 'consult_point' : viewer === 'reporter' ? 'you' : 'reporter';
    const authorName = viewer === 'coordinator' && side === 'reporter' && row.author_user_id ? (names.get(row.author_user_id) ?? null) : null;
    return { id: row.id, side, kind: row.kind, author, authorName, body: row.body, createdAt: row.created_at };
  });
}

/** Opens the bodies of a thread read through a recorded read. */
export async function openThread(ctx: AppContext, read: Parameters<typeof threadOf>[1]): Promise<(SignalMessageRow & { body: string })[]> {
  const rows = await threadOf(ctx.db, read);
  const opener = fieldOpener(ctx, read.row.tenant_id);
  return Promise.all(rows.map(async (row) => ({ ...row, body: await opener.open('signal_messages', row.id, 'body', row.body_sealed) })));
}

export interface SignalThread {
  readonly read: AuditedSignalRead;
  readonly viewer: ThreadViewer;
  readonly messages: ThreadEntry[];
  readonly abilities: { readonly message: boolean; readonly requestDisclosure: boolean; readonly answerDisclosure: boolean };
}

/** The reply channel of a signal, read through the door: ONE `signal.viewed` {part: messages} first. */
export async function listSignalMessages(options: { signalId: string }, actor: Actor, ctx: AppContext): Promise<SignalThread> {
  const read = await readSignal(ctx, actor, options.signalId, 'messages');
  const viewer: ThreadViewer = read.relation.coordinator ? 'coordinator' : 'reporter';
  const rows = await openThread(ctx, read);
  const authorIds =
    viewer === 'coordinator' ? rows.flatMap((row) => (row.side === 'reporter' && row.author_user_id ? [row.author_user_id] : [])) : [];
  const names = await userNames(ctx.db, read.row.tenant_id, authorIds);
  const anonymous = read.row.reporter_anonymous === 1;
  return {
    read,
    viewer,
    messages: presentThread(rows, viewer, names),
    abilities: {
      message: can(actor, 'signals.message', read.facts),
      requestDisclosure:
        can(actor, 'signals.requestDisclosure', read.facts) &&
        anonymous &&
        read.row.reporter_lookup !== null &&
        read.row.disclosure_status !== 'asked',
      answerDisclosure: viewer === 'reporter' && can(actor, 'signals.answerDisclosure', read.facts) && read.row.disclosure_status === 'asked',
    },
  };
}
