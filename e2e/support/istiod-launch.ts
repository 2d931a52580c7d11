import type { JsonObject, JsonValue } from '../../src/api/json.js';
import { isJsonObject } from '../../src/api/json.js';
import type { KubeObject } from '../../src/api/kube-object.js';

/** Loopback ports istiod listens on when run as a local process. */
export interface IstiodPorts {
  http: number; // /ready, /debug (the readiness probe's port 8080 in a pod)
  grpc: number; // plain xDS (15010)
  secureGrpc: number; // xDS over TLS and the CA (15012)
  https: number; // webhooks /inject, /validate (15017)
  monitoring: number; // /metrics (15014)
  ctrlz: number; // ControlZ (9876)
}

export interface IstiodLaunch {
  args: string[];
  env: Record<string, string>;
}

/** Env the pod would get from the downward API, given the Deployment's pod template. */
function fieldRefValue(path: string, podName: string, namespace: string, serviceAccount: string): string | undefined {
  if (path === 'metadata.name') return podName;
  if (path === 'metadata.namespace') return namespace;
  if (path === 'spec.serviceAccountName') return serviceAccount;
  if (path === 'status.podIP' || path === 'status.hostIP') return '127.0.0.1';
  return undefined;
}

const asObject = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});

/**
 * How to run the `discovery` container of the operator's istiod Deployment as a local process: its
 * args and env as rendered, with every listener moved to 127.0.0.1 and the in-cluster bits replaced
 * (downward-API env resolved, KUBECONFIG pointing at the test cluster). Env read from resource
 * limits (GOMEMLIMIT, GOMAXPROCS) is left out: no pod, no limits. Pure.
 */
export function buildIstiodLaunch(deployment: KubeObject, ports: IstiodPorts, kubeconfig: string): IstiodLaunch {
  const namespace = deployment.metadata.namespace ?? 'istio-system';
  const podSpec = asObject(asObject(asObject(deployment.spec as JsonValue).template).spec);
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  const discovery = containers.map(asObject).find((c) => c.name === 'discovery');
  if (!discovery) throw new Error(`Deployment ${namespace}/${deployment.metadata.name} has no discovery container`);
  const serviceAccount = typeof podSpec.serviceAccountName === 'string' ? podSpec.serviceAccountName : 'istiod';
  const env: Record<string, string> = {};
  for (const e of (Array.isArray(discovery.env) ? discovery.env : []).map(asObject)) {
    if (typeof e.name !== 'string') continue;
    if (typeof e.value === 'string') env[e.name] = e.value;
    const ref = asObject(asObject(e.valueFrom).fieldRef).fieldPath;
    const value = typeof ref === 'string' ? fieldRefValue(ref, `${deployment.metadata.name}-local`, namespace, serviceAccount) : undefined;
    if (value !== undefined) env[e.name] = value;
  }
  env.KUBECONFIG = kubeconfig;
  const rendered = (Array.isArray(discovery.args) ? discovery.args : []).filter((a): a is string => typeof a === 'string');
  // pflag keeps the last value of a repeated flag, so these override what the Deployment says.
  const local = [
    `--kubeconfig=${kubeconfig}`,
    `--httpAddr=127.0.0.1:${ports.http}`,
    `--grpcAddr=127.0.0.1:${ports.grpc}`,
    `--secureGRPCAddr=127.0.0.1:${ports.secureGrpc}`,
    `--httpsAddr=127.0.0.1:${ports.https}`,
    `--monitoringAddr=127.0.0.1:${ports.monitoring}`,
    '--ctrlz_address=127.0.0.1',
    `--ctrlz_port=${ports.ctrlz}`,
  ];
  return { args: [...rendered, ...local], env };
}
