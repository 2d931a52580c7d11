import type { FieldError } from '../api/errors.js';
import type { IstioOperatorSpec } from '../api/istio-operator.js';
import { childOf } from './translate-values.js';

/** `values.profile` names with chart deltas of their own (charts/<chart>/values.yaml `_profiles`). */
export const CHART_PROFILES = ['ambient', 'demo', 'preview', 'remote', 'stable'] as const;
export const PLATFORMS = ['gke', 'k3d', 'k3s', 'microk8s', 'minikube', 'openshift'] as const;

/**
 * The switches that select chart deltas (values.profile, values.global.platform): an unknown name is
 * refused with the field named instead of rendering without the delta.
 */
export function checkChartSelectors(spec: IstioOperatorSpec): FieldError[] {
  const values = spec.values ?? {};
  const global = childOf(values, 'global');
  const errors: FieldError[] = [];
  const profile = values.profile;
  const profiles: readonly string[] = CHART_PROFILES;
  if (typeof profile === 'string' && profile !== '' && !profiles.includes(profile)) {
    errors.push({ path: 'spec.values.profile', reason: `unknown chart profile ${JSON.stringify(profile)} (chart profiles: ${CHART_PROFILES.join(', ')})` });
  }
  const platform = global.platform;
  const platforms: readonly string[] = PLATFORMS;
  if (typeof platform === 'string' && platform !== '' && !platforms.includes(platform)) {
    errors.push({ path: 'spec.values.global.platform', reason: `unknown platform ${JSON.stringify(platform)} (known: ${PLATFORMS.join(', ')})` });
  }
  return errors;
}
