#!/usr/bin/env node
// Entry point of the `partnertafel` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
await import('../server/cli/index.ts');
