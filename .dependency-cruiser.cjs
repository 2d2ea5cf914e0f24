/**
 * Layers point one way (docs/architecture.md, "Dependency rules"); checked by `npm run lint`.
 * Type-only imports are left out: they vanish at run time and cannot form a loading cycle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'No import cycle, between layers or inside one.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only', 'dynamic-import'] } },
    },
    {
      name: 'platform-is-the-floor',
      comment: 'platform/ (clock, crypto, errors, strings, mail, logging) imports nothing of the application.',
      severity: 'error',
      from: { path: '^server/platform/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^server/(access|http|modules|db|cli|ui|demo|test)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'access-below-http',
      comment: 'access/ (actors, policy, tenant guard, session rules) never imports http/.',
      severity: 'error',
      from: { path: '^server/access/' },
      to: { path: '^server/http/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-registers-modules-only',
      comment: 'http/ imports no module, except app.ts, which registers them (and the module list and manifest contract).',
      severity: 'error',
      from: { path: '^server/http/', pathNot: '^server/http/app\\.ts$|\\.test\\.tsx?$' },
      to: {
        path: '^server/modules/',
        pathNot: '^server/modules/(modules|module-manifest)\\.ts$|\\.policy\\.ts$|\\.manifest\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'application-not-tools',
      comment: 'Application code never imports the CLI, the demo or the test helpers.',
      severity: 'error',
      from: { path: '^server/(access|http|modules|platform|ui|db)/', pathNot: '\\.test\\.tsx?$|-fixtures\\.ts$|crash-driver\\.ts$' },
      to: { path: '^server/(cli|demo|test)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
