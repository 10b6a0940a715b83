// Routes are declared once with their zod contracts: the same declaration validates requests and
// produces the OpenAPI document, so the two cannot drift apart.
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { ApiError } from './api-error.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  method: Method;
  /** Koa path relative to the router prefix, e.g. `/applications/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  response?: z.ZodType;
  /** Success status; 204 means the handler's result is ignored. */
  status?: 200 | 201 | 204;
};

type AnySpec = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export type RouteInput<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  ctx: Context;
};

function invalidInput(where: string, error: z.ZodError): ApiError {
  const issues = error.issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message }));
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return new ApiError('guard.invalid_input', `Invalid request: ${message}`, { issues });
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(where, result.error);
  return result.data;
}

const emptyQuery = z.object({}).strict();

/** Deep enough for any sensible customData; bounded so checking and storing a value cannot overflow a stack. */
const maxNestingDepth = 64;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character (\\u0000)';
  if (/\p{Cs}/u.test(text)) return 'must be valid Unicode (it holds a lone surrogate)';
  return undefined;
}

function unstorable(value: unknown, path: string[], depth = 0): { path: string; message: string } | undefined {
  // Named by its top-level field: the full path would be as long as the nesting.
  if (depth > maxNestingDepth) return { path: path.slice(0, 2).join('.'), message: `is nested more than ${maxNestingDepth} levels deep` };
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path: path.join('.'), message } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const keyMessage = textProblem(key);
    if (keyMessage) return { path: path.join('.'), message: `has a key that ${keyMessage}` };
    const problem = unstorable(item, [...path, key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * What no schema can express but PostgreSQL refuses or alters: U+0000 cannot be stored in text or
 * jsonb (the query fails), a lone UTF-16 surrogate is silently replaced on its way to UTF-8, and very
 * deep nesting overflows the stack of JSON.stringify (the size checks) and of jsonb's parser. Checked
 * before the schemas run, so such input gets a 400 instead of a 500 or a different stored value.
 */
function assertStorable(value: unknown, where: string): void {
  const problem = unstorable(value, [where]);
  if (problem) {
    throw new ApiError('guard.invalid_input', `Invalid request: ${problem.path}: ${problem.message}`, { issues: [problem] });
  }
}

export class RouteRegistry {
  readonly routes: { prefix: string; spec: AnySpec; auth: string }[] = [];

  constructor(
    readonly router: Router,
    readonly prefix: string,
    readonly auth: 'management' | 'interaction' | 'none',
  ) {}

  add<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
  ): void {
    this.routes.push({ prefix: this.prefix, spec: spec as unknown as AnySpec, auth: this.auth });
    this.router[spec.method](spec.path, async (ctx) => {
      const rawBody = (ctx.request as { body?: unknown }).body;
      assertStorable(ctx.params, 'params');
      assertStorable(ctx.query, 'query');
      assertStorable(rawBody, 'body');
      const params = parse(spec.params, ctx.params, 'params');
      // Unknown query parameters are refused too: a typo should not be silently ignored.
      const query = parse(spec.query ?? (emptyQuery as unknown as Q), { ...ctx.query }, 'query');
      const body = spec.body ? parse(spec.body, rawBody ?? {}, 'body') : (undefined as z.output<B>);
      const result = await handler({ params, query, body, ctx });
      const status = spec.status ?? 200;
      ctx.status = status;
      if (status !== 204) ctx.body = result;
    });
  }
}

/** OpenAPI 3.1 document from every registered route. */
export function buildOpenApi(registries: RouteRegistry[], serverUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  const toJson = (schema: z.ZodType, io: 'input' | 'output') =>
    z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

  for (const registry of registries) {
    for (const { prefix, spec, auth } of registry.routes) {
      const path = `${prefix}${spec.path}`.replace(/:(\w+)/g, '{$1}');
      const parameters: object[] = [];
      for (const [location, schema] of [['path', spec.params], ['query', spec.query]] as const) {
        if (!schema) continue;
        const json = toJson(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
        for (const [name, property] of Object.entries(json.properties ?? {})) {
          parameters.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
        }
      }
      const status = String(spec.status ?? 200);
      paths[path] ??= {};
      paths[path][spec.method] = {
        summary: spec.summary,
        tags: [spec.tag],
        ...(auth === 'management' && { security: [{ managementApi: ['all'] }] }),
        ...(parameters.length > 0 && { parameters }),
        ...(spec.body && {
          requestBody: { required: true, content: { 'application/json': { schema: toJson(spec.body, 'input') } } },
        }),
        responses: {
          [status]: {
            description: status === '204' ? 'No content' : 'Success',
            ...(spec.response && status !== '204' && { content: { 'application/json': { schema: toJson(spec.response, 'output') } } }),
          },
          '4XX': { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Signet API', version: '0.1.0', description: 'Management API (Bearer token for resource `<ENDPOINT>/api`, scope `all`) and Experience API.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, data: {} },
        },
      },
      securitySchemes: {
        managementApi: {
          type: 'oauth2',
          flows: { clientCredentials: { tokenUrl: `${serverUrl}/oidc/token`, scopes: { all: 'Full access' } } },
        },
      },
    },
  };
}
