import { serve } from '../../main.ts';
import type { CliCommand } from '../command.ts';
import { CliError } from '../command.ts';
import { options } from './shared.ts';

export const serveCommand: CliCommand = {
  words: ['serve'],
  usage: 'serve [--port N]',
  summary: 'run the web application (migrates first)',
  async run(args, config) {
    const { values } = options(args, { port: { type: 'string' } });
    const port = values.port === undefined ? config.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be a number from 0 to 65535', 2);
    const { stop } = await serve(config, { port, runJobs: true });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
    return 0;
  },
};
