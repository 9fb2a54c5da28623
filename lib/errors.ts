/** Error codes the API maps to HTTP statuses and the CLI to exit codes. */
export type ErrorCode =
  'bad_input' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'unavailable' | 'internal';

export class EncoursError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EncoursError';
  }
}

/** Where in an input file something is wrong. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: string;
}

/** Bad input: names the file, line, column and reason. The import that met it changes nothing. */
export class InputError extends EncoursError {
  constructor(
    readonly location: InputLocation,
    readonly reason: string,
  ) {
    super('bad_input', formatLocation(location) + ': ' + reason);
    this.name = 'InputError';
  }
}

export function formatLocation({ file, line, column }: InputLocation): string {
  let text = `"${file}"`;
  if (line !== undefined) text += ` line ${line}`;
  if (column !== undefined) text += ` column ${column}`;
  return text;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
