import { verifyAuditChain } from '../../modules/audit/index.ts';
import type { CliCommand } from '../command.ts';
import { options, withContext } from './shared.ts';

export const auditVerifyCommand: CliCommand = {
  words: ['audit', 'verify'],
  usage: 'audit verify [--json]',
  summary: 'check every audit chain; exit 1 naming the first modified, missing, inserted or reordered event and its chain',
  async run(args, config, io) {
    const { values } = options(args, { json: { type: 'boolean' } });
    return withContext(config, async (ctx) => {
      const result = await verifyAuditChain(ctx);
      if (values.json) io.out(JSON.stringify(result));
      else if (result.ok) {
        io.out(
          `Audit trail intact: ${result.events} events in ${result.segments} daily segments of ${result.chains.length} chains (${result.firstDay ?? '–'} to ${result.lastDay ?? '–'}).`,
        );
      } else {
        const broken = result.firstBreak!;
        const where = broken.eventId
          ? `event ${broken.eventId} (day ${broken.day}, seq ${broken.seq})`
          : `day ${broken.day}${broken.seq !== null ? `, seq ${broken.seq}` : ''}`;
        const chains = result.chains.filter((chain) => !chain.ok).map((chain) => chain.chain);
        io.err(`Audit trail BROKEN: ${broken.kind.replace(/_/g, ' ')} in chain ${broken.chain} at ${where}.`);
        if (chains.length > 1) io.err(`Broken chains: ${chains.join(', ')}.`);
      }
      return result.ok ? 0 : 1;
    });
  },
};
