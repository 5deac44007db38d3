import { z } from 'zod';

/** Every error that crosses a boundary carries one of these codes. */
export const ErrorCode = z.enum([
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNAVAILABLE',
  'TIMEOUT',
  'CANCELLED',
  'RATE_LIMITED',
  'PROVIDER_ERROR',
  'TOOL_ERROR',
  'STORAGE',
  'CONFIG',
  'UNKNOWN_METHOD',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/** The serialisable form of an error, as sent over IPC and WebSocket. */
export const ErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  issues: z.array(FieldIssue).optional(),
});
export type ErrorShape = z.infer<typeof ErrorShape>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly issues: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string; issues?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = options.hint;
    this.issues = options.issues;
  }

  toJSON(): ErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }

  static from(shape: ErrorShape): AppError {
    return new AppError(shape.code, shape.message, {
      ...(shape.hint ? { hint: shape.hint } : {}),
      ...(shape.issues ? { issues: shape.issues } : {}),
    });
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Turns a zod failure into field issues that a form can show beside each field. */
export function issuesFromZod(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError, what = 'input'): AppError {
  const issues = issuesFromZod(error);
  const first = issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return new AppError('VALIDATION', `Invalid ${what}${where}: ${first?.message ?? 'bad value'}`, {
    issues,
  });
}

/** Parses or throws a VALIDATION AppError; nothing else happens on bad input. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, what);
  return result.data;
}
