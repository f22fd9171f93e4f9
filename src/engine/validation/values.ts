// Plain access to decoded manifest data (unknown JSON from YAML): objects, lists, strings,
// numbers and label maps, as validation reads them.

export type Obj = { [key: string]: unknown };
export type Loc = Array<string | number>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
export function strMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}
export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
