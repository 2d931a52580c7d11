import type { JsonObject } from '../../src/api/json.js';

/** One pod per injection template (and native sidecars), as a user would deploy it. */
export interface InjectionCase {
  name: string;
  pod: JsonObject;
}

const appPod = (name: string, annotations: Record<string, string> = {}, labels: Record<string, string> = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'shop', version: 'v1', ...labels }, annotations },
  spec: {
    serviceAccountName: 'shop',
    containers: [{ name: 'app', image: 'registry.example/shop:1.0', ports: [{ containerPort: 8080, name: 'http' }], readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } }],
  },
});

const gatewayPod = (name: string): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'edge-gateway', istio: 'edge-gateway' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
  spec: { serviceAccountName: 'edge-gateway', containers: [{ name: 'istio-proxy', image: 'auto' }] },
});

export const INJECTION_CASES: InjectionCase[] = [
  { name: 'sidecar', pod: appPod('shop-sidecar') },
  { name: 'native-sidecar', pod: appPod('shop-native', { 'sidecar.istio.io/nativeSidecar': 'true' }) },
  { name: 'gateway', pod: gatewayPod('edge-gateway') },
  { name: 'grpc-agent', pod: appPod('shop-grpc-agent', { 'inject.istio.io/templates': 'grpc-agent' }) },
  { name: 'grpc-simple', pod: appPod('shop-grpc-simple', { 'inject.istio.io/templates': 'grpc-simple' }) },
];
