/** JSON-compatible values: what YAML documents parse into and what we send to the API server. */
export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Sets an own data property, even for the key `__proto__` (user input), which plain assignment would turn
 * into a prototype. Every other key is assigned: defineProperty on each key is several times slower in V8.
 */
export function setOwn(node: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  else node[key] = value;
}
