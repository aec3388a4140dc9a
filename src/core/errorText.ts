/** The words of an error, whatever was thrown: an `Error`'s message, or anything else as a string. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whatever was thrown, as an `Error` (anything else becomes one with its words). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
