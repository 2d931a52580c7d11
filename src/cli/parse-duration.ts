const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * A timeout as kubectl and istioctl take it: a Go duration (`90s`, `5m`, `1h30m`, `1.5m`) or, as before, a
 * plain number of seconds. Seconds, or undefined when the text is neither.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(trimmed)) return Number(trimmed);
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g)) seconds += Number(amount) * (UNIT_SECONDS[unit as string] as number);
  return seconds;
}
