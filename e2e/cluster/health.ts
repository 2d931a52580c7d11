import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Probe {
  readonly url: string;
  /** PEM CA for https; without it the (self-signed, loopback-only) serving cert is not verified. */
  readonly ca?: string;
}

/** One GET; resolves to the status code and a short body, or the connection error. */
export function getProbe(probe: Probe, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const https = probe.url.startsWith('https:');
    const options = https ? { ca: probe.ca, rejectUnauthorized: probe.ca !== undefined, timeout: timeoutMs }
      : { timeout: timeoutMs };
    const req = (https ? httpsRequest : httpRequest)(probe.url, options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { if (body.length < 2_000) body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export async function isHealthy(probe: Probe): Promise<boolean> {
  try {
    return (await getProbe(probe)).status === 200;
  } catch {
    return false;
  }
}

/**
 * Polls until the endpoint answers 200. `exited` reports a dead process so a crash fails at once
 * instead of after the timeout.
 */
export async function waitForHealthy(probe: Probe, timeoutMs: number, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    const status = exited();
    if (status !== null) throw new Error(`the process ended (${status}) before ${probe.url} was healthy`);
    try {
      const res = await getProbe(probe);
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${res.body.trim().split('\n').slice(-3).join(' | ')}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`${probe.url} was not healthy within ${timeoutMs / 1000} s (last: ${last})`);
}
