import { formatFieldError, type FieldError } from '../api/errors.js';

/** One readable block for a set of input problems, each naming its field path. */
export function formatInputErrors(subject: string, errors: FieldError[]): string {
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return `${subject} (${count}):\n${errors.map((e) => `  - ${formatFieldError(e)}`).join('\n')}`;
}
