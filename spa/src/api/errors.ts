/** An API failure a person can read: the server's `{error:{code,message}}`, or our own wording. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The answer's `Retry-After`, in milliseconds from when it came; null without one. */
  readonly retryAfterMs: number | null;

  constructor(status: number, code: string, message: string, retryAfterMs: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Status 0 marks a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(
    0,
    'network',
    'Could not reach Podster. Check your connection and try again.',
  );
}

/** Builds an ApiError from a failed response's status and (possibly unparseable) body. */
export function errorFromBody(status: number, body: unknown, retryAfterMs: number | null = null): ApiError {
  if (isErrorEnvelope(body)) {
    return new ApiError(status, body.error.code, body.error.message, retryAfterMs);
  }
  return new ApiError(status, `http_${status}`, fallbackMessage(status), retryAfterMs);
}

function isErrorEnvelope(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Please log in first.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'That was not found.';
  if (status === 429) return 'Too many attempts. Wait a moment and try again.';
  if (status === 503) return 'Podster is briefly unavailable. Try again in a moment.';
  if (status >= 500) return 'Podster had a problem on its side. Try again in a moment.';
  return `The request failed (status ${status}).`;
}

/** The sentence to show for anything a request may throw. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return 'Something went wrong. Try again.';
}
