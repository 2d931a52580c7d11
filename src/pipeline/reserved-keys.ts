/**
 * Keys that name JavaScript object internals. Every step that copies or walks user input treats keys as
 * data (own properties only), but a key like `__proto__` still invites the one step that forgets; so the
 * entry points (IstioOperator documents, `--set` paths, overlay paths and values) refuse them outright.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isReservedKey(key: string): boolean {
  return RESERVED_KEYS.has(key);
}

export function reservedKeyReason(key: string): string {
  return `"${key}" is not allowed as a key: it names JavaScript object internals`;
}
