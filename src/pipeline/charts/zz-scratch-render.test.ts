import { test } from 'vitest';
import deepmerge from 'deepmerge';
import yaml from 'js-yaml';
import { writeFileSync } from 'node:fs';
import { loadAssets } from '/work/main/src/assets/load-assets.js';
import { renderChart } from '/work/main/src/pipeline/render-chart.js';
test('r', () => {
  const a = loadAssets();
  for (const name of ['base', 'istio-discovery']) {
    const c = a.charts.get(name)!;
    const over = JSON.parse(process.env.OVER ?? '{}');
    const r = renderChart(c, { Values: deepmerge(c.values, over, { arrayMerge: (_, s) => s }), Release: { Name: 'istio', Namespace: process.env.NS ?? 'istio-system' } });
    if (!r.ok) { console.log(JSON.stringify(r, null, 1)); continue; }
    writeFileSync(`/tmp/out-${name}.yaml`, r.value.map((o) => yaml.dump(o, { lineWidth: -1 })).join('---\n'));
    console.log(name, r.value.map((o) => `${o.kind}/${o.metadata.name}`).join('\n'));
  }
});
