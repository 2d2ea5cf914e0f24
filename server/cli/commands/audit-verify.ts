import { verifyAuditChain } from '../../modules/audit/index.ts';
import type { CliCommand } from '../command.ts';
import { options, withContext } from './shared.ts';

export const auditVerifyCommand: CliCommand = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--json]',
  summary: 'check the audit trail; exit 1 naming the first modified, missing, inserted or reordered event',
  async run(args, config, io) {
    const { values } = options(args, { json: { type: 'boolean' } });
    return withContext(config, async (ctx) => {
      const result = await verifyAuditChain(ctx);
      if (values.json) io.out(JSON.stringify(result));
      else if (result.ok) {
        io.out(
          `Audit trail intact: ${result.events} events in ${result.segments} daily segments (${result.firstDay ?? '–'} to ${result.lastDay ?? '–'}).`,
        );
      } else {
        const broken = result.firstBreak!;
        const where = broken.eventId
          ? `event ${broken.eventId} (day ${broken.day}, seq ${broken.seq})`
          : `day ${broken.day}${broken.seq !== null ? `, seq ${broken.seq}` : ''}`;
        io.err(`Audit trail BROKEN: ${broken.kind.replace(/_/g, ' ')} at ${where}.`);
      }
      return result.ok ? 0 : 1;
    });
  },
};
