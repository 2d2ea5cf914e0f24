/**
 * Property-based fuzzing of the JSON API from its own OpenAPI document (`npm run test:fuzz`).
 *
 * For every operation of `GET /api/openapi.json`, requests are generated from the operation's
 * schemas — valid-ish values and hostile ones (NUL bytes, control characters, RTL overrides, huge
 * strings, wrong types, missing and extra fields, random and foreign ids, encoded path segments,
 * malformed JSON) — and sent with `app.inject` as one of a few signed-in roles (or nobody). Every
 * answer must hold to the API contract of API.md:
 *   - never a 5xx;
 *   - every non-2xx/3xx answer is JSON in the envelope {"error":{"code","message"[,"issues"]}},
 *     its code from the closed list of server/platform/errors.ts and its status that code's status.
 *
 * Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (CI=true makes that mandatory).
 * FUZZ_RUNS (default 30) examples per operation; FUZZ_SEED (default fixed, so CI is repeatable)
 * seeds every operation (mixed with the operation's name, so operations do not shift each other).
 * A failure prints the seed, the fast-check path and the exact request and answer. Reproduce one
 * operation with e.g.
 *   FUZZ_SEED=<seed> node --import tsx --test --test-name-pattern="POST /api/v1/cases$" server/test/fuzz/openapi.fuzz.ts
 * (the network is shared by the operations of one run, so a failure that depends on what earlier
 * operations changed may need the whole file). FUZZ_SHRINK=0 reports the first failing example
 * without shrinking it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { ERROR_STATUS } from '../../platform/errors.ts';
import { addWorldConsent, seedCaseWorld, type CaseWorld } from '../case-world.ts';
import { databaseTargets } from '../databases.ts';
import { bearer, createTestApp, createTestEnvironment, type TestEnvironment } from '../harness.ts';

const RUNS = Number.parseInt(process.env.FUZZ_RUNS ?? '30', 10);
const BASE_SEED = Number.parseInt(process.env.FUZZ_SEED ?? '20260401', 10);
const SHRINK = process.env.FUZZ_SHRINK !== '0';
const ERROR_CODES = Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[];

/** The subset of JSON Schema (draft 2020-12, as zod writes it) the API's schemas use. */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
}

type Caller = 'admin' | 'coordinator' | 'professional' | 'dpo' | 'anonymous';
const CALLERS: readonly Caller[] = ['admin', 'coordinator', 'professional', 'dpo', 'anonymous'];

/** A generated request, before it is turned into inject options (kept plain for the report). */
interface FuzzRequest {
  caller: Caller;
  pathValues: Record<string, string>;
  query: [string, string][];
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string | null } | { kind: 'none' };
}

// ---------------------------------------------------------------- hostile values

const CONTROL_CHARACTERS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).concat('\u007f', '\u0085');

