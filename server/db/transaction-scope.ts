import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, TransactionBuilder } from 'kysely';

/**
 * Knows whether the running code is inside a transaction of a marked connection, so that writing an
 * audit event through the group commit from there fails at once instead of hanging: the batch needs a
 * connection of its own, and on SQLite the only one is the transaction's (ADR 0024).
 */
const insideWork = new AsyncLocalStorage<true>();

export function insideTransaction(): boolean {
  return insideWork.getStore() === true;
}

function marked<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (work: Parameters<TransactionBuilder<DB>['execute']>[0]) => insideWork.run(true, () => target.execute(work));
      }
      if (property === 'setIsolationLevel' || property === 'setAccessMode') {
        return (value: never) => marked(target[property](value));
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** Marks the transactions of this connection (the modules' guarded view: bootstrap.ts). */
export function markTransactions<DB>(db: Kysely<DB>): Kysely<DB> {
  const begin = db.transaction.bind(db);
  Object.defineProperty(db, 'transaction', { value: () => marked(begin()), configurable: true });
  return db;
}
