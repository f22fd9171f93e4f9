// What the bench scripts share: how often a case runs, the median, how a time is printed.
export const RUNS = 5;
export const WARMUPS = 2;
export const STRICT = process.argv.includes('--strict');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const ms = (x: number): string => `${x.toFixed(1)} ms`;
