import { z } from 'zod';

export interface ApiRouteDescription {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. `/api/v1/users/:id`. */
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly body?: z.ZodType;
  /** Query string parameters: an object schema whose properties become `in: query` parameters. */
  readonly query?: z.ZodType;
  readonly response?: z.ZodType;
  readonly status?: number;
  readonly list?: boolean;
  readonly authenticated?: boolean;
  /** A browser session must have signed in less than 10 minutes ago (stored in the route's config). */
  readonly recentSignIn?: boolean;
  /** A larger JSON body than the default 1 MiB (bytes), e.g. a whole HSDS document. */
  readonly bodyLimit?: number;
}

const errorBody = z.object({
  error: z.object({
    code: z
      .string()
      .describe('One of the closed list of error codes (docs/contract.md), e.g. validation_failed, not_found, conflict, possible_duplicate'),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('validation_failed: one entry per field'),
    matches: z
      .array(
        z.object({ id: z.string(), reference: z.string(), tableId: z.string(), tableName: z.string(), status: z.string(), openedAt: z.string() }),
      )
      .optional()
      .describe(
        'possible_duplicate (409): the cases of the same person the caller may see; send the request again with confirmDuplicate: true to continue',
      ),
  }),
});

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
}

function responseEnvelope(route: ApiRouteDescription): unknown {
  if (!route.response) return undefined;
  const data = jsonSchema(route.response, 'output');
  return route.list
    ? {
        type: 'object',
        properties: { data: { type: 'array', items: data }, nextCursor: { type: ['string', 'null'] } },
        required: ['data', 'nextCursor'],
      }
    : {
        type: 'object',
        properties: { data, abilities: { type: 'object', additionalProperties: { type: 'boolean' } } },
        required: ['data'],
      };
}

function queryParametersOf(schema: z.ZodType): unknown[] {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(property.description && { description: property.description }),
  }));
}

/** OpenAPI 3.1 document generated from the zod schemas of the registered routes. */
export function buildOpenApiDocument(routes: readonly ApiRouteDescription[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParameters = route.query ? queryParametersOf(route.query) : [];
    parameters.push(...(queryParameters as typeof parameters));
    const envelope = responseEnvelope(route);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length > 0 && { parameters }),
      ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }),
      ...(route.authenticated === false ? { security: [] } : {}),
      ...(route.recentSignIn && { 'x-recent-sign-in': true }),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'Success',
          ...(envelope ? { content: { 'application/json': { schema: envelope } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: jsonSchema(errorBody, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Partnertafel API', version, description: 'Need-to-know case work for the local multi-agency approach.' },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'pt_session', description: 'Browser session (__Host-pt_session over https)' },
      },
    },
    paths,
  };
}
