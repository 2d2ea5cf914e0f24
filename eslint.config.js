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
        if (target.startsWith(modulesRoot)) {
          const [targetModule, ...rest] = target.slice(modulesRoot.length).split(path.sep);
          const inner = rest.join('/');
          const fromPolicyRegistry = file.endsWith(path.join('server', 'access', 'policy-registry.ts')) && inner.endsWith('.policy.ts');
          if (targetModule !== ownModule && inner !== 'index.ts' && !fromPolicyRegistry) {
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

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'public/htmx*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { partnertafel: { rules: { 'module-boundaries': moduleBoundaries } } },
    rules: {
      'partnertafel/module-boundaries': 'error',
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
);
