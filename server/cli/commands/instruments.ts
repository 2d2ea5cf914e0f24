import { readFile } from 'node:fs/promises';
import { instrumentFilesSchema, loadInstruments, type InstrumentFile } from '../../modules/screening/index.ts';
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
  const parsed = instrumentFilesSchema.safeParse(raw);
  if (!parsed.success) {
    // A union reports the branch that got furthest; show the object branch's issues for an object.
    const issues = Array.isArray(raw) ? parsed.error.issues : (instrumentFilesSchema.options[0].safeParse(raw).error?.issues ?? parsed.error.issues);
    const lines = issues.map((issue) => `  ${issue.path.length > 0 ? issue.path.join('.') : '(file)'}: ${issue.message}`);
    throw new CliError(`Refused: ${file} is not a valid instrument file; nothing was loaded.\n${lines.join('\n')}`);
  }
  const instruments = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  const keys = instruments.map((instrument) => instrument.key);
  const repeated = keys.filter((key, index) => keys.indexOf(key) !== index);
  if (repeated.length > 0) throw new CliError(`Refused: instrument key ${repeated[0]} is in the file more than once; nothing was loaded.`);
  return instruments;
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
