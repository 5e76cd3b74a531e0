// The one error family of cagw. `code` names the kind of failure (PascalCase, also the
// error's `name`); `source` says whose fault it is. Check with CagwError.is(), not
// instanceof: two copies of a package in node_modules would break instanceof.
const BRAND = Symbol.for('@cagw/error');

export type ErrorSource = 'user' | 'aws' | 'internal';

export interface ErrorDetail {
  source: ErrorSource;
  /** where the problem is: a variable, a file:line, a stack and logical id */
  where?: string;
  /** what the person should do about it */
  fix?: string;
  cause?: unknown;
}

export class CagwError extends Error {
  readonly [BRAND] = true;
  readonly source: ErrorSource;
  readonly where: string | undefined;
  readonly fix: string | undefined;

  constructor(
    readonly code: string,
    message: string,
    detail: ErrorDetail,
  ) {
    super(message, { cause: detail.cause });
    this.name = code;
    this.source = detail.source;
    this.where = detail.where;
    this.fix = detail.fix;
  }

  static is(x: unknown): x is CagwError {
    return typeof x === 'object' && x !== null && BRAND in x;
  }
}
