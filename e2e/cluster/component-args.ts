import { join } from 'node:path';
import type { ClusterPaths } from './paths.js';
import type { Pki } from './pki.js';
import { LOOPBACK } from './ports.js';

/** Address plan. kwok's pod CIDR and node IP stay outside the Service range (kwok's default 10.0.0.0/24 would not). */
export const NETWORK = {
  serviceCidr: '10.96.0.0/16',
  podCidr: '10.244.0.0/16',
  nodeIp: '10.245.0.1',
} as const;

export interface ClusterPorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
  readonly controllerManager: number;
  readonly scheduler: number;
}

export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface ArgsInput {
  readonly paths: ClusterPaths;
  readonly pki: Pki;
  readonly ports: ClusterPorts;
  readonly advertiseAddress: string;
  readonly stagesDir: string;
}

const url = (scheme: 'http' | 'https', port: number): string => `${scheme}://${LOOPBACK}:${port}`;

export function buildEtcdArgs({ paths, ports }: ArgsInput): string[] {
  const peer = url('http', ports.etcdPeer);
  return [
    '--name=default', `--data-dir=${paths.etcdData}`,
    `--listen-client-urls=${url('http', ports.etcdClient)}`, `--advertise-client-urls=${url('http', ports.etcdClient)}`,
    `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`, `--initial-cluster=default=${peer}`,
    '--unsafe-no-fsync=true', '--log-level=warn',
  ];
}

export function buildApiserverArgs({ paths, pki, ports, advertiseAddress }: ArgsInput): string[] {
  return [
    `--etcd-servers=${url('http', ports.etcdClient)}`,
    `--bind-address=${LOOPBACK}`, `--secure-port=${ports.apiserver}`,
    // Written into the `kubernetes` Endpoints only; nothing dials it (see ports.ts).
    `--advertise-address=${advertiseAddress}`,
    `--cert-dir=${paths.certDir}`, `--tls-cert-file=${pki.servingCert}`, `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`, '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPub}`, `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    `--service-cluster-ip-range=${NETWORK.serviceCidr}`, '--allow-privileged=true',
    // Webhook backends would be fake ClusterIPs / pod IPs: the apiserver must never dial them.
    '--disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook',
    '--enable-aggregator-routing=false', '--v=1',
  ];
}

function buildComponentServingArgs({ paths }: ArgsInput, name: ComponentName, port: number): string[] {
  return [
    `--kubeconfig=${paths.kubeconfig}`,
    `--authentication-kubeconfig=${paths.kubeconfig}`, `--authorization-kubeconfig=${paths.kubeconfig}`,
    `--bind-address=${LOOPBACK}`, `--secure-port=${port}`, `--cert-dir=${join(paths.certDir, name)}`,
    '--leader-elect=false', '--v=1',
  ];
}

export function buildControllerManagerArgs(input: ArgsInput): string[] {
  return [
    ...buildComponentServingArgs(input, 'kube-controller-manager', input.ports.controllerManager),
    `--service-account-private-key-file=${input.pki.serviceAccountKey}`,
    `--root-ca-file=${input.pki.caCert}`,
    `--service-cluster-ip-range=${NETWORK.serviceCidr}`,
  ];
}

export function buildSchedulerArgs(input: ArgsInput): string[] {
  return buildComponentServingArgs(input, 'kube-scheduler', input.ports.scheduler);
}

/** The v0.8.0 stage files kwok needs (it has no built-in stages any more). */
export const KWOK_STAGES = [
  'node/fast/node-initialize.yaml',
  'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'pod/fast/pod-ready.yaml',
  'pod/fast/pod-complete.yaml',
  'pod/fast/pod-delete.yaml',
] as const;

export function buildKwokArgs({ paths, stagesDir }: ArgsInput): string[] {
  return [
    `--kubeconfig=${paths.kubeconfig}`, '--manage-all-nodes=true',
    ...KWOK_STAGES.map((s) => `--config=${join(stagesDir, s)}`),
    '--node-lease-duration-seconds=40',
    `--cidr=${NETWORK.podCidr}`, `--node-ip=${NETWORK.nodeIp}`,
    // No --server-address / --node-port: kwok then serves nothing (no logs/exec/port-forward).
  ];
}

export const ARGS_BUILDERS: Readonly<Record<ComponentName, (input: ArgsInput) => string[]>> = {
  etcd: buildEtcdArgs,
  'kube-apiserver': buildApiserverArgs,
  'kube-controller-manager': buildControllerManagerArgs,
  'kube-scheduler': buildSchedulerArgs,
  kwok: buildKwokArgs,
};
