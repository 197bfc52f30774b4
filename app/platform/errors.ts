/** A refusal of bad input: a 4xx with a Vietnamese message and, per field, what to fix. */
export class InputError extends Error {
  constructor(
    public code: string,
    message: string,
    public fields: Record<string, string> = {},
    public status = 400,
  ) {
    super(message);
    this.name = "InputError";
  }
}

export function errorBody(e: InputError) {
  return { error: { code: e.code, message: e.message, fields: e.fields } };
}
