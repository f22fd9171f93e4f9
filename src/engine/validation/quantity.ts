// Quantities (apimachinery pkg/api/resource)

import { goNumber } from './go-format';

export const QUANTITY_FMT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_QUANTITY_FORMAT = `quantities must match the regular expression '${QUANTITY_FMT}'`;
export const ERR_QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export interface ParsedQuantity {
  /** Value in units of 10^-9, rounded away from zero like Go's ParseQuantity; null when astronomically large. */
  nanos: bigint | null;
  negative: boolean;
  format: QuantityFormat;
}

export const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
export const DECIMAL_SUFFIX: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

export function parseQuantityText(input: string): ParsedQuantity | string {
  const s = input;
  if (s.length === 0) return ERR_QUANTITY_FORMAT;
  if (s === '0') return { nanos: 0n, negative: false, format: 'DecimalSI' };
  // parseQuantityString
  let pos = 0;
  const end = s.length;
  let positive = true;
  if (s[0] === '-') {
    positive = false;
    pos++;
  } else if (s[0] === '+') pos++;
  while (pos < end && s[pos] === '0') pos++;
  let numStr = '';
  let denom = '';
  let suffix = '';
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  let i = pos;
  while (i < end && isDigit(s[i])) i++;
  numStr = s.slice(pos, i);
  pos = i;
  let done = pos >= end;
  if (!done && s[pos] === '.') {
    pos++;
    let j = pos;
    while (j < end && isDigit(s[j])) j++;
    denom = s.slice(pos, j);
    pos = j;
    done = pos >= end;
  }
  if (numStr.length === 0) numStr = '0';
  if (!done) {
    const suffixStart = pos;
    let k = pos;
    while (k < end && 'eEinumkKMGTP'.includes(s[k] ?? '')) k++;
    if (k < end) {
      if (s[k] === '-' || s[k] === '+') k++;
      while (k < end && isDigit(s[k])) k++;
      if (k < end) return ERR_QUANTITY_FORMAT;
    }
    suffix = s.slice(suffixStart);
  }
  // quantitySuffixer.interpret
  let base = 10;
  let exponent = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY_SUFFIX) {
    base = 2;
    exponent = BINARY_SUFFIX[suffix] ?? 0;
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIX) {
    exponent = DECIMAL_SUFFIX[suffix] ?? 0;
  } else if (
    suffix.length > 1 &&
    (suffix[0] === 'e' || suffix[0] === 'E') &&
    /^[-+]?[0-9]+$/.test(suffix.slice(1))
  ) {
    exponent = Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else {
    return ERR_QUANTITY_SUFFIX;
  }
  if (!/^[0-9]*$/.test(numStr + denom)) return ERR_QUANTITY_NUMERIC;
  const digits = BigInt(numStr + denom);
  const scale10 = -denom.length + 9 + (base === 10 ? exponent : 0);
  let nanos: bigint | null;
  if (digits === 0n) nanos = 0n;
  else if (scale10 > 400) nanos = null;
  else if (scale10 < -400) nanos = 1n;
  else {
    let v = digits * (base === 2 ? 2n ** BigInt(exponent) : 1n);
    if (scale10 >= 0) v *= 10n ** BigInt(scale10);
    else {
      const d = 10n ** BigInt(-scale10);
      v = v % d === 0n ? v / d : v / d + 1n;
    }
    nanos = v;
  }
  return { nanos, negative: !positive && nanos !== 0n, format };
}

/**
 * Kubernetes quantity → number in base units (bytes, cores…): `1Gi` → 1073741824, `500m` → 0.5,
 * `1e3` → 1000. Null when Kubernetes would refuse the text.
 */
export function parseQuantity(q: string | number): number | null {
  const text = typeof q === 'number' ? goNumber(q) : q.trim();
  const p = parseQuantityText(text);
  if (typeof p === 'string') return null;
  if (p.nanos === null) return p.negative ? -Infinity : Infinity;
  const whole = Number(p.nanos / 1_000_000_000n) + Number(p.nanos % 1_000_000_000n) / 1e9;
  return p.negative ? -whole : whole;
}

/** Quantity.String(): the canonical form that appears in validation messages. */
export function canonicalQuantity(p: ParsedQuantity): string {
  if (p.nanos === null) return 'Inf';
  if (p.nanos === 0n) return '0';
  const sign = p.negative ? '-' : '';
  const nanoPerUnit = 1_000_000_000n;
  if (p.format === 'BinarySI' && p.nanos >= 1024n * nanoPerUnit && p.nanos % nanoPerUnit === 0n) {
    let v = p.nanos / nanoPerUnit;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return sign + v.toString() + ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k];
  }
  let m = p.nanos;
  let e = -9;
  while (m % 1000n === 0n && e < 18) {
    m /= 1000n;
    e += 3;
  }
  if (p.format === 'DecimalExponent') return sign + m.toString() + (e === 0 ? '' : `e${e}`);
  const suffixes: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G' };
  Object.assign(suffixes, { 12: 'T', 15: 'P', 18: 'E' });
  return sign + m.toString() + (suffixes[e] ?? `e${e}`);
}

export function quantityOf(v: unknown): ParsedQuantity | undefined {
  if (typeof v === 'number') {
    const p = parseQuantityText(goNumber(v));
    return typeof p === 'string' ? undefined : p;
  }
  if (typeof v === 'string') {
    const p = parseQuantityText(v.trim());
    return typeof p === 'string' ? undefined : p;
  }
  return undefined;
}

export function compareQuantity(a: ParsedQuantity, b: ParsedQuantity): number {
  const val = (p: ParsedQuantity): bigint =>
    (p.nanos === null ? 10n ** 500n : p.nanos) * (p.negative ? -1n : 1n);
  const d = val(a) - val(b);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}
