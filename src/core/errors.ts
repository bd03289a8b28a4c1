/**
 * A mistake of the user's (flag, configuration, path): shown as one line and exit code 2.
 * The message says what is wrong, where, and how to fix it, and never holds a secret value.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown by a gatherer whose input was not given: its checks become `skip` with the reason. */
export class NotGivenError extends Error {
  override name = 'NotGivenError';
}

/** Thrown when a request would exceed the scan's request budget, scope or time budget. */
export class BudgetError extends Error {
  override name = 'BudgetError';
}

/** Where a parse failed: the file (or the output's origin) and, when known, the line. */
export interface ParseLocation {
  file: string;
  line?: number;
}

/**
 * Input a parser cannot read. The one error a parser may throw: it says what is wrong and
 * where, and the scan shows it as the reason of the checks that needed the input.
 */
export class ParseError extends Error {
  override name = 'ParseError';

  constructor(
    message: string,
    readonly location: ParseLocation,
  ) {
    super(message);
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
