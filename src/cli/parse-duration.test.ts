import { describe, expect, it } from 'vitest';
import { parseDurationSeconds } from './parse-duration.js';

describe('parseDurationSeconds (timeouts as kubectl and istioctl take them)', () => {
  it.each([
    ['300', 300],
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['1.5m', 90],
    ['500ms', 0.5],
    [' 2m ', 120],
  ])('%s is %d seconds', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it.each(['', '5 m', '5mx', 'm', '-5s', '1d', 'soon'])('refuses %j', (text) => expect(parseDurationSeconds(text)).toBeUndefined());
});
