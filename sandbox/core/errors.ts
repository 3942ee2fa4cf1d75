import type { FastifyReply } from 'fastify';

/** An error the sandbox answers with the APIs' error body (docs/apis.md §0): `{"error": {"code", "message", "details"?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
}

/** 422 naming the field, as every service's validation does. */
export function invalid(field: string, problem: string): ApiError {
  return new ApiError(422, 'validation_error', `${field} ${problem}`, { field });
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', `${what} was not found`);
}
