// @ts-check
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries (docs/architecture.md): a module is entered only through its index.ts (the
 * policy registry may read *.policy.ts files), and modules never touch the raw database handle —
 * they get the tenant-guarded connection from the AppContext.
 */
const moduleBoundaries = {
  meta: { type: 'problem', messages: { internal: '{{detail}}' }, schema: [] },
  create(context) {
    const file = context.filename;
    const modulesRoot = path.resolve('server/modules') + path.sep;
    const ownModule = file.startsWith(modulesRoot) ? file.slice(modulesRoot.length).split(path.sep)[0] : null;
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (!source.startsWith('.')) return;
        const target = path.resolve(path.dirname(file), source);
        // The module list and the manifest contract sit beside the modules and may be read by anyone.
        const shared = ['modules.ts', 'module-manifest.ts'].map((name) => path.join(modulesRoot, name));
        if (target.startsWith(modulesRoot) && !shared.includes(target)) {
          const [targetModule, ...rest] = target.slice(modulesRoot.length).split(path.sep);
          const inner = rest.join('/');
          const fromModuleList = file === path.join(modulesRoot, 'modules.ts') && inner.endsWith('.manifest.ts');
          if (targetModule !== ownModule && inner !== 'index.ts' && !fromModuleList) {
            context.report({ node, messageId: 'internal', data: { detail: `Import module "${targetModule}" through its index.ts, not ${inner}` } });
          }
        }
        if (ownModule && target === path.resolve('server/db/database.ts')) {
          context.report({ node, messageId: 'internal', data: { detail: 'Modules use ctx.db (tenant-guarded), never server/db/database.ts' } });
        }
      },
    };
  },
};

/**
 * Table ownership (docs/architecture.md, "Who owns which table"): a module queries only the tables it
 * owns, and reaches another module's data through that module's index.ts. The accounts module's
 * directory tables (users, organisations, their roles, tenants) may be read by every module — names
 * and organisations are everyone's vocabulary — but written by accounts alone. Case content (items,
 * consents, persons, participants, timeline) is selected only in the cases module's queries file,
 * behind the door (`readCase` → `AuditedCaseRead`).
 */
export const TABLE_OWNERS = {
  tenants: 'accounts',
  organisations: 'accounts',
  users: 'accounts',
  user_roles: 'accounts',
  recovery_codes: 'accounts',
  sessions: 'accounts',
  api_tokens: 'accounts',
  user_tokens: 'accounts',
  sign_in_throttles: 'accounts',
  installation_claims: 'accounts',
  audit_events: 'audit',
  audit_segments: 'audit',
  denial_counters: 'audit',
  tenant_keys: 'cases',
  partner_tables: 'tables',
  table_members: 'tables',
  partner_table_revisions: 'tables',
  case_sequences: 'cases',
  cases: 'cases',
  case_persons: 'cases',
  case_participants: 'cases',
  case_consents: 'cases',
  case_items: 'cases',
  case_events: 'cases',
  case_visits: 'cases',
  jobs: 'jobs',
  screening_instruments: 'screening',
  screenings: 'screening',
  signal_sequences: 'signals',
  signals: 'signals',
  signal_messages: 'signals',
  inquiries: 'inquiries',
  inquiry_questions: 'inquiries',
  client_register_uploads: 'inquiries',
  client_register_entries: 'inquiries',
  meeting_schedules: 'meetings',
  meetings: 'meetings',
  meeting_invitations: 'meetings',
  calendar_feeds: 'meetings',
  meeting_attestations: 'meetings',
  table_modality_confirmations: 'tables',
  case_handover_tasks: 'cases',
  meeting_agenda_items: 'meetings',
  meeting_attendance: 'meetings',
  meeting_minute_entries: 'minutes',
  meeting_inventory_tasks: 'meetings',
  plan_objectives: 'plans',
  plan_evaluations: 'plans',
  plan_agreements: 'plans',
  feedback_forms: 'feedback',
  feedback_approvals: 'feedback',
  plan_action_point_mails: 'plans',
  directory_organisations: 'directory',
  directory_services: 'directory',
  directory_service_themes: 'directory',
  directory_service_languages: 'directory',
  directory_locations: 'directory',
  directory_service_locations: 'directory',
  directory_gaps: 'directory',
  directory_settings: 'directory',
};
const DIRECTORY_TABLES = new Set(['tenants', 'organisations', 'users', 'user_roles']);
const CASE_CONTENT_TABLES = new Set(['case_persons', 'case_participants', 'case_consents', 'case_items', 'case_events']);
/** The cases module's query files (`*.queries.ts`): the only places that select case content. */
const CASE_CONTENT_QUERIES = /server[\\/]modules[\\/]cases[\\/][^\\/]+\.queries\.ts$/;
/**
 * Known reads across an ownership line, each with its reason; the list may only shrink.
 * - audit → cases, case_persons: the DPO's access report finds a case by reference and a person's
 *   cases by blind index (ids and references only, never content); moving it behind a port of the
 *   cases module is planned with the module manifest.
 */
