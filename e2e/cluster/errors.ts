import type { ComponentName } from './component-args.js';

/** A failed start that names the component, so the message can show that component's log. */
export class ComponentError extends Error {
  constructor(readonly component: ComponentName, message: string) {
    super(`${component}: ${message}`);
  }
}

/** A start failure whose message carries the reason, the failing log's tail and every log path. */
export class ClusterStartError extends Error {}
