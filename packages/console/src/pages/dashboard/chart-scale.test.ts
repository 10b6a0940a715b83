import { describe, expect, it } from 'vitest';
import { axisTicks } from './chart-scale.ts';

describe('axisTicks', () => {
  it('starts at 0 and ends at or above the largest count, in round steps', () => {
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(1)).toEqual([0, 1]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(5)).toEqual([0, 2, 4, 6]);
    expect(axisTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });

  it('never has more than 6 ticks nor a fractional step', () => {
    for (let max = 1; max <= 5000; max += 7) {
      const ticks = axisTicks(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });
});
