import { isJsonObject, type JsonObject } from '../api/json.js';
import type { ParityCase } from './parity-cases.js';
import type { Inventory } from './parity-inventory.js';

/** What `testdata/istioctl-parity/<case>.json` holds: the flags used, the istioctl version, the inventory. */
export interface ParitySnapshot {
  istioctlVersion: string;
  setFlags: string[];
  objects: Inventory;
}

export function renderParitySnapshot(c: ParityCase, istioctlVersion: string, objects: Inventory): string {
  const snapshot: ParitySnapshot = { istioctlVersion, setFlags: c.setFlags, objects };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}

export function parseParitySnapshot(text: string): ParitySnapshot {
  const doc: unknown = JSON.parse(text);
  const o = doc as JsonObject;
  if (!isJsonObject(o) || typeof o.istioctlVersion !== 'string' || !Array.isArray(o.setFlags) || !isJsonObject(o.objects ?? null)) {
    throw new Error('not a parity snapshot: expected {istioctlVersion, setFlags, objects}');
  }
  return { istioctlVersion: o.istioctlVersion, setFlags: o.setFlags.map(String), objects: o.objects as unknown as Inventory };
}
