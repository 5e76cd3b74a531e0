// A command line that cannot be understood. Exits 2 with a usage line.
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
  static is(x: unknown): x is UsageError {
    return x instanceof Error && x.name === 'UsageError' && 'usage' in x;
  }
}