/** Strings that have broken parsers, databases and renderers before. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'before\u0000after',
    '\u202eevil.exe\u202c',
    '\u200b\u200d\ufeff',
    '\ud800',
    'x\udfffy',
    '../../../etc/passwd',
    "' OR 1=1 --",
    '"; drop table users; --',
    '<script>alert(1)</script>',
    '{{7*7}}${7*7}',
    '%00',
    '%',
    '\\',
    '',
    ' ',
    '\r\n\r\nX-Injected: 1',
    'ℌ𝔢𝔩𝔩𝔬 👩‍👩‍👧‍👦',
    '0',
    '-1',
    '1e309',
    'null',
    'true',
    '2026-02-30',
    '9999-99-99',
  ),
  // A short, otherwise ordinary text with one dangerous character in it: fits length limits.
  fc
    .tuple(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('\u0000', '\u202e', '\u0007', '\u001b', '\ud800', '\u0085', '\u2028'),
      fc.string({ maxLength: 12 }),
    )
    .map(([before, character, after]) => `${before}${character}${after}`),
  fc.string({ unit: fc.constantFrom(...CONTROL_CHARACTERS), minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom(10_001, 100_000).map((length) => 'x'.repeat(length)),
  fc.integer({ min: 1, max: 3000 }).map((length) => '\u0000é𝔸\u202e'.repeat(length)),
);

const randomId: fc.Arbitrary<string> = fc.oneof(fc.uuid(), fc.stringMatching(/^[0-9a-z]{26}$/), fc.string({ minLength: 1, maxLength: 64 }));

/** A value of any JSON type, often not the one the schema asks for. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, [], {}, [null], { __proto__: null }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') as unknown),
  fc.integer({ min: 50, max: 200 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);

// ---------------------------------------------------------------- values from a schema

function schemaTypes(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** A value that the schema accepts (as far as generation goes: patterns, lengths, enums). */
function validValue(schema: JsonSchema, ids: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, ids, depth)));
  const types = schemaTypes(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, ids, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'array': {
      const items = schema.items ? validValue(schema.items, ids, depth + 1) : fc.string();
      return fc.array(items, { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
    }
    case 'object':
      return objectValue(schema, ids, depth, false);
    case 'string':
      return validString(schema, ids);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 200;
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  const free = fc.string({ minLength, maxLength: Math.min(maxLength, Math.max(minLength, 60)), unit: 'grapheme' });
  // Short id-like strings are often ids: give real ones of the seeded network a chance.
  return ids.length > 0 && maxLength <= 64 ? fc.oneof(free, fc.constantFrom(...ids)) : free;
}

/**
 * An object from its properties. `hostile` lets every property be replaced by a hostile value,
 * required properties go missing and unknown properties appear.
 */
function objectValue(schema: JsonSchema, ids: readonly string[], depth: number, hostile: boolean): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties))
    model[name] = hostile ? anyValue(property, ids, depth + 1) : validValue(property, ids, depth + 1);
  const record = fc.record(model, { requiredKeys: hostile ? [] : (schema.required ?? []).filter((key) => key in model) });
  if (!hostile) return record;
  return fc
    .tuple(
      record,
      fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'tenantId')), hostileValue, {
        maxKeys: 2,
      }),
    )
    .map(([value, extra]) => ({ ...extra, ...value }));
}

/** Valid most of the time, hostile otherwise, at every level of the value. */
function anyValue(schema: JsonSchema, ids: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  if (depth > 3) return validValue(schema, ids, depth);
  const types = schemaTypes(schema);
  const structured =
    types.includes('object') && schema.properties
      ? objectValue(schema, ids, depth, true)
      : types.includes('array') && schema.items
        ? fc.array(anyValue(schema.items, ids, depth + 1), { maxLength: 4 })
        : validValue(schema, ids, depth);
  return fc.oneof(
    { weight: 3, arbitrary: validValue(schema, ids, depth) },
    { weight: 2, arbitrary: structured },
    { weight: 1, arbitrary: hostileValue },
  );
}

// ---------------------------------------------------------------- requests

/**
 * Percent-encodes the UTF-8 bytes of a string; unlike encodeURIComponent it does not throw on a
 * lone surrogate (which becomes U+FFFD, as any client would send it).
 */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A path segment: a real id, a random one, or something hostile — encoded, or raw and broken. */
function pathSegment(ids: readonly string[], own: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    ...(own.length > 0 ? [{ weight: 5, arbitrary: fc.constantFrom(...own) }] : []),
    { weight: 1, arbitrary: fc.constantFrom(...ids) },
    { weight: 2, arbitrary: randomId.map(encode) },
    { weight: 2, arbitrary: hostileString.map(encode) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '%00',
        '%ZZ',
        '%',
        '%E2%80%AE',
        '%2F',
        '..%2F..%2Fadmin',
        '%2e%2e',
        '%C0%AF',
        '%FF%FE',
        'a;b',
        '%0D%0Ainjected',
        'x'.repeat(5000),
      ),
    },
  );
}

