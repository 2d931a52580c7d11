import { describe, expect, it } from 'vitest';
import {
  buildErrorOutcome,
  classifyError,
  ConflictError,
  InvalidSpecError,
} from './reconcile-errors.js';

/** Shaped like client-node 1.x `ApiException` (not imported: classifyError must duck-type it). */
class FakeApiException extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
  ) {
    super(`HTTP-Code: ${code}\nMessage: ${body === undefined ? 'Unauthorized' : 'Unknown API Status Code!'}\nBody: ${JSON.stringify(body)}\nHeaders: {}`);
  }
}

const status = (code: number, message: string): string =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

describe('classifyError', () => {
  const cases: { name: string; error: unknown; reason: string; retryable: boolean; message?: string | RegExp }[] = [
    {
      name: 'invalid spec',
      error: new InvalidSpecError([{ path: 'spec.profile', reason: 'must be a string' }, { path: '', reason: 'bad' }]),
      reason: 'InvalidSpec',
      retryable: false,
      message: 'spec.profile: must be a string; bad',
    },
    { name: 'unknown profile', error: new InvalidSpecError([{ path: 'spec.profile', reason: 'unknown profile "x"' }], 'UnknownProfile'), reason: 'UnknownProfile', retryable: false },
    {
      name: 'ownership conflict',
      error: new ConflictError({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'istio-system', name: 'istiod' }, { name: 'other', namespace: 'istio-system' }),
      reason: 'Conflict',
      retryable: false,
      message: 'Deployment.apps istio-system/istiod is owned by IstioOperator istio-system/other',
    },
    { name: 'ApiException 429', error: new FakeApiException(429, status(429, 'too many requests')), reason: 'ApiRequestFailed', retryable: true, message: 'HTTP 429: too many requests' },
    { name: 'ApiException 500', error: new FakeApiException(500, status(500, 'etcdserver: timeout')), reason: 'ApiRequestFailed', retryable: true },
    { name: 'ApiException 409 conflict', error: new FakeApiException(409, status(409, 'the object has been modified')), reason: 'ApiRequestFailed', retryable: true },
    { name: 'ApiException 404', error: new FakeApiException(404, status(404, 'the server could not find the requested resource')), reason: 'ApiRequestFailed', retryable: true },
    { name: 'ApiException 400', error: new FakeApiException(400, status(400, 'bad request')), reason: 'ApiRequestFailed', retryable: false },
    {
      name: 'ApiException 422 keeps the server message',
      error: new FakeApiException(422, status(422, 'Deployment.apps "istiod" is invalid: spec.replicas: Invalid value: -1')),
      reason: 'ApiRequestFailed',
      retryable: false,
      message: 'HTTP 422: Deployment.apps "istiod" is invalid: spec.replicas: Invalid value: -1',
    },
    { name: 'ApiException 403', error: new FakeApiException(403, { message: 'forbidden: cannot patch' }), reason: 'ApiRequestFailed', retryable: true, message: 'HTTP 403: forbidden: cannot patch' },
    { name: 'ApiException without body (401)', error: new FakeApiException(401, undefined), reason: 'ApiRequestFailed', retryable: true, message: 'HTTP 401: Unauthorized' },
    { name: 'non-JSON body', error: new FakeApiException(502, 'Bad Gateway'), reason: 'ApiRequestFailed', retryable: true, message: 'HTTP 502: Bad Gateway' },
    { name: 'connection refused', error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), reason: 'ApiRequestFailed', retryable: true },
    { name: 'wrapped network cause', error: new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }), reason: 'ApiRequestFailed', retryable: true },
    { name: 'abort', error: Object.assign(new Error('aborted'), { name: 'AbortError' }), reason: 'ApiRequestFailed', retryable: true },
    { name: 'unknown Error', error: new Error('boom'), reason: 'InternalError', retryable: true, message: 'boom' },
    { name: 'thrown string', error: 'boom', reason: 'InternalError', retryable: true, message: 'boom' },
    { name: 'thrown object with a non-HTTP numeric code', error: { code: 7, body: 'x' }, reason: 'InternalError', retryable: true },
  ];

  it.each(cases)('$name -> $reason, retryable $retryable', ({ error, reason, retryable, message }) => {
    const c = classifyError(error);
    expect(c.reason).toBe(reason);
    expect(c.retryable).toBe(retryable);
    if (message !== undefined) expect(c.message).toMatch(message);
    expect(buildErrorOutcome(error).kind).toBe(retryable ? 'retry' : 'terminal');
  });

  it('keeps typed details for callers', () => {
    const e = new InvalidSpecError([{ path: 'spec.tag', reason: 'required' }]);
    expect(e.fieldErrors).toEqual([{ path: 'spec.tag', reason: 'required' }]);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('InvalidSpecError');
  });
});
