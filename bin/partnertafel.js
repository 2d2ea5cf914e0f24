#!/usr/bin/env node
// Entry point of the `partnertafel` command: runs the precompiled CLI (dist/, see scripts/build.mjs),
// building it first only when there is no build yet or the sources changed since.
import { builtEntry } from '../scripts/build.mjs';

await import(await builtEntry('cli'));
