import { CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';

export const NODE_NAME = 'kwok-node-0';

/**
 * A simulated node: no NoSchedule taint (workloads need no tolerations) and capacity generous enough
 * for a full Istio install (istiod alone requests 500m / 2Gi).
 */
export function buildSimulatedNode(name: string = NODE_NAME): V1Node {
  const resources = { cpu: '32', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, type: 'kwok',
      },
    },
    status: {
      allocatable: resources,
      capacity: resources,
      nodeInfo: {
        architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'fake', kubeProxyVersion: 'fake',
        bootID: '', containerRuntimeVersion: '', kernelVersion: '', machineID: '', osImage: '', systemUUID: '',
      },
    },
  };
}

export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Creates the node (kwok then initialises it) and waits until it reports Ready. */
export async function applySimulatedNode(kc: KubeConfig, timeoutMs: number, exited: () => string | null): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNode({ body: buildSimulatedNode() });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = exited();
    if (status !== null) throw new Error(`kwok ended (${status}) before node ${NODE_NAME} was Ready`);
    if (isNodeReady(await core.readNode({ name: NODE_NAME }))) return;
    await sleep(250);
  }
  throw new Error(`node ${NODE_NAME} was not Ready within ${timeoutMs / 1000} s`);
}
