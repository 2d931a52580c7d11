/** Inputs that try to make the pipeline work without bound or escape its data; shared by tests and the bench. */

/** The classic "billion laughs": nine levels of nine aliases, a few hundred bytes of YAML, 9^9 values expanded. */
export const YAML_ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
].join('\n');

/** A selector pattern with nested quantifiers, and a subject that makes a backtracking engine try 2^n ways. */
export const PATHOLOGICAL_SELECTOR = '(a+)+$';
export const pathologicalSubject = (n: number): string => `${'a'.repeat(n)}!`;
