/**
 * Every difference between a pod injected with our injector configuration and the same pod injected by
 * the same istiod with upstream's (istioctl manifest generate), each with why it is accepted. This is
 * the only place such differences may be listed; anything not matched here fails the test.
 */
export interface InjectionException {
  /** The injection case (INJECTION_CASES name), or '*' for all. */
  inCase: string;
  /** Matches the JSON path of the difference, e.g. `.spec.containers[istio-proxy].env[GOMEMLIMIT]`. */
  path: RegExp;
  reason: string;
}

export const INJECTION_EXCEPTIONS: InjectionException[] = [];

export function findException(inCase: string, path: string): InjectionException | undefined {
  return INJECTION_EXCEPTIONS.find((e) => (e.inCase === '*' || e.inCase === inCase) && e.path.test(path));
}
