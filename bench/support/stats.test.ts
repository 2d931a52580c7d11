import { describe, expect, it } from 'vitest';
import { renderTable } from './report.js';
import { computeMedian, computePercentile, formatNumber, summarize } from './stats.js';

describe('summarize', () => {
  it.each([
    { samples: [3, 1, 2], median: 2, p95: 3, min: 1, max: 3 },
    { samples: [4, 1, 3, 2], median: 2.5, p95: 4, min: 1, max: 4 },
    { samples: Array.from({ length: 100 }, (_, i) => 100 - i), median: 50.5, p95: 95, min: 1, max: 100 },
    { samples: [7], median: 7, p95: 7, min: 7, max: 7 },
  ])('$samples.length samples', ({ samples, median, p95, min, max }) => {
    expect(summarize(samples)).toEqual({ n: samples.length, median, p95, min, max });
  });

  it('gives NaN for no samples rather than a made-up figure', () => {
    expect(computeMedian([])).toBeNaN();
    expect(computePercentile([], 95)).toBeNaN();
    expect(formatNumber(Number.NaN)).toBe('-');
    expect([formatNumber(391), formatNumber(360.04, 2), formatNumber(47, 0)]).toEqual(['391.0', '360.04', '47']);
  });
});

describe('renderTable', () => {
  it('aligns figures right under their headers', () => {
    const text = renderTable({ title: 'T', columns: ['case', 'ms'], rows: [['demo', '1.5'], ['minimal', '12.0']], notes: ['n'] });
    expect(text.split('\n')).toEqual(['## T', '', 'case       ms', '-------  ----', 'demo      1.5', 'minimal  12.0', '', '  n', '']);
  });
});
