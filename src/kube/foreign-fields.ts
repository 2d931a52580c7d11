import { isJsonObject, type JsonObject, type JsonValue } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { findAppliedFields } from './apply-noop.js';

/**
 * Fields of our objects that another controller keeps current, per kind, as paths inside each item of
 * the `webhooks` list (keyed by `name`). istiod's webhook patcher writes the injector's caBundle; its
 * validation controller writes the validator's caBundle and switches failurePolicy Ignore -> Fail once
 * its webhook answers (pkg/webhooks and pkg/webhooks/validation/controller in istio 1.27).
 */
const FOREIGN_WEBHOOK_FIELDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  MutatingWebhookConfiguration: [['clientConfig', 'caBundle']],
  ValidatingWebhookConfiguration: [['clientConfig', 'caBundle'], ['failurePolicy']],
};

/**
 * What we apply to an existing object: `desired` without the foreign fields our manager no longer
 * owns. The create may set them (upstream starts the validator at failurePolicy Ignore); once another
 * manager took one over, leaving it out means server-side apply neither takes it back nor reports a
 * drift. While we still own one (nobody changed it yet) we keep it, so SSA does not drop it. Pure.
 */
export function yieldForeignFields(desired: KubeObject, live: KubeObject | undefined, fieldManager: string): KubeObject {
  const paths = FOREIGN_WEBHOOK_FIELDS[desired.kind];
  const hooks = desired.webhooks;
  if (!live || !paths || !Array.isArray(hooks)) return desired;
  const owned = findAppliedFields(live, fieldManager) ?? {};
  const ownedHooks = isJsonObject(owned['f:webhooks']) ? owned['f:webhooks'] : {};
  const webhooks = hooks.map((hook): JsonValue => {
    if (!isJsonObject(hook) || typeof hook.name !== 'string') return hook;
    const entry = ownedHooks[`k:${JSON.stringify({ name: hook.name })}`];
    return paths.reduce<JsonObject>((h, path) => (ownsPath(entry, path) ? h : withoutPath(h, path)), hook);
  });
  return { ...desired, webhooks };
}

function ownsPath(entry: JsonValue | undefined, path: readonly string[]): boolean {
  let node = entry;
  for (const key of path) {
    if (!isJsonObject(node)) return false;
    node = node[`f:${key}`];
  }
  return node !== undefined;
}

function withoutPath(obj: JsonObject, path: readonly string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return obj;
  const { [head]: child, ...others } = obj;
  if (rest.length === 0) return others;
  return isJsonObject(child) ? { ...others, [head]: withoutPath(child, rest) } : obj;
}

/** Bookkeeping the API server changes on every write; never a reason to reconcile. */
const VOLATILE_METADATA = ['resourceVersion', 'managedFields', 'generation'];

/**
 * True when `after` differs from `before` only in foreign fields (and write bookkeeping): istiod
 * patching a caBundle or failurePolicy. Such a change needs no reconcile, since we would leave it
 * alone anyway. Pure.
 */
export function changesOnlyForeignFields(before: KubeObject, after: KubeObject): boolean {
  const paths = FOREIGN_WEBHOOK_FIELDS[after.kind];
  if (!paths || before.kind !== after.kind) return false;
  const strip = (o: KubeObject): string => {
    const metadata = Object.fromEntries(Object.entries(o.metadata).filter(([k]) => !VOLATILE_METADATA.includes(k)));
    const webhooks = Array.isArray(o.webhooks) ? o.webhooks.map((h) => (isJsonObject(h) ? paths.reduce<JsonObject>(withoutPath, h) : h)) : o.webhooks;
    return JSON.stringify({ ...o, metadata, webhooks });
  };
  return strip(before) === strip(after);
}
