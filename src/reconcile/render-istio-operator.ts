import type { Result } from '../api/errors.js';
import type { IstioOperatorObject, IstioOperatorStatus } from '../api/istio-operator.js';
import type { JsonObject } from '../api/json.js';
import { AnnotationKeys } from '../api/labels.js';
import type { GatewayListMerge } from '../pipeline/merge-gateways-by-name.js';
import { renderInstallation } from '../pipeline/render-installation.js';
import type { DesiredState } from '../pipeline/types.js';
import type { OwnerKey } from './ports.js';
import type { ReconcilerDeps } from './reconciler-deps.js';
import { assessInPlaceUpgrade } from './upgrade-policy.js';
import { InvalidSpecError } from './reconcile-errors.js';
import { ConditionReasons } from './conditions.js';

/**
 * Installations applied before the operator had version packs record no release; every one of them is
 * Istio 1.27.9, the only release that operator could install.
 */
const RELEASE_BEFORE_PACKS = '1.27.9';

/**
 * Renders an IstioOperator with the pack it names (istio-version annotation, else its tag), else with the
 * release it already runs, else with the newest. A tag and an annotation that disagree are refused: the
 * operator never pairs one release's injector with another's proxies.
 */
export function renderIstioOperator(
  iop: IstioOperatorObject,
  owner: OwnerKey,
  previous: IstioOperatorStatus | undefined,
  gatewayListMerge: GatewayListMerge,
  deps: Pick<ReconcilerDeps, 'packs' | 'clock'>,
): Result<DesiredState> {
  const named = iop.metadata.annotations?.[AnnotationKeys.istioVersion];
  const spelling = `metadata.annotations[${AnnotationKeys.istioVersion}]`;
  const installed = installedVersion(previous);
  return renderInstallation(
    {
      documents: [toDocument(iop)],
      setFlags: [],
      owner,
      gatewayListMerge,
      ...(named !== undefined ? { istioVersion: { version: named, path: spelling } } : {}),
    },
    deps.packs,
    {
      ...(installed !== undefined ? { installed } : {}),
      tagConflict: 'refuse',
      explicitSpelling: `the annotation ${AnnotationKeys.istioVersion}: X.Y.Z`,
      today: deps.clock.now().toISOString().slice(0, 10),
    },
  );
}

/** The release the installation runs, as the last successful apply recorded it. */
export function installedVersion(previous: IstioOperatorStatus | undefined): string | undefined {
  if (previous?.istioVersion !== undefined) return previous.istioVersion;
  return previous?.inventory !== undefined ? RELEASE_BEFORE_PACKS : undefined;
}

/**
 * Refuses an in-place move between releases that upstream's policy does not allow (more than one minor at
 * a time), unless the IstioOperator accepts it. Throws InvalidSpecError with reason UpgradeNotAllowed.
 */
export function checkVersionChange(iop: IstioOperatorObject, previous: IstioOperatorStatus | undefined, target: string): void {
  const installed = installedVersion(previous);
  const verdict = assessInPlaceUpgrade(installed, target);
  if (verdict.allowed || iop.metadata.annotations?.[AnnotationKeys.allowVersionSkip] === 'true') return;
  throw new InvalidSpecError(
    [{ path: 'spec.tag', reason: `${verdict.message}; or install the new release beside the old as a canary (spec.revision), or set the annotation ${AnnotationKeys.allowVersionSkip}: "true" to accept the skip` }],
    ConditionReasons.UpgradeNotAllowed,
  );
}

/** The CR as the pipeline's input document: apiVersion, kind, metadata name and annotations, spec. */
function toDocument(iop: IstioOperatorObject): JsonObject {
  const annotations = iop.metadata.annotations ?? {};
  return { apiVersion: iop.apiVersion, kind: iop.kind, metadata: { name: iop.metadata.name, annotations }, spec: iop.spec ?? {} };
}
