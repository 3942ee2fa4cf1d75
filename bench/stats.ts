export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Rounded for the report: ratios to 2 decimals, milliseconds to 0.01. */
export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export const ratio = (value: number, base: number) => round(value / base);
