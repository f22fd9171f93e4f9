// Strict decoding (what the API server's JSON decoder reports before validation runs)
//
// Field names and types of the modelled kinds: generated from the Kubernetes 1.33 API types
// (npm run gen:api, src/engine/api-schema.generated.ts), one struct per line.

import { API_SCHEMA_TEXT } from '../api-schema.generated';
import { KIND_TABLE } from '../kinds';
import { base64ErrorOffset } from './base64';

import { goNumber, goQuote } from './go-format';
import { parseQuantityText } from './quantity';
import { Loc, Obj, isObj } from './values';

export type TypeCode = string;
export const SCHEMA = new Map<string, Map<string, TypeCode>>();
{
  let current: Map<string, TypeCode> | undefined;
  for (const raw of API_SCHEMA_TEXT.split('\n')) {
    if (raw.trim() === '') continue;
    let fields = raw.trim();
    if (!raw.startsWith(' ')) {
      const bar = raw.indexOf('|');
      current = new Map();
      SCHEMA.set(raw.slice(0, bar), current);
      fields = raw.slice(bar + 1);
    }
    for (const f of fields.split(',')) {
      if (f === '' || current === undefined) continue;
      const colon = f.indexOf(':');
      current.set(f.slice(0, colon), f.slice(colon + 1));
    }
  }
  // Objects may carry a status; the server ignores it on create.
  for (const info of KIND_TABLE) SCHEMA.get(info.kind)?.set('status', '*');
}

export function goTypeName(code: TypeCode): string {
  switch (code[0]) {
    case 's':
      return 'string';
    case 'i':
      return 'int32';
    case 'l':
      return 'int64';
    case 'b':
      return 'bool';
    case 'q':
      return 'resource.Quantity';
    case 'n':
      return 'intstr.IntOrString';
    case 'y':
      return '[]uint8';
    case 'r':
      return 'v1.ResourceList';
    case '*':
      return 'interface {}';
    case 'e':
      return 'v1.' + code.slice(1);
    case '[':
      return '[]' + goTypeName(code.slice(1, -1));
    case '{':
      return 'map[string]' + goTypeName(code.slice(1, -1));
    default:
      return 'v1.' + code;
  }
}

/** How encoding/json names a JSON value in "cannot unmarshal X". */
export function jsonKind(v: unknown, withNumber: boolean): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return withNumber ? 'number ' + goNumber(v) : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

export interface DecodeCtx {
  /** Innermost Go struct type name (UnmarshalTypeError.Struct). */
  struct: string;
  /** JSON field names from the root, no indices (UnmarshalTypeError.Field). */
  stack: string[];
  /** Path as the strict decoder prints it, with [i]. */
  strict: string;
  loc: Loc;
}

export interface DecodeProblem {
  message: string;
  loc: Loc;
}

export interface DecodeState {
  /** Error returned by a custom unmarshaler (Quantity, IntOrString): decoding stops there. */
  hard?: DecodeProblem;
  /** First plain type mismatch; decoding goes on (encoding/json saveError). */
  saved?: DecodeProblem;
  unknown: DecodeProblem[];
}

export function typeMismatch(ctx: DecodeCtx, value: string, goType: string): string {
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`;
}

export function save(st: DecodeState, ctx: DecodeCtx, message: string): void {
  if (st.saved === undefined) st.saved = { message, loc: ctx.loc };
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

export function decodeValue(st: DecodeState, v: unknown, code: TypeCode, ctx: DecodeCtx): void {
  if (st.hard !== undefined || v === null || v === undefined || code === '*') return;
  const head = code[0];
  if (head === 's' || head === 'e') {
    if (typeof v !== 'string') save(st, ctx, typeMismatch(ctx, jsonKind(v, false), goTypeName(code)));
  } else if (head === 'i' || head === 'l') {
    const ok =
      typeof v === 'number' &&
      Number.isInteger(v) &&
      (head === 'i' ? v >= INT32_MIN && v <= INT32_MAX : v >= -(2 ** 63) && v < 2 ** 63);
    if (!ok) save(st, ctx, typeMismatch(ctx, jsonKind(v, true), goTypeName(code)));
  } else if (head === 'b') {
    if (typeof v !== 'boolean') save(st, ctx, typeMismatch(ctx, jsonKind(v, false), 'bool'));
  } else if (head === 'q') {
    const text = typeof v === 'string' ? v.trim() : typeof v === 'number' ? goNumber(v) : '{';
    const p = parseQuantityText(text);
    if (typeof p === 'string') st.hard = { message: p, loc: ctx.loc };
  } else if (head === 'n') {
    const ok =
      typeof v === 'string' ||
      (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX);
    if (!ok) st.hard = { message: typeMismatch(ctx, jsonKind(v, true), 'int32'), loc: ctx.loc };
  } else if (head === 'y') {
    if (typeof v !== 'string') save(st, ctx, typeMismatch(ctx, jsonKind(v, false), '[]uint8'));
    else {
      const at = base64ErrorOffset(v);
      if (at !== null && st.saved === undefined)
        st.saved = { message: `illegal base64 data at input byte ${at}`, loc: ctx.loc };
    }
  } else if (head === '[') {
    if (!Array.isArray(v)) return save(st, ctx, typeMismatch(ctx, jsonKind(v, false), goTypeName(code)));
    const inner = code.slice(1, -1);
    v.forEach((item, i) =>
      decodeValue(st, item, inner, { ...ctx, strict: `${ctx.strict}[${i}]`, loc: [...ctx.loc, i] }),
    );
  } else if (head === '{' || head === 'r') {
    if (!isObj(v)) return save(st, ctx, typeMismatch(ctx, jsonKind(v, false), goTypeName(code)));
    const inner = head === 'r' ? 'q' : code.slice(1, -1);
    for (const key of Object.keys(v).sort())
      decodeValue(st, v[key], inner, { ...ctx, strict: `${ctx.strict}.${key}`, loc: [...ctx.loc, key] });
  } else {
    if (!isObj(v)) return save(st, ctx, typeMismatch(ctx, jsonKind(v, false), goTypeName(code)));
    decodeStruct(st, v, code, ctx);
  }
}

export function decodeStruct(st: DecodeState, v: Obj, name: string, ctx: DecodeCtx): void {
  const fields = SCHEMA.get(name);
  if (fields === undefined) return;
  for (const key of Object.keys(v).sort()) {
    if (st.hard !== undefined) return;
    const strict = ctx.strict === '' ? key : `${ctx.strict}.${key}`;
    const code = fields.get(key);
    if (code === undefined) {
      st.unknown.push({ message: `unknown field ${goQuote(strict)}`, loc: [...ctx.loc, key] });
      continue;
    }
    decodeValue(st, v[key], code, {
      struct: name,
      stack: [...ctx.stack, key],
      strict,
      loc: [...ctx.loc, key],
    });
  }
}

/** The decoder's complaint about a document (without the "cannot be handled as" prefix), if any. */
export function strictDecode(body: Obj, kind: string): DecodeProblem | undefined {
  const st: DecodeState = { unknown: [] };
  decodeStruct(st, body, kind, { struct: kind, stack: [], strict: '', loc: [] });
  if (st.hard !== undefined) return st.hard;
  if (st.saved !== undefined) return st.saved;
  if (st.unknown.length > 0) {
    const first = st.unknown[0];
    return {
      message: 'strict decoding error: ' + st.unknown.map((u) => u.message).join(', '),
      loc: first === undefined ? [] : first.loc,
    };
  }
  return undefined;
}
