import { errorCodes, type ErrorCode } from '@signet/schemas';

/** The one error type of `/api/*`. The error middleware turns it into `{ code, message, data }`. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.status = errorCodes[code];
  }
}

export function notFound(entity: string, id: string): ApiError {
  return new ApiError('entity.not_found', `No ${entity} with id "${id}"`, { entity, id });
}
