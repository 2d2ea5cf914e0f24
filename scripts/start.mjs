#!/usr/bin/env node
// `npm start`: runs the precompiled server (dist/, see scripts/build.mjs), building it first only when
// there is no build yet or the sources changed since. No TypeScript is transpiled at start.
import { builtEntry } from './build.mjs';

const { main } = await import(await builtEntry('main'));
await main();
