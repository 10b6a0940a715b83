// Turns every error under /api into `{ code, message, data? }` with the right status. Anything
// unexpected is logged with its stack and answered as a 500 without details.
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { ApiError } from './api-error.ts';
import { ConnectorError } from '../connectors/connector-error.ts';

type HttpLikeError = { status?: number; statusCode?: number; type?: string; expose?: boolean; code?: unknown };

/** zlib's codes for input it cannot inflate; they carry no HTTP status. */
const corruptCompressedInput = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR']);

export function apiErrors(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new ApiError('route.not_found', `No route ${ctx.method} ${ctx.path}`);
      }
      if (ctx.status === 405 && ctx.body === undefined) {
        throw new ApiError('request.method_not_allowed', `Method ${ctx.method} is not allowed on ${ctx.path}`);
      }
    } catch (error) {
      const apiError = toApiError(error);
      if (!apiError) {
        logger.error({ err: error, method: ctx.method, path: ctx.path }, 'unhandled error');
      }
      const final = apiError ?? new ApiError('server.internal_error', 'Internal server error');
      ctx.status = final.status;
      ctx.body = { code: final.code, message: final.message, ...(final.data !== undefined && { data: final.data }) };
    }
  };
}

/** The API error an error stands for, or undefined for an unexpected one (a 500). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  // The one place connector failures get their HTTP status (from errorCodes in @signet/schemas).
  if (error instanceof ConnectorError) return new ApiError(`connector.${error.code}`, error.message, error.data);
  const http = error as HttpLikeError;
  const status = http?.status ?? http?.statusCode;
  if (status === 413 || http?.type === 'entity.too.large') return new ApiError('guard.payload_too_large', 'The request body is too large');
  if (status === 415) return new ApiError('guard.unsupported_media_type', 'Send the request body as application/json');
  // A body whose bytes do not match its Content-Encoding fails inside zlib while being read.
  if (corruptCompressedInput.has(String(http?.code))) return new ApiError('guard.invalid_input', 'The request body cannot be decompressed');
  if (status === 400 && (error instanceof SyntaxError || http?.type === 'entity.parse.failed')) {
    return new ApiError('guard.invalid_json', 'The request body is not valid JSON');
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && http.expose) {
    return new ApiError('guard.invalid_input', (error as Error).message);
  }
  return undefined;
}
