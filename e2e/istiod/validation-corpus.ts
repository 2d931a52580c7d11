import type { JsonObject } from '../../src/api/json.js';

const net = (kind: string, name: string, spec: JsonObject): JsonObject => ({ apiVersion: 'networking.istio.io/v1', kind, metadata: { name }, spec });
const route = (host: string, subset?: string, weight?: number): JsonObject => ({ destination: { host, ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) });

/** Traffic-management configs istiod must accept: one per feature, written for this test. */
export const VALID_CONFIGS: JsonObject[] = [
  net('VirtualService', 'header-routing', { hosts: ['shop'], http: [{ match: [{ headers: { 'x-tier': { exact: 'gold' } } }], route: [route('shop', 'v2')] }, { route: [route('shop', 'v1')] }] }),
  net('VirtualService', 'fault-delay', { hosts: ['ratings'], http: [{ fault: { delay: { percentage: { value: 10 }, fixedDelay: '3s' } }, route: [route('ratings')] }] }),
  net('VirtualService', 'fault-abort', { hosts: ['ratings'], http: [{ fault: { abort: { percentage: { value: 5 }, httpStatus: 503 } }, route: [route('ratings')] }] }),
  net('VirtualService', 'canary-split', { hosts: ['cart'], http: [{ route: [route('cart', 'stable', 90), route('cart', 'canary', 10)] }] }),
  net('VirtualService', 'retries-timeout', { hosts: ['search'], http: [{ retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure' }, timeout: '10s', route: [route('search')] }] }),
  net('VirtualService', 'mirror', { hosts: ['orders'], http: [{ route: [route('orders', 'v1')], mirror: { host: 'orders', subset: 'v2' }, mirrorPercentage: { value: 25 } }] }),
  net('VirtualService', 'rewrite-redirect', { hosts: ['docs'], http: [{ match: [{ uri: { prefix: '/old' } }], redirect: { uri: '/new' } }, { match: [{ uri: { prefix: '/api' } }], rewrite: { uri: '/' }, route: [route('docs')] }] }),
  net('DestinationRule', 'lb-subsets', { host: 'cart', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } }, subsets: [{ name: 'stable', labels: { version: 'v1' } }, { name: 'canary', labels: { version: 'v2' } }] }),
  net('DestinationRule', 'consistent-hash', { host: 'session', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } } } }),
  net('DestinationRule', 'outlier-pool', { host: 'payments', trafficPolicy: { connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 } } }),
  net('ServiceEntry', 'external-api', { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', ports: [{ number: 443, name: 'https', protocol: 'TLS' }], resolution: 'DNS' }),
  net('Sidecar', 'egress-scope', { egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } }),
  net('Gateway', 'public', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'] }] }),
];

/** Malformed configs istiod must deny, each with what is wrong with it. */
export const INVALID_CONFIGS: { why: string; config: JsonObject }[] = [
  { why: 'a route destination without host', config: net('VirtualService', 'no-dest-host', { hosts: ['shop'], http: [{ route: [{ destination: { subset: 'v1' } }] }] }) },
  { why: 'a negative route weight', config: net('VirtualService', 'weights', { hosts: ['cart'], http: [{ route: [route('cart', 'a', 110), route('cart', 'b', -10)] }] }) },
  { why: 'a fault percentage over 100', config: net('VirtualService', 'fault', { hosts: ['r'], http: [{ fault: { abort: { percentage: { value: 150 }, httpStatus: 503 } }, route: [route('r')] }] }) },
  { why: 'a negative retry count', config: net('VirtualService', 'retries', { hosts: ['s'], http: [{ retries: { attempts: -1 }, route: [route('s')] }] }) },
  { why: 'a DestinationRule without host', config: net('DestinationRule', 'no-host', { trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN' } } }) },
  { why: 'an outlier ejection percent over 100', config: net('DestinationRule', 'ejection', { host: 'p', trafficPolicy: { outlierDetection: { maxEjectionPercent: 150 } } }) },
  { why: 'a ServiceEntry port without number', config: net('ServiceEntry', 'no-port', { hosts: ['x.example.com'], ports: [{ name: 'https', protocol: 'TLS' }], resolution: 'DNS' }) },
  { why: 'a Gateway server without hosts', config: net('Gateway', 'no-hosts', { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] }) },
  { why: 'a Sidecar egress host without namespace', config: net('Sidecar', 'bad-egress', { egress: [{ hosts: ['nonamespace'] }] }) },
];
