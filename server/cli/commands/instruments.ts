import { readFile } from 'node:fs/promises';
import { loadInstruments, parseInstrumentFile, type InstrumentFile } from '../../modules/screening/index.ts';
import { CliError, type CliCommand } from '../command.ts';
import { options, withContext } from './shared.ts';

/** Reads and validates an instrument file (one instrument or a list); every problem is listed, nothing is written. */
async function readInstruments(file: string): Promise<InstrumentFile[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseInstrumentFile(raw);
  if (!parsed.success) {
    const lines = parsed.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new CliError(`Refused: ${file} is not a valid instrument file; nothing was loaded.\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const instrumentsLoadCommand: CliCommand = {
  words: ['instruments', 'load'],
  usage: 'instruments load <file.json>',
  summary: 'load screening instruments (nl/fr/en texts): changed content becomes a new active version; equal content changes nothing',
  async run(args, config, io) {
    const { positionals } = options(args, {}, true);
    if (positionals.length !== 1) throw new CliError('Usage: instruments load <file.json>', 2);
    const instruments = await readInstruments(positionals[0]!);
    return withContext(config, async (ctx) => {
      for (const outcome of await loadInstruments(ctx, instruments))
        io.out(
          outcome.outcome === 'added'
            ? `Instrument ${outcome.key}: version ${outcome.version} loaded and active`
            : `Instrument ${outcome.key}: unchanged (version ${outcome.version} is active)`,
        );
      return 0;
    });
  },
};
