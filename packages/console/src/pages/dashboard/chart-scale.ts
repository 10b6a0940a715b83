// The y axis of the activity chart: round numbers, whatever the counts.

/**
 * Ticks from 0 to a "nice" top at or above `max`, in steps of 1, 2 or 5 × 10ⁿ (at most 6 ticks).
 * Counts are whole numbers, so the step is never below 1.
 */
export function axisTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const roughStep = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(roughStep));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= roughStep)!);
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}
