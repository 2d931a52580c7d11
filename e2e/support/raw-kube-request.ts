import https from 'node:https';
import http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

export interface RawResponse {
  status: number;
  /** The parsed JSON body (a Status on refusal), or the text when it is not JSON. */
  body: unknown;
  text: string;
}

/**
 * One request with a body sent byte for byte as given (no JSON.stringify on our side), authenticated as the
 * kubeconfig's current user. For inputs a JS object cannot carry, e.g. a literal "__proto__" key.
 */
export async function sendRawKubeRequest(kc: KubeConfig, method: string, path: string, body: string, contentType = 'application/json'): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const opts: https.RequestOptions = { method, headers: { 'content-type': contentType, accept: 'application/json', 'content-length': Buffer.byteLength(body) } };
  // Lets the client library fill in the CA, client certificates and bearer token of the current user.
  await kc.applyToHTTPSOptions(opts);
  const transport = url.protocol === 'https:' ? https : http;
  return await new Promise<RawResponse>((resolve, reject) => {
    const req = transport.request(url, { ...opts, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
