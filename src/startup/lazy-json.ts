import type { JsonObject } from '../api/json.js';

/**
 * A read-only JSON object whose content is made on first use. It stays one object (so a WeakMap entry for
 * it, like a preserialized form, holds) and can be passed, spread into a parent and stored without being
 * made; reading a key, listing keys or serializing it makes it. Writing to it throws: it is shared, and
 * every step that changes a value copies it first.
 *
 * Used for the upstream CRD specs: ~440 KB of JSON that `manifest generate` never reads (it writes their
 * preserialized YAML), and whose parse was a tenth of its cold start.
 */
export function lazyJsonObject(make: () => JsonObject): JsonObject {
  // The content is copied into the proxy's own target, so the target is an ordinary object (the proxy
  // invariants hold by construction, and util.inspect, which shows a proxy's target, shows the content).
  const target: JsonObject = {};
  let made = false;
  const fill = (): JsonObject => {
    if (!made) {
      made = true;
      Object.assign(target, make());
    }
    return target;
  };
  const refuse = (): never => {
    throw new TypeError('a shared upstream JSON object cannot be changed: copy it first');
  };
  return new Proxy(target, {
    get: (_t, key) => Reflect.get(fill(), key),
    has: (_t, key) => Reflect.has(fill(), key),
    ownKeys: () => Reflect.ownKeys(fill()),
    getOwnPropertyDescriptor: (_t, key) => Reflect.getOwnPropertyDescriptor(fill(), key),
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
  });
}
