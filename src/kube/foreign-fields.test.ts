import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../api/json.js';
import type { KubeObject } from '../api/kube-object.js';
import { changesOnlyForeignFields, yieldForeignFields } from './foreign-fields.js';

const hook = { name: 'rev.validation.istio.io', failurePolicy: 'Ignore', clientConfig: { service: { name: 'istiod', namespace: 'istio-system' } } };
const desired: KubeObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'v' }, webhooks: [hook] };

function liveOwning(ours: JsonObject): KubeObject {
  const fieldsV1 = { 'f:webhooks': { 'k:{"name":"rev.validation.istio.io"}': ours } };
  return { ...desired, metadata: { name: 'v', managedFields: [{ manager: 'istio-operator', operation: 'Apply', fieldsV1 }] } };
}
const firstHook = (o: KubeObject): unknown => (o.webhooks as JsonObject[])[0];

describe('yieldForeignFields', () => {
  it('keeps everything on create', () => {
    expect(yieldForeignFields(desired, undefined, 'istio-operator')).toBe(desired);
  });

  it('keeps failurePolicy while our manager still owns it', () => {
    const live = liveOwning({ '.': {}, 'f:name': {}, 'f:failurePolicy': {}, 'f:clientConfig': { 'f:service': {} } });
    expect(firstHook(yieldForeignFields(desired, live, 'istio-operator'))).toEqual(hook);
  });

  it('drops failurePolicy and caBundle once another manager took them over', () => {
    const withCa = { ...desired, webhooks: [{ ...hook, clientConfig: { ...hook.clientConfig, caBundle: 'Y2E=' } }] };
    const live = liveOwning({ 'f:name': {}, 'f:clientConfig': { 'f:service': {} } });
    expect(firstHook(yieldForeignFields(withCa, live, 'istio-operator'))).toEqual({ name: hook.name, clientConfig: hook.clientConfig });
  });

  it('leaves a mutating webhook failurePolicy ours (istiod only writes its caBundle)', () => {
    const mutating = { ...desired, kind: 'MutatingWebhookConfiguration' };
    const live = liveOwning({ 'f:name': {} });
    expect(firstHook(yieldForeignFields(mutating, { ...live, kind: 'MutatingWebhookConfiguration' }, 'istio-operator'))).toEqual(hook);
  });

  it('ignores other kinds', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } };
    expect(yieldForeignFields(cm, cm, 'istio-operator')).toBe(cm);
  });
});

describe('changesOnlyForeignFields', () => {
  const patched: KubeObject = { ...desired, metadata: { name: 'v', resourceVersion: '9', managedFields: [] }, webhooks: [{ ...hook, failurePolicy: 'Fail', clientConfig: { ...hook.clientConfig, caBundle: 'Y2E=' } }] };

  it('is true when istiod only switched failurePolicy and set the caBundle', () => {
    expect(changesOnlyForeignFields({ ...desired, metadata: { name: 'v', resourceVersion: '8' } }, patched)).toBe(true);
  });

  it('is false when anything else changed', () => {
    const relabelled = { ...patched, metadata: { ...patched.metadata, labels: { a: 'b' } } };
    expect(changesOnlyForeignFields(desired, relabelled)).toBe(false);
    const rerouted = { ...patched, webhooks: [{ ...hook, clientConfig: { service: { name: 'other', namespace: 'x' } } }] };
    expect(changesOnlyForeignFields(desired, rerouted)).toBe(false);
  });

  it('is false for a mutating webhook failurePolicy (ours to keep)', () => {
    const kind = 'MutatingWebhookConfiguration';
    expect(changesOnlyForeignFields({ ...desired, kind }, { ...desired, kind, webhooks: [{ ...hook, failurePolicy: 'Fail' }] })).toBe(false);
  });
});