function queryPairs(parameters: Parameter[], ids: readonly string[]): fc.Arbitrary<[string, string][]> {
  const perParameter = parameters.map((parameter) =>
    fc.option(anyValue(parameter.schema ?? {}, ids), { nil: undefined, freq: parameter.required ? 8 : 2 }).map((value): [string, string][] => {
      if (value === undefined) return [];
      if (Array.isArray(value)) return value.map((item) => [parameter.name, typeof item === 'string' ? item : JSON.stringify(item)]);
      return [[parameter.name, typeof value === 'string' ? value : JSON.stringify(value)]];
    }),
  );
  const unknown = fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('cursor', 'limit', '__proto__')), hostileString), {
    maxLength: 2,
  });
  return fc.tuple(fc.tuple(...perParameter), unknown).map(([known, extra]) => [...known.flat(), ...extra]);
}

function requestBody(operation: Operation, ids: readonly string[]): fc.Arbitrary<FuzzRequest['body']> {
  const raw = fc.record({
    kind: fc.constant('raw' as const),
    text: fc.oneof(fc.constantFrom('', '{', '{"a":', 'null', '[]', '"\u0000"', '{"a":1,"a":2}', '\u0000', '{"__proto__":{}}'), hostileString),
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      null,
    ),
  });
  const huge = fc.constant({ kind: 'raw' as const, text: `{"x":"${'a'.repeat(1024 * 1024 + 10)}"}`, contentType: 'application/json' });
  if (!operation.body) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: 'none' as const }) },
      { weight: 1, arbitrary: raw },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('json' as const), value: hostileValue }) },
    );
  }
  const schema = operation.body;
  const fields = Object.keys(schema.properties ?? {});
  // One hostile field in an otherwise valid body reaches the code behind validation (and the
  // database) far more often than a body that is hostile everywhere.
  const oneHostileField =
    fields.length > 0
      ? fc
          .tuple(
            validValue(schema, ids),
            fc.constantFrom(...fields),
            fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: hostileValue }),
          )
          .map(([value, field, hostile]) => ({ kind: 'json' as const, value: { ...(value as object), [field]: hostile } }))
      : validValue(schema, ids).map((value) => ({ kind: 'json' as const, value }));
  return fc.oneof(
    { weight: 3, arbitrary: validValue(schema, ids).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 4, arbitrary: oneHostileField },
    { weight: 3, arbitrary: anyValue(schema, ids).map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 1, arbitrary: huge },
  );
}

/** Real ids of the seeded network, by the collection a path segment names. */
interface IdPools {
  readonly all: readonly string[];
  readonly byCollection: Readonly<Record<string, readonly string[]>>;
}

/** The ids that fit `{name}` in a path: `/cases/{id}` takes case ids, `/members/{userId}` user ids. */
function idsFor(path: string, name: string, pools: IdPools): readonly string[] {
  const segments = path.split('/');
  const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  return pools.byCollection[collection] ?? [];
}

/**
 * A request for the operation. `callers` are the callers who got past authorisation with a valid
 * request (see `authorisedCallers`); they are picked most of the time, so hostile values reach the
 * code behind the access checks, not only the checks.
 */
function fuzzRequest(operation: Operation, pools: IdPools, callers: readonly Caller[]): fc.Arbitrary<FuzzRequest> {
  const ids = pools.all;
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const pathValues = fc.record(
    Object.fromEntries(pathParameters.map((parameter) => [parameter.name, pathSegment(ids, idsFor(operation.path, parameter.name, pools))])),
  );
  return fc.record({
    caller: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(callers.length > 0 ? callers : CALLERS)) },
      { weight: 1, arbitrary: fc.constantFrom(...CALLERS) },
    ),
    pathValues,
    query: queryPairs(
      operation.parameters.filter((parameter) => parameter.in === 'query'),
      ids,
    ),
    body: requestBody(operation, ids),
  });
}