const CROSSINGS = new Set(['audit/audit.queries.ts→cases', 'audit/audit.queries.ts→case_persons']);
const READS = new Set(['selectFrom', 'innerJoin', 'leftJoin']);
const WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom']);

const tableOwnership = {
  meta: { type: 'problem', messages: { owner: '{{detail}}' }, schema: [] },
  create(context) {
    const file = context.filename;
    const modulesRoot = path.resolve('server/modules') + path.sep;
    if (!file.startsWith(modulesRoot) || /\.test\.tsx?$|-fixtures\.ts$/.test(file)) return {};
    const inner = file.slice(modulesRoot.length).split(path.sep);
    const ownModule = inner[0];
    const relative = inner.join('/');
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const method = callee.property.name;
        if (!READS.has(method) && !WRITES.has(method)) return;
        const first = node.arguments[0];
        if (!first || first.type !== 'Literal' || typeof first.value !== 'string') return;
        const table = first.value.split(' ')[0];
        const owner = TABLE_OWNERS[table];
        if (!owner) return;
        const report = (detail) => context.report({ node, messageId: 'owner', data: { detail } });
        if (CROSSINGS.has(`${relative}→${table}`)) return;
        if (CASE_CONTENT_TABLES.has(table) && READS.has(method) && !CASE_CONTENT_QUERIES.test(file)) {
          report(`Case content (${table}) is read only in the cases module's *.queries.ts files, behind the door (readCase)`);
          return;
        }
        if (owner === ownModule) return;
        if (DIRECTORY_TABLES.has(table) && READS.has(method)) return;
        report(`Table ${table} belongs to the ${owner} module; use what its index.ts exports`);
      },
    };
  },
};

/**
 * Every assertion says what it expected (CONTRIBUTING: "honest tests"), so a failure reads as a
 * sentence instead of a bare diff. Applies to calls on a binding imported from node:assert or
 * node:assert/strict (default, namespace or named import), e.g. `assert.equal(...)`, `assert(...)`,
 * `ok(...)`. The message is the argument after the compared values:
 *   - assert(value, message), assert.ok(value, message): 2 arguments;
 *   - equal, notEqual, strictEqual, notStrictEqual, deepEqual, notDeepEqual, deepStrictEqual,
 *     notDeepStrictEqual, partialDeepStrictEqual (actual, expected, message): 3;
 *   - match, doesNotMatch (string, regexp, message): 3;
 *   - throws, rejects, doesNotThrow, doesNotReject (fn[, error][, message]): 3 when an error
 *     validator is given; 2 when the second argument is the message itself, which is recognised
 *     only as a string or template literal (anything else in second place is a validator);
 *   - fail(message): 1.
 * ifError has no message parameter and is not checked. A message may not be an empty string.
 */
