/** DOM ids of the survey form, shared by the fieldsets and the error summary's links. */
export function criterionId(code: string): string {
  return `q-${code.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

export function errorId(id: string): string {
  return `${id}-error`;
}
