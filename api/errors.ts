// Typed errors thrown by services; api/routes/errors.ts maps them to HTTP, pages to form messages.
export type FieldIssue = { field: string; message: string };

export class AppError extends Error {
  readonly code: string = 'error';
  readonly status: number = 500;
}

export class NotFoundError extends AppError {
  override readonly code = 'not_found';
  override readonly status = 404;
}

export class ConflictError extends AppError {
  override readonly code = 'conflict';
  override readonly status = 409;
}

export class UnauthorizedError extends AppError {
  override readonly code = 'unauthorized';
  override readonly status = 401;
}

export class ForbiddenError extends AppError {
  override readonly code = 'forbidden';
  override readonly status = 403;
}

export class TooManyRequestsError extends AppError {
  override readonly code = 'rate_limited';
  override readonly status = 429;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

// A communication rule refused the action: the message says which rule and what would satisfy it.
export class PolicyError extends AppError {
  override readonly code = 'policy_violation';
  override readonly status = 422;
  constructor(
    message: string,
    readonly field: string,
    readonly rule: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class ValidationError extends AppError {
  override readonly code = 'validation_failed';
  override readonly status = 422;
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }

  get field(): string | undefined {
    return this.issues[0]?.field;
  }
}