const ASSERTION_ARITY = {
  assert: 2,
  ok: 2,
  equal: 3,
  notEqual: 3,
  strictEqual: 3,
  notStrictEqual: 3,
  deepEqual: 3,
  notDeepEqual: 3,
  deepStrictEqual: 3,
  notDeepStrictEqual: 3,
  partialDeepStrictEqual: 3,
  match: 3,
  doesNotMatch: 3,
  throws: 'fn',
  rejects: 'fn',
  doesNotThrow: 'fn',
  doesNotReject: 'fn',
  fail: 1,
};
const ASSERT_MODULES = new Set(['node:assert', 'node:assert/strict', 'assert', 'assert/strict']);
const isStringLiteral = (node) => (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';

const assertionMessage = {
  meta: {
    type: 'suggestion',
    messages: {
      missing: '{{name}}(...) needs a message saying what was expected, as argument {{position}}.',
      empty: 'The message of {{name}}(...) is empty; say what was expected.',
    },
    schema: [],
  },
  create(context) {
    /** Local names of the assert module itself (default/namespace imports). */
    const modules = new Set();
    /** Local name → assertion name, for named imports (`import { equal } from 'node:assert/strict'`). */
    const named = new Map();
    function check(node, name) {
      const arity = ASSERTION_ARITY[name];
      if (arity === undefined) return;
      const args = node.arguments;
      if (args.some((argument) => argument.type === 'SpreadElement')) return;
      let position = arity;
      if (arity === 'fn') position = args.length === 2 && isStringLiteral(args[1]) ? 2 : 3;
      const label = name === 'assert' ? 'assert' : `assert.${name}`;
      if (args.length < position) {
        const where = arity === 'fn' && args.length < 2 ? '2 (or 3, after an error validator)' : String(position);
        context.report({ node, messageId: 'missing', data: { name: label, position: where } });
        return;
      }
      const message = args[position - 1];
      const emptyLiteral = message.type === 'Literal' && message.value === '';
      const emptyTemplate = message.type === 'TemplateLiteral' && message.expressions.length === 0 && message.quasis[0].value.cooked === '';
      if (emptyLiteral || emptyTemplate) context.report({ node: message, messageId: 'empty', data: { name: label } });
    }
    return {
      ImportDeclaration(node) {
        if (!ASSERT_MODULES.has(String(node.source.value))) return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportDefaultSpecifier' || specifier.type === 'ImportNamespaceSpecifier') modules.add(specifier.local.name);
          else if (specifier.imported.name === 'strict' || specifier.imported.name === 'default') modules.add(specifier.local.name);
          else named.set(specifier.local.name, specifier.imported.name);
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier') {
          if (modules.has(callee.name)) check(node, 'assert');
          else if (named.has(callee.name)) check(node, named.get(callee.name));
        } else if (
          callee.type === 'MemberExpression' &&
          !callee.computed &&
          callee.object.type === 'Identifier' &&
          modules.has(callee.object.name) &&
          callee.property.type === 'Identifier'
        ) {
          check(node, callee.property.name);
        }
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'public/htmx*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: {
      partnertafel: { rules: { 'module-boundaries': moduleBoundaries, 'table-ownership': tableOwnership, 'assertion-message': assertionMessage } },
    },
    rules: {
      'partnertafel/module-boundaries': 'error',
      'partnertafel/table-ownership': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // Raw SQL is invisible to the tenant guard: modules build every query with Kysely.
    files: ['server/modules/**/*.ts', 'server/modules/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', importNames: ['sql'], message: 'Raw SQL bypasses the tenant guard; use the query builder.' }] },
      ],
    },
  },
  {
    // Tests and their helpers: every assertion carries a message (see assertionMessage above).
    files: ['server/**/*.test.ts', 'server/**/*.test.tsx', 'server/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { 'partnertafel/assertion-message': 'error' },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        DOMParser: 'readonly',
      },
    },
    rules: { 'no-var': 'off' },
  },
  {
    files: ['eslint.config.js', 'bin/**/*.js', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
);
