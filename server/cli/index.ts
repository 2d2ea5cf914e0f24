import { ConfigError, loadConfig } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { translator } from '../ui/i18n.ts';
import { CliError, type CliCommand, type CliIo } from './command.ts';
import { commands } from './commands/index.ts';

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

function usage(io: CliIo): void {
  io.err('Usage: partnertafel <command> [options]\n');
  for (const command of commands) io.err(`  ${command.usage.padEnd(60)} ${command.summary}`);
}

function findCommand(argv: readonly string[]): { command: CliCommand; rest: readonly string[] } | null {
  const sorted = [...commands].sort((a, b) => b.words.length - a.words.length);
  for (const command of sorted) {
    if (command.words.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(command.words.length) };
  }
  return null;
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    usage(io);
    return 2;
  }
  try {
    const config = loadConfig(env);
    return await found.command.run(found.rest, config, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof CliError) {
      io.err(error.message);
      if (error.exitCode === 2) io.err(`Usage: partnertafel ${found.command.usage}`);
      return error.exitCode;
    }
    if (error instanceof AppError) {
      const english = translator('en');
      const details = error.issues.map((issue) => `${issue.path}: ${english(issue.messageKey, issue.values)}`).join('; ');
      io.err(`Refused: ${error.code}${details ? ` (${details})` : ''}`);
      return 1;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(error.message);
      io.err(`Usage: partnertafel ${found.command.usage}`);
      return 2;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('partnertafel.js') || process.argv[1]?.endsWith('/partnertafel')) {
  const argv = process.argv.slice(2);
  runCli(argv).then(
    (code) => {
      // `serve` keeps running; every other command ends here.
      if (argv[0] !== 'serve') process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
