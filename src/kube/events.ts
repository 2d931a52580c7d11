import { randomBytes } from 'node:crypto';
import type { IstioOperatorObject } from '../api/istio-operator.js';
import { FIELD_MANAGER } from '../api/labels.js';
import type { KubeClients } from './kube-client.js';

export type EventType = 'Normal' | 'Warning';

export interface RecordEventOptions {
  now?: () => Date;
  /** Identifies this operator replica; events.k8s.io requires it. */
  reportingInstance?: string;
  action?: string;
}

export type RecordEventResult = { ok: true } | { ok: false; error: unknown };

/** events.k8s.io wants MicroTime: RFC 3339 with exactly six fractional digits. */
export function buildMicroTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const NOTE_LIMIT = 1024;

/**
 * Create one events.k8s.io/v1 Event about an IstioOperator. Never throws: an event is a courtesy,
 * so the result says whether it worked and the caller logs a failure and carries on.
 */
export async function recordEvent(
  clients: KubeClients,
  involved: IstioOperatorObject,
  type: EventType,
  reason: string,
  message: string,
  opts: RecordEventOptions = {},
): Promise<RecordEventResult> {
  const namespace = involved.metadata.namespace ?? 'default';
  const note = Buffer.byteLength(message) > NOTE_LIMIT ? `${Buffer.from(message).subarray(0, NOTE_LIMIT - 3).toString('utf8').replace(/\uFFFD$/, '')}...` : message;
  const now = (opts.now ?? (() => new Date()))();
  // generateName would need a valid DNS name as prefix; client-go names events `<object>.<time hex>` too.
  const name = `${involved.metadata.name}.${now.getTime().toString(16)}${randomBytes(3).toString('hex')}`;
  const body = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace },
    eventTime: buildMicroTime(now),
    reportingController: FIELD_MANAGER,
    reportingInstance: opts.reportingInstance ?? FIELD_MANAGER,
    action: opts.action ?? 'Reconcile',
    type,
    reason,
    note,
    regarding: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      namespace,
      name: involved.metadata.name,
      ...(involved.metadata.uid ? { uid: involved.metadata.uid } : {}),
      ...(involved.metadata.resourceVersion ? { resourceVersion: involved.metadata.resourceVersion } : {}),
    },
  };
  try {
    await clients.rest({ method: 'POST', path: `/apis/events.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/events`, body });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}