function injectOptions(operation: Operation, request: FuzzRequest, tokens: Record<Caller, string | null>): InjectOptions {
  const path = operation.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => request.pathValues[name] ?? '');
  const search = request.query.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
  const token = tokens[request.caller];
  const headers: Record<string, string> = token ? bearer(token) : {};
  const options: InjectOptions = { method: operation.method, url: search ? `${path}?${search}` : path, headers };
  if (request.body.kind === 'json') {
    headers['content-type'] = 'application/json';
    options.payload = JSON.stringify(request.body.value) ?? 'null';
  } else if (request.body.kind === 'raw') {
    if (request.body.contentType) headers['content-type'] = request.body.contentType;
    options.payload = request.body.text;
  }
  return options;
}

function describeRequest(options: InjectOptions, caller: Caller): string {
  const payload = typeof options.payload === 'string' ? options.payload : '';
  const shown = payload.length > 300 ? `${payload.slice(0, 300)}… (${payload.length} characters)` : payload;
  const url = String(options.url);
  return `${options.method} ${url.length > 300 ? `${url.slice(0, 300)}…` : url} as ${caller}${shown ? ` with ${JSON.stringify(shown)}` : ''}`;
}

// ---------------------------------------------------------------- the contract

function assertContract(request: string, response: { statusCode: number; headers: Record<string, unknown>; body: string }): void {
  const answer = `${request} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  assert.ok(response.statusCode < 500, `no request makes the server fail (5xx): ${answer}`);
  if (response.statusCode < 400) return;
  assert.match(String(response.headers['content-type'] ?? ''), /^application\/json/, `an error answer is JSON: ${answer}`);
  let body: unknown;
  assert.doesNotThrow(() => (body = JSON.parse(response.body)), `an error answer is valid JSON: ${answer}`);
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), `an error answer is a JSON object: ${answer}`);
  assert.deepEqual(Object.keys(body as object), ['error'], `an error answer holds exactly the "error" envelope: ${answer}`);
  const error = (body as { error: unknown }).error as { code?: unknown; message?: unknown; issues?: unknown };
  assert.ok(error !== null && typeof error === 'object', `"error" is an object: ${answer}`);
  assert.ok(ERROR_CODES.includes(error.code as (typeof ERROR_CODES)[number]), `the error code is one of ${ERROR_CODES.join(', ')}: ${answer}`);
  assert.equal(
    ERROR_STATUS[error.code as (typeof ERROR_CODES)[number]],
    response.statusCode,
    `the HTTP status is the status of the error code: ${answer}`,
  );
  assert.ok(typeof error.message === 'string' && error.message.length > 0, `the error carries a message: ${answer}`);
  if (error.issues !== undefined) assert.ok(Array.isArray(error.issues), `"issues", when present, is a list: ${answer}`);
}

// ---------------------------------------------------------------- the run

/**
 * The callers a valid request of the operation is not refused for (401/403), found by sending a
 * few valid requests (known ids in the path) as each caller. Deterministic: seeded like the test.
 */
async function authorisedCallers(app: FastifyInstance, operation: Operation, pools: IdPools, tokens: Record<Caller, string | null>, seed: number) {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const valid = fc.record({
    pathValues: fc.record(
      Object.fromEntries(
        pathParameters.map((parameter) => {
          const own = idsFor(operation.path, parameter.name, pools);
          return [parameter.name, fc.constantFrom(...(own.length > 0 ? own : pools.all))];
        }),
      ),
    ),
    body: operation.body
      ? validValue(operation.body, pools.all).map((value) => ({ kind: 'json' as const, value }))
      : fc.constant({ kind: 'none' as const }),
  });
  const samples = fc.sample(valid, { numRuns: 3, seed });
  const admitted: Caller[] = [];
  for (const caller of CALLERS) {
    for (const sample of samples) {
      const response = await app.inject(injectOptions(operation, { caller, query: [], ...sample }, tokens));
      if (response.statusCode !== 401 && response.statusCode !== 403) {
        admitted.push(caller);
        break;
      }
    }
  }
  return admitted;
}

function operationsOf(document: unknown): Operation[] {
  const paths = (
    document as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    }
  ).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase() as Operation['method'],
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content?.['application/json']?.schema ?? null,
    })),
  );
}

function seedFor(name: string): number {
  return (BASE_SEED ^ createHash('sha256').update(name).digest().readInt32BE(0)) | 0;
}

/** The OpenAPI document as the app serves it (read once, from a throw-away SQLite app). */
async function servedOperations(): Promise<Operation[]> {
  const env = await createTestEnvironment({ kind: 'sqlite' });
  const app = await createTestApp(env.ctx);
  try {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
    return operationsOf(response.json());
  } finally {
    await app.close();
    await env.dispose();
  }
}

// Each operation is a test of its own (with its own time limit), so the document is read first.
const operations = await servedOperations();

for (const target of databaseTargets()) {
  describe(`the API keeps its contract under fuzzing on ${target.kind} (${RUNS} requests per operation, FUZZ_SEED=${BASE_SEED})`, () => {
    let env: TestEnvironment;
    let app: FastifyInstance;
    let tokens: Record<Caller, string | null>;
    let pools: IdPools;

    before(async () => {
      env = await createTestEnvironment(target);
      const world: CaseWorld = await seedCaseWorld(env.ctx);
      app = await createTestApp(env.ctx);
      tokens = {
        admin: world.users.admin.token,
        coordinator: world.users.coordinator.token,
        professional: world.users.keyFigureThisTable.token,
        dpo: world.users.dpo.token,
        anonymous: null,
      };
      // Real ids of the network (and of another network) — but never the callers' own accounts,
      // so a fuzzed change cannot lock the callers out for the operations that follow.
      const users = [
        world.users.guestThisCase.id,
        world.users.careNetwork.id,
        world.users.keyFigureOtherTable.id,
        world.users.outsider.id,
        world.users.analyst.id,
      ];
      const consent = await addWorldConsent(env.ctx, world, [world.organisations.school]);
      pools = {
        all: [
          world.caseA.id,
          world.caseB.id,
          world.tables.minors,
          world.tables.adults,
          ...Object.values(world.organisations),
          ...users,
          consent,
          world.users.otherTenant.id,
          world.tenant.tenantId,
        ],
        byCollection: {
          cases: [world.caseA.id, world.caseB.id],
          tables: [world.tables.minors, world.tables.adults],
          organisations: Object.values(world.organisations),
          users,
          members: users,
          participants: users,
          consents: [consent],
        },
      };
    });
    after(async () => {
      await app?.close();
      await env?.dispose();
    });

    test('the OpenAPI document lists the API', async () => {
      const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(response.statusCode, 200, 'the OpenAPI document is served');
      assert.deepEqual(operationsOf(response.json()), operations, 'this app serves the document the operations below were read from');
      assert.ok(operations.length > 10, `the OpenAPI document lists the API's operations (found ${operations.length})`);
    });

    for (const operation of operations) {
      const name = `${operation.method} ${operation.path}`;
      test(name, async () => {
        const seed = seedFor(name);
        const callers = await authorisedCallers(app, operation, pools, tokens, seed);
        const property = fc.asyncProperty(fuzzRequest(operation, pools, callers), async (request) => {
          const options = injectOptions(operation, request, tokens);
          const response = await app.inject(options);
          assertContract(describeRequest(options, request.caller), response);
        });
        const details = await fc.check(property, { numRuns: RUNS, seed, endOnFailure: !SHRINK });
        if (details.failed) {
          const reproduce = `FUZZ_SEED=${BASE_SEED} (operation seed ${seed}, path ${details.counterexamplePath ?? '-'})`;
          const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          assert.fail(`${name} broke the API contract after ${details.numRuns} requests; reproduce with ${reproduce}:\n${cause}`);
        }
      });
    }
  });
}
