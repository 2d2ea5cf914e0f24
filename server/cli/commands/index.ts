import type { CliCommand } from '../command.ts';
import { auditVerifyCommand } from './audit-verify.ts';
import { backupCommand } from './backup.ts';
import { demoCommand } from './demo.ts';
import { instrumentsLoadCommand } from './instruments.ts';
import { jobsCancelCommand, jobsListCommand, jobsRetryCommand } from './jobs.ts';
import { keysRotateCommand } from './keys-rotate.ts';
import { migrateCommand } from './migrate.ts';
import { orgCreateCommand } from './org-create.ts';
import { restoreCommand } from './restore.ts';
import { serveCommand } from './serve.ts';
import { tenantCreateCommand } from './tenant-create.ts';
import { tokenCreateCommand } from './token-create.ts';
import { userCreateCommand } from './user-create.ts';

/** Every command of the `partnertafel` CLI (API.md "CLI"). */
export const commands: readonly CliCommand[] = [
  migrateCommand,
  serveCommand,
  tenantCreateCommand,
  orgCreateCommand,
  userCreateCommand,
  tokenCreateCommand,
  auditVerifyCommand,
  keysRotateCommand,
  backupCommand,
  restoreCommand,
  demoCommand,
  jobsListCommand,
  jobsRetryCommand,
  jobsCancelCommand,
  instrumentsLoadCommand,
];
