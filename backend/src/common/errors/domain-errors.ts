/** Errors services throw; the global filter maps each to its HTTP status. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class BadInputError extends DomainError {
  constructor(message: string) {
    super(400, message);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message = 'authentication required') {
    super(401, message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'not allowed') {
    super(403, message);
  }
}
export class NotFoundError extends DomainError {
  constructor(message = 'not found') {
    super(404, message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, message);
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super(413, message);
  }
}
export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `too many requests, retry in ${retryAfterSeconds} s`);
  }
}
export class ServiceUnavailableError extends DomainError {
  /** With `retryAfterSeconds` the answer carries Retry-After (overload, not an outage). */
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(503, message);
  }
}
