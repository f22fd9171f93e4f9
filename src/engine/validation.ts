// Validation of one manifest document, in the order kubectl and the API server apply it, with the
// messages they print. Target: kubectl + kube-apiserver 1.33/1.34.
//
//  1. kubectl: the document must be an object that names apiVersion and kind
//     (kubectl/pkg/validation GetObjectKind, run by paramVerifyingSchema) →
//     `error validating data: apiVersion not set` (cli-runtime resource.ValidateSchema). kubectl
//     prints `error: error validating "<file>": <that>; if you choose to ignore these errors, turn
//     validation off with --validate=false`; the CLI adds the file, we keep the part in the middle.
//  2. kubectl REST mapping → `no matches for kind "StatefulSet" in version "apps/v1beta1"`
//     (apimachinery meta.NoKindMatchError; kubectl wraps it in `resource mapping not found for
//     name: ... ensure CRDs are installed first`), also for a misspelled kind in a built-in group.
//     Kinds the engine does not model (Job, DaemonSet, CRDs…) are returned as not-simulated.
//  3. API server decoding. kubectl ≥ 1.25 sends fieldValidation=Strict and skips its own OpenAPI
//     type check whenever the server supports that parameter (GA in 1.27), so type mismatches and
//     unknown fields are reported by the server's strict JSON decoder:
//     `StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal
//     string into Go struct field StatefulSetSpec.spec.replicas of type int32`, and
//     `...: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolcy"`
//     (apiserver handlers transformDecodeError + encoding/json UnmarshalTypeError + sigs.k8s.io/json
//     strict errors). The older client-side form `error validating data: ValidationError(...)` is
//     what kubectl printed before 1.25 / against servers without field validation; note that it
//     accepted numbers for string fields and 1.5 for integers (kube-openapi validation/types.go).
//  4. Defaulting, then API validation (pkg/apis/{core,apps,networking,storage}/validation).
//     Every error found is reported, the way kubectl prints an Invalid status for one object
//     (kubectl cmd/util/helpers.go checkErr → MultilineError): one error →
//     `The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or
//     equal to 0`; several → `The StatefulSet "web" is invalid: \n* <error>\n* <error>` (one bullet
//     per line, duplicates dropped). The API server's own text (`StatefulSet.apps "web" is invalid:
//     [a, b]`) is what kubectl shows only when several objects of one apply fail.
//     Errors that Go collects from a map come out in random order there; we use document order.
//     StatefulSet pod templates and volumeClaimTemplates are validated as Kubernetes does since
//     PRs #131790 and #132212 (merged mid-2025, 1.34); before, such mistakes were accepted and only
//     surfaced as FailedCreate events of the StatefulSet controller.
//     A missing metadata.name gives the server's `name or generateName is required` (what
//     `kubectl create` shows; `kubectl apply` stops earlier with `resource name may not be empty`).
//  5. The simulator's own limit (MAX_REPLICAS).
//
// Rejection.line/column point at the offending field (or its nearest existing ancestor); kubectl
// step errors point at the document start.
import {
  MAX_REPLICAS,
  replicasLimitError,
  type FieldPath,
  type Manifest,
  type NotSimulated,
  type RawDoc,
  type Rejection,
  type SourcedManifest,
} from './manifest';
import { KIND_TABLE, isNamespaced } from './kinds';
import { API_SCHEMA_TEXT } from './api-schema.generated';

export type ValidationResult =
  | { ok: true; manifest: SourcedManifest }
  | { ok: false; rejection: Rejection }
  | { ok: 'not-simulated'; item: NotSimulated };

/** Largest spec.replicas the simulator runs; defined beside replicasLimitError. */
export { MAX_REPLICAS };

type Obj = { [key: string]: unknown };
type Loc = Array<string | number>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
function strMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}
function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Go formatting (fmt %q, %#v of the few types that appear in messages)

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** strconv.Quote */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c === 0x20 || (c > 0x20 && c !== 0x7f && PRINTABLE.test(ch))) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x80) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** %#v of a map[string]string (keys sorted, nil map printed as such). */
function goStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return 'map[string]string(nil)';
  const keys = Object.keys(m).sort();
  return 'map[string]string{' + keys.map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`).join(', ') + '}';
}

/** How Go's encoding/json writes a float64 that kubectl re-serialized from YAML. */
function goNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
  return String(v).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** IntOrString printed through its String() method (the field error formatter prefers it). */
function intOrStringText(v: unknown): string {
  return typeof v === 'string' ? v : String(num(v) ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Name and value formats (apimachinery pkg/util/validation)

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + '(\\.' + DNS1123_LABEL_FMT + ')*';
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = '(' + QUALIFIED_NAME_FMT + ')?';
const WILDCARD_DNS1123_SUBDOMAIN_FMT = '\\*\\.' + DNS1123_SUBDOMAIN_FMT;
const CONFIG_MAP_KEY_FMT = '[-._a-zA-Z0-9]+';
const PERCENT_FMT = '[0-9]+%';

const anchored = (fmt: string): RegExp => new RegExp('^' + fmt + '$');
const DNS1123_LABEL_RE = anchored(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = anchored(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = anchored(DNS1035_LABEL_FMT);
const QUALIFIED_NAME_RE = anchored(QUALIFIED_NAME_FMT);
const LABEL_VALUE_RE = anchored(LABEL_VALUE_FMT);
const WILDCARD_RE = anchored(WILDCARD_DNS1123_SUBDOMAIN_FMT);
const CONFIG_MAP_KEY_RE = anchored(CONFIG_MAP_KEY_FMT);
const PERCENT_RE = anchored(PERCENT_FMT);

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = msg + ' (e.g. ';
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return out + `regex used for validation is '${fmt}')`;
}
const maxLenError = (n: number): string => `must be no more than ${n} characters`;

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const WILDCARD_MSG =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(value)) {
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(value))
    errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!WILDCARD_RE.test(value))
    errs.push(regexError(WILDCARD_MSG, WILDCARD_DNS1123_SUBDOMAIN_FMT, '*.example.com'));
  return errs;
}

/** Label keys, annotation keys, finalizers ("qualified names"). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push('prefix part ' + m);
  } else {
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (byteLen(name) > 63) errs.push('name part ' + maxLenError(63));
  if (!QUALIFIED_NAME_RE.test(name))
    errs.push(
      'name part ' + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc'),
    );
  return errs;
}

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(value))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (byteLen(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen');
  return errs;
}

const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (byteLen(value) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY_RE.test(value))
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function isValidPercent(value: string): string[] {
  return PERCENT_RE.test(value)
    ? []
    : [
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          PERCENT_FMT,
          '1%',
          '93%',
        ),
      ];
}

/** apimachinery NameIsDNSSubdomain / NameIsDNSLabel / NameIsDNS1035Label (prefix = generateName). */
type NameFn = (name: string, prefix: boolean) => string[];
const maskTrailingDash = (name: string): string => (name.endsWith('-') ? name.slice(0, -2) + 'a' : name);
const nameIsDNSSubdomain: NameFn = (n, p) => isDNS1123Subdomain(p ? maskTrailingDash(n) : n);
const nameIsDNSLabel: NameFn = (n, p) => isDNS1123Label(p ? maskTrailingDash(n) : n);
const nameIsDNS1035Label: NameFn = (n, p) => isDNS1035Label(p ? maskTrailingDash(n) : n);

// ---------------------------------------------------------------------------------------------
// Quantities (apimachinery pkg/api/resource)

const QUANTITY_FMT = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const ERR_QUANTITY_FORMAT = `quantities must match the regular expression '${QUANTITY_FMT}'`;
const ERR_QUANTITY_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
interface ParsedQuantity {
  /** Value in units of 10^-9, rounded away from zero like Go's ParseQuantity; null when astronomically large. */
  nanos: bigint | null;
  negative: boolean;
  format: QuantityFormat;
}

const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: Record<string, number> = {
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

function parseQuantityText(input: string): ParsedQuantity | string {
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
function canonicalQuantity(p: ParsedQuantity): string {
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

function quantityOf(v: unknown): ParsedQuantity | undefined {
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

function compareQuantity(a: ParsedQuantity, b: ParsedQuantity): number {
  const val = (p: ParsedQuantity): bigint =>
    (p.nanos === null ? 10n ** 500n : p.nanos) * (p.negative ? -1n : 1n);
  const d = val(a) - val(b);
  return d === 0n ? 0 : d > 0n ? 1 : -1;
}

// ---------------------------------------------------------------------------------------------
// base64 as decoded by encoding/json into []byte (StdEncoding, \r and \n skipped)

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** Offset reported by base64.CorruptInputError, or null when the text decodes. */
function base64ErrorOffset(text: string): number | null {
  const src = Buffer.from(text, 'utf8');
  const len = src.length;
  const isNl = (c: number | undefined): boolean => c === 10 || c === 13;
  let si = 0;
  while (si < len) {
    let finished = false;
    for (let j = 0; j < 4; j++) {
      if (si === len) {
        if (j === 0) return null;
        return si - j;
      }
      const c = src[si] ?? 0;
      si++;
      if (isBase64Char(c)) continue;
      if (isNl(c)) {
        j--;
        continue;
      }
      if (c !== 61) return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < len && isNl(src[si])) si++;
        if (si === len) return len;
        if (src[si] !== 61) return si - 1;
        si++;
      }
      while (si < len && isNl(src[si])) si++;
      if (si < len) return si;
      finished = true;
      break;
    }
    if (finished) break;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Strict decoding (what the API server's JSON decoder reports before validation runs)
//
// Field names and types of the modelled kinds: generated from the Kubernetes 1.33 API types
// (npm run gen:api, src/engine/api-schema.generated.ts), one struct per line.
type TypeCode = string;
const SCHEMA = new Map<string, Map<string, TypeCode>>();
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

function goTypeName(code: TypeCode): string {
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
function jsonKind(v: unknown, withNumber: boolean): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return withNumber ? 'number ' + goNumber(v) : 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

interface DecodeCtx {
  /** Innermost Go struct type name (UnmarshalTypeError.Struct). */
  struct: string;
  /** JSON field names from the root, no indices (UnmarshalTypeError.Field). */
  stack: string[];
  /** Path as the strict decoder prints it, with [i]. */
  strict: string;
  loc: Loc;
}

interface DecodeProblem {
  message: string;
  loc: Loc;
}

interface DecodeState {
  /** Error returned by a custom unmarshaler (Quantity, IntOrString): decoding stops there. */
  hard?: DecodeProblem;
  /** First plain type mismatch; decoding goes on (encoding/json saveError). */
  saved?: DecodeProblem;
  unknown: DecodeProblem[];
}

function typeMismatch(ctx: DecodeCtx, value: string, goType: string): string {
  return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct}.${ctx.stack.join('.')} of type ${goType}`;
}

function save(st: DecodeState, ctx: DecodeCtx, message: string): void {
  if (st.saved === undefined) st.saved = { message, loc: ctx.loc };
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function decodeValue(st: DecodeState, v: unknown, code: TypeCode, ctx: DecodeCtx): void {
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

function decodeStruct(st: DecodeState, v: Obj, name: string, ctx: DecodeCtx): void {
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
function strictDecode(body: Obj, kind: string): DecodeProblem | undefined {
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

// ---------------------------------------------------------------------------------------------
// Field errors (apimachinery pkg/util/validation/field): `<field>: <body>`

interface FieldError {
  field: string;
  body: string;
  loc: Loc;
}

/** A field path as Go prints it (`spec.ports[0].name`, `spec.resources[storage]`) and where it is in the YAML. */
class FP {
  constructor(
    readonly text: string,
    readonly loc: Loc,
  ) {}
  child(...names: string[]): FP {
    return new FP(this.text === '' ? names.join('.') : `${this.text}.${names.join('.')}`, [
      ...this.loc,
      ...names,
    ]);
  }
  index(i: number): FP {
    return new FP(`${this.text}[${i}]`, [...this.loc, i]);
  }
  key(k: string, loc?: Loc): FP {
    return new FP(`${this.text}[${k}]`, loc ?? [...this.loc, k]);
  }
  at(loc: Loc): FP {
    return new FP(this.text, loc);
  }
}
const root = (name: string): FP => new FP(name, [name]);

const withDetail = (s: string, detail: string): string => (detail === '' ? s : `${s}: ${detail}`);
const E = {
  required: (p: FP, detail = ''): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail('Required value', detail),
  }),
  invalid: (p: FP, value: string, detail: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail(`Invalid value: ${value}`, detail),
  }),
  notSupported: (p: FP, value: string, valid: string[]): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail(
      `Unsupported value: ${value}`,
      valid.length ? 'supported values: ' + valid.map(goQuote).join(', ') : '',
    ),
  }),
  forbidden: (p: FP, detail: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail('Forbidden', detail),
  }),
  duplicate: (p: FP, value: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Duplicate value: ${value}`,
  }),
  notFound: (p: FP, value: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Not found: ${value}`,
  }),
  tooLong: (p: FP, max: number): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Too long: must have at most ${max} bytes`,
  }),
};
const IS_NEGATIVE = 'must be greater than or equal to 0';

function nonNegative(value: unknown, p: FP): FieldError[] {
  const n = num(value);
  return n !== undefined && n < 0 ? [E.invalid(p, String(n), IS_NEGATIVE)] : [];
}

function forMessages(msgs: string[], make: (m: string) => FieldError): FieldError[] {
  return msgs.map(make);
}

// ---------------------------------------------------------------------------------------------
// Metadata

function validateLabels(labels: unknown, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj(labels);
  if (m === undefined) return errs;
  for (const [k, v] of Object.entries(m)) {
    const at = p.at([...p.loc, k]);
    errs.push(...forMessages(isQualifiedName(k), (msg) => E.invalid(at, goQuote(k), msg)));
    errs.push(...forMessages(isValidLabelValue(str(v)), (msg) => E.invalid(at, goQuote(str(v)), msg)));
  }
  return errs;
}

function validateAnnotations(annotations: unknown, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj(annotations);
  if (m === undefined) return errs;
  let size = 0;
  for (const [k, v] of Object.entries(m)) {
    const at = p.at([...p.loc, k]);
    errs.push(...forMessages(isQualifiedName(k.toLowerCase()), (msg) => E.invalid(at, goQuote(k), msg)));
    size += byteLen(k) + byteLen(str(v));
  }
  if (size > 256 * 1024) errs.push(E.tooLong(p, 256 * 1024));
  return errs;
}

function validateObjectMeta(meta: Obj, namespaced: boolean, nameFn: NameFn): FieldError[] {
  const p = root('metadata');
  const errs: FieldError[] = [];
  const name = str(meta.name);
  const generateName = str(meta.generateName);
  if (generateName !== '')
    errs.push(
      ...forMessages(nameFn(generateName, true), (m) =>
        E.invalid(p.child('generateName'), goQuote(generateName), m),
      ),
    );
  if (name === '') {
    // With generateName the server generates the name before validating it.
    if (generateName === '') errs.push(E.required(p.child('name'), 'name or generateName is required'));
  } else {
    errs.push(...forMessages(nameFn(name, false), (m) => E.invalid(p.child('name'), goQuote(name), m)));
  }
  const namespace = str(meta.namespace);
  if (namespaced && namespace !== '')
    errs.push(
      ...forMessages(nameIsDNSLabel(namespace, false), (m) =>
        E.invalid(p.child('namespace'), goQuote(namespace), m),
      ),
    );
  errs.push(...nonNegative(meta.generation, p.child('generation')));
  errs.push(...validateLabels(meta.labels, p.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations')));
  arr(meta.finalizers).forEach((f) =>
    errs.push(
      ...forMessages(isQualifiedName(str(f)), (m) => E.invalid(p.child('finalizers'), goQuote(str(f)), m)),
    ),
  );
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Label selectors (apimachinery meta/v1/validation, labels)

function validateLabelSelector(sel: Obj, p: FP): FieldError[] {
  const errs = validateLabels(sel.matchLabels, p.child('matchLabels'));
  arr(sel.matchExpressions).forEach((e, i) => {
    const r = obj(e) ?? {};
    const rp = p.child('matchExpressions').index(i);
    const op = str(r.operator);
    const values = arr(r.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0)
        errs.push(E.required(rp.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(
          E.forbidden(
            rp.child('values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(E.invalid(rp.child('operator'), goQuote(op), 'not a valid selector operator'));
    }
    const key = str(r.key);
    errs.push(...forMessages(isQualifiedName(key), (m) => E.invalid(rp.child('key'), goQuote(key), m)));
  });
  return errs;
}

/** metav1.LabelSelectorAsSelector: undefined when it fails (bad operator, values, key). */
function selectorProblem(sel: Obj): boolean {
  for (const e of arr(sel.matchExpressions)) {
    const r = obj(e) ?? {};
    const op = str(r.operator);
    const n = arr(r.values).length;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) return true;
    if ((op === 'In' || op === 'NotIn') && n === 0) return true;
    if ((op === 'Exists' || op === 'DoesNotExist') && n > 0) return true;
    if (isQualifiedName(str(r.key)).length > 0) return true;
    if (arr(r.values).some((v) => isValidLabelValue(str(v)).length > 0)) return true;
  }
  const ml = obj(sel.matchLabels) ?? {};
  return Object.entries(ml).some(
    ([k, v]) => isQualifiedName(k).length > 0 || isValidLabelValue(str(v)).length > 0,
  );
}

function selectorIsEmpty(sel: Obj): boolean {
  return Object.keys(obj(sel.matchLabels) ?? {}).length + arr(sel.matchExpressions).length === 0;
}

function selectorMatches(sel: Obj, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(strMap(sel.matchLabels) ?? {})) if (labels[k] !== v) return false;
  for (const e of arr(sel.matchExpressions)) {
    const r = obj(e) ?? {};
    const key = str(r.key);
    const values = arr(r.values).map(str);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = labels[key] ?? '';
    switch (str(r.operator)) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** (*metav1.LabelSelector).String(), the generated protobuf printer. */
function selectorText(sel: Obj): string {
  const ml = strMap(sel.matchLabels) ?? {};
  const labels = Object.keys(ml)
    .sort()
    .map((k) => `${k}: ${ml[k] ?? ''},`)
    .join('');
  const exprs = arr(sel.matchExpressions)
    .map((e) => {
      const r = obj(e) ?? {};
      const values = arr(r.values).map(str).join(' ');
      return `LabelSelectorRequirement{Key:${str(r.key)},Operator:${str(r.operator)},Values:[${values}],},`;
    })
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

// ---------------------------------------------------------------------------------------------
// Pods (pkg/apis/core/validation ValidatePodSpec and friends)

const VOLUME_SOURCES: Array<[string, string]> = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

function validateVolumeSource(vol: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const [key, forbiddenName] of VOLUME_SOURCES) {
    const src = obj(vol[key]);
    if (src === undefined) continue;
    if (count > 0) {
      errs.push(E.forbidden(p.child(forbiddenName), 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    const sp = p.child(key);
    if (key === 'hostPath' && str(src.path) === '') errs.push(E.required(sp.child('path')));
    if (key === 'persistentVolumeClaim' && str(src.claimName) === '')
      errs.push(E.required(sp.child('claimName')));
    if (key === 'configMap' && str(src.name) === '') errs.push(E.required(sp.child('name')));
    if (key === 'secret' && str(src.secretName) === '') errs.push(E.required(sp.child('secretName')));
    if (key === 'nfs') {
      if (str(src.server) === '') errs.push(E.required(sp.child('server')));
      if (str(src.path) === '') errs.push(E.required(sp.child('path')));
      if (!str(src.path).startsWith('/'))
        errs.push(E.invalid(sp.child('path'), goQuote(str(src.path)), 'must be an absolute path'));
    }
  }
  if (count === 0) errs.push(E.required(p, 'must specify a volume type'));
  return errs;
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const STANDARD_RESOURCES = [
  ...STANDARD_CONTAINER_RESOURCES,
  'storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
];

function validateResources(res: Obj | undefined, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  if (res === undefined) return errs;
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const checkName = (name: string, rp: FP): void => {
    const msgs = isQualifiedName(name);
    if (msgs.length > 0) {
      errs.push(...msgs.map((m) => E.invalid(rp, name, m)));
      return;
    }
    if (name.includes('/') || name.startsWith('hugepages-')) return;
    if (!STANDARD_RESOURCES.includes(name))
      errs.push(E.invalid(rp, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER_RESOURCES.includes(name))
      errs.push(E.invalid(rp, name, 'must be a standard resource for containers'));
  };
  const checkQuantity = (q: ParsedQuantity | undefined, rp: FP): void => {
    if (q !== undefined && q.negative) errs.push(E.invalid(rp, goQuote(canonicalQuantity(q)), IS_NEGATIVE));
  };
  for (const [name, v] of Object.entries(limits)) {
    const rp = p.child('limits').key(name, [...p.loc, 'limits', name]);
    checkName(name, rp);
    checkQuantity(quantityOf(v), rp);
  }
  for (const [name, v] of Object.entries(requests)) {
    const rp = p.child('requests').key(name, [...p.loc, 'requests', name]);
    checkName(name, rp);
    const q = quantityOf(v);
    checkQuantity(q, rp);
    const limit = name in limits ? quantityOf(limits[name]) : undefined;
    if (q !== undefined && limit !== undefined && compareQuantity(q, limit) > 0)
      errs.push(
        E.invalid(
          p.child('requests').at(rp.loc),
          goQuote(canonicalQuantity(q)),
          `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`,
        ),
      );
  }
  return errs;
}

function validatePortNumOrName(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string') return forMessages(isValidPortName(v), (m) => E.invalid(p, goQuote(v), m));
  const n = num(v) ?? 0;
  return forMessages(isValidPortNum(n), (m) => E.invalid(p, String(n), m));
}

function validateProbe(probe: unknown, p: FP, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const pr = obj(probe);
  if (pr === undefined) return [];
  const errs: FieldError[] = [];
  let handlers = 0;
  for (const h of ['exec', 'httpGet', 'tcpSocket', 'grpc']) {
    const hv = obj(pr[h]);
    if (hv === undefined) continue;
    const hp = p.child(h);
    if (handlers > 0) {
      errs.push(E.forbidden(hp, 'may not specify more than 1 handler type'));
      continue;
    }
    handlers++;
    if (h === 'exec' && arr(hv.command).length === 0) errs.push(E.required(hp.child('command')));
    if (h === 'httpGet' || h === 'tcpSocket') errs.push(...validatePortNumOrName(hv.port, hp.child('port')));
    if (h === 'grpc') errs.push(...validatePortNumOrName(num(hv.port) ?? 0, hp.child('port')));
  }
  if (handlers === 0) errs.push(E.required(p, 'must specify a handler type'));
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ])
    errs.push(...nonNegative(pr[f], p.child(f)));
  const grace = num(pr.terminationGracePeriodSeconds);
  if (grace !== undefined && grace <= 0)
    errs.push(E.invalid(p.child('terminationGracePeriodSeconds'), String(grace), 'must be greater than 0'));
  const success = num(pr.successThreshold) ?? 1;
  if (kind !== 'readiness' && success !== 1)
    errs.push(E.invalid(p.child('successThreshold'), String(success), 'must be 1'));
  if (
    kind === 'readiness' &&
    pr.terminationGracePeriodSeconds !== undefined &&
    pr.terminationGracePeriodSeconds !== null
  )
    errs.push(
      E.invalid(
        p.child('terminationGracePeriodSeconds'),
        String(grace ?? 0),
        'must not be set for readinessProbes',
      ),
    );
  return errs;
}

function validateContainerCommon(c: Obj, p: FP, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(E.required(p.child('name')));
  else errs.push(...forMessages(isDNS1123Label(name), (m) => E.invalid(p.child('name'), goQuote(name), m)));
  if (str(c.image) === '') errs.push(E.required(p.child('image')));
  const tmp = str(c.terminationMessagePolicy);
  if (tmp !== '' && tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs.push(
      E.notSupported(p.child('terminationMessagePolicy'), goQuote(tmp), ['File', 'FallbackToLogsOnError']),
    );
  // ports
  const portNames = new Set<string>();
  arr(c.ports).forEach((raw, i) => {
    const port = obj(raw) ?? {};
    const pp = p.child('ports').index(i);
    const pn = str(port.name);
    if (pn !== '') {
      const msgs = isValidPortName(pn);
      if (msgs.length > 0) errs.push(...msgs.map((m) => E.invalid(pp.child('name'), goQuote(pn), m)));
      else if (portNames.has(pn)) errs.push(E.duplicate(pp.child('name'), goQuote(pn)));
      else portNames.add(pn);
    }
    const cp = num(port.containerPort) ?? 0;
    if (cp === 0) errs.push(E.required(pp.child('containerPort')));
    else
      errs.push(
        ...forMessages(isValidPortNum(cp), (m) => E.invalid(pp.child('containerPort'), String(cp), m)),
      );
    const hp = num(port.hostPort) ?? 0;
    if (hp !== 0)
      errs.push(...forMessages(isValidPortNum(hp), (m) => E.invalid(pp.child('hostPort'), String(hp), m)));
    const proto = str(port.protocol);
    if (proto !== '' && !['TCP', 'UDP', 'SCTP'].includes(proto))
      errs.push(E.notSupported(pp.child('protocol'), goQuote(proto), ['SCTP', 'TCP', 'UDP']));
  });
  arr(c.env).forEach((raw, i) => {
    if (str(obj(raw)?.name) === '') errs.push(E.required(p.child('env').index(i).child('name')));
  });
  // volume mounts
  const mountPaths = new Set<string>();
  arr(c.volumeMounts).forEach((raw, i) => {
    const m = obj(raw) ?? {};
    const mp = p.child('volumeMounts').index(i);
    const mName = str(m.name);
    const mPath = str(m.mountPath);
    if (mName === '') errs.push(E.required(mp.child('name')));
    if (!volumes.has(mName)) errs.push(E.notFound(mp.child('name'), goQuote(mName)));
    if (mPath === '') errs.push(E.required(mp.child('mountPath')));
    if (mountPaths.has(mPath)) errs.push(E.invalid(mp.child('mountPath'), goQuote(mPath), 'must be unique'));
    mountPaths.add(mPath);
  });
  const pull = str(c.imagePullPolicy);
  if (pull !== '' && !['Always', 'IfNotPresent', 'Never'].includes(pull))
    errs.push(E.notSupported(p.child('imagePullPolicy'), goQuote(pull), ['Always', 'IfNotPresent', 'Never']));
  errs.push(...validateResources(obj(c.resources), p.child('resources')));
  return errs;
}

interface PodSpecOptions {
  /** Top-level Pod (not a template): adds the pod-only container checks. */
  isPod: boolean;
  /** Volumes a StatefulSet adds from its volumeClaimTemplates. */
  claimVolumes?: string[];
}

function validatePodSpec(spec: Obj, p: FP, opts: PodSpecOptions): FieldError[] {
  const errs: FieldError[] = [];
  // volumes
  const volumes = new Set<string>();
  arr(spec.volumes).forEach((raw, i) => {
    const vol = obj(raw) ?? {};
    const vp = p.child('volumes').index(i);
    const el = validateVolumeSource(vol, vp);
    const vName = str(vol.name);
    if (vName === '') el.push(E.required(vp.child('name')));
    else
      el.push(...forMessages(isDNS1123Label(vName), (m) => E.invalid(vp.child('name'), goQuote(vName), m)));
    if (volumes.has(vName)) el.push(E.duplicate(vp.child('name'), goQuote(vName)));
    if (el.length === 0) volumes.add(vName);
    else errs.push(...el);
  });
  for (const claim of opts.claimVolumes ?? []) volumes.add(claim);
  // containers
  const containers = arr(spec.containers);
  const names = new Set<string>();
  if (containers.length === 0) errs.push(E.required(p.child('containers')));
  containers.forEach((raw, i) => {
    const c = obj(raw) ?? {};
    const cp = p.child('containers').index(i);
    errs.push(...validateContainerCommon(c, cp, volumes));
    const name = str(c.name);
    if (names.has(name)) errs.push(E.duplicate(cp.child('name'), goQuote(name)));
    else names.add(name);
    errs.push(...validateProbe(c.livenessProbe, cp.child('livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, cp.child('readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, cp.child('startupProbe'), 'startup'));
    if (c.restartPolicy !== undefined && c.restartPolicy !== null)
      errs.push(E.forbidden(cp.child('restartPolicy'), 'may not be set for non-init containers'));
  });
  arr(spec.initContainers).forEach((raw, i) => {
    const c = obj(raw) ?? {};
    const cp = p.child('initContainers').index(i);
    errs.push(...validateContainerCommon(c, cp, volumes));
    const rp = str(c.restartPolicy);
    if (c.restartPolicy !== undefined && c.restartPolicy !== null && rp !== 'Always')
      errs.push(E.notSupported(cp.child('restartPolicy'), goQuote(rp), ['Always']));
    const name = str(c.name);
    if (names.has(name)) errs.push(E.duplicate(cp.child('name'), goQuote(name)));
    else if (name !== '') names.add(name);
    if (rp === 'Always') {
      errs.push(...validateProbe(c.livenessProbe, cp.child('livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, cp.child('readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, cp.child('startupProbe'), 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined && c[f] !== null)
          errs.push(
            E.forbidden(cp.child(f), 'may not be set for init containers without restartPolicy=Always'),
          );
    }
  });
  const restart = str(spec.restartPolicy);
  if (restart !== '' && !['Always', 'OnFailure', 'Never'].includes(restart))
    errs.push(E.notSupported(p.child('restartPolicy'), goQuote(restart), ['Always', 'OnFailure', 'Never']));
  const dns = str(spec.dnsPolicy);
  if (dns !== '' && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns))
    errs.push(
      E.notSupported(p.child('dnsPolicy'), goQuote(dns), [
        'ClusterFirstWithHostNet',
        'ClusterFirst',
        'Default',
        'None',
      ]),
    );
  errs.push(...validateLabels(spec.nodeSelector, p.child('nodeSelector')));
  for (const f of ['serviceAccountName', 'nodeName']) {
    const v = str(spec[f]);
    if (v !== '')
      errs.push(...forMessages(isDNS1123Subdomain(v), (m) => E.invalid(p.child(f), goQuote(v), m)));
  }
  const ads = num(spec.activeDeadlineSeconds);
  if (ads !== undefined && (ads < 1 || ads > INT32_MAX))
    errs.push(E.invalid(p.child('activeDeadlineSeconds'), String(ads), inclusiveRangeError(1, INT32_MAX)));
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v !== '') errs.push(...forMessages(isDNS1123Label(v), (m) => E.invalid(p.child(f), goQuote(v), m)));
  }
  const pc = str(spec.priorityClassName);
  if (pc !== '')
    errs.push(
      ...forMessages(isDNS1123Subdomain(pc), (m) => E.invalid(p.child('priorityClassName'), goQuote(pc), m)),
    );
  if (opts.isPod) {
    for (const key of ['containers', 'initContainers'])
      arr(spec[key]).forEach((raw, i) => {
        const image = str(obj(raw)?.image);
        if (image !== image.trim())
          errs.push(
            E.invalid(
              p.child(key).index(i).child('image'),
              goQuote(image),
              'must not have leading or trailing whitespace',
            ),
          );
      });
  }
  return errs;
}

/** ValidatePodTemplateSpec (labels and annotations print as `spec.template.labels`). */
function validatePodTemplateSpec(template: Obj, p: FP, claimVolumes?: string[]): FieldError[] {
  const meta = obj(template.metadata) ?? {};
  const mp = p.child('metadata');
  const errs = validateLabels(meta.labels, p.child('labels').at(mp.child('labels').loc));
  errs.push(...validateAnnotations(meta.annotations, p.child('annotations').at(mp.child('annotations').loc)));
  errs.push(...validatePodSpec(obj(template.spec) ?? {}, p.child('spec'), { isPod: false, claimVolumes }));
  if (arr(obj(template.spec)?.ephemeralContainers).length > 0)
    errs.push(
      E.forbidden(p.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'),
    );
  return errs;
}

/** Selector checks shared by ReplicaSet, Deployment and StatefulSet; `owner` names the message. */
function validateSelectorAndTemplate(
  spec: Obj,
  owner: 'deployment' | 'statefulset',
  controller: 'ReplicaSet' | 'StatefulSet',
  claimVolumes?: string[],
): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const sel = obj(spec.selector);
  if (sel === undefined) errs.push(E.required(sp.child('selector')));
  else {
    errs.push(...validateLabelSelector(sel, sp.child('selector')));
    if (selectorIsEmpty(sel))
      errs.push(E.invalid(sp.child('selector'), selectorText(sel), `empty selector is invalid for ${owner}`));
  }
  const template = obj(spec.template) ?? {};
  const tp = sp.child('template');
  const invalidSelector = sel !== undefined && selectorProblem(sel);
  if (invalidSelector) {
    errs.push(
      E.invalid(
        sp.child('selector'),
        selectorText(sel),
        controller === 'StatefulSet' ? '' : 'invalid label selector',
      ),
    );
  } else {
    const labels = strMap(obj(template.metadata)?.labels);
    // A missing selector selects nothing (labels.Nothing), an empty one everything.
    const matches = sel === undefined ? false : selectorIsEmpty(sel) || selectorMatches(sel, labels ?? {});
    if (!matches)
      errs.push(
        E.invalid(
          tp.child('metadata', 'labels'),
          goStringMap(labels),
          '`selector` does not match template `labels`',
        ),
      );
    errs.push(...validatePodTemplateSpec(template, tp, claimVolumes));
  }
  // ReplicaSet checks these inside its template validation, StatefulSet after it.
  if (controller === 'StatefulSet' || !invalidSelector) {
    const tspec = obj(template.spec) ?? {};
    const restart = str(tspec.restartPolicy) || 'Always';
    if (restart !== 'Always')
      errs.push(E.notSupported(tp.child('spec', 'restartPolicy'), goQuote(restart), ['Always']));
    if (tspec.activeDeadlineSeconds !== undefined && tspec.activeDeadlineSeconds !== null)
      errs.push(
        E.forbidden(
          tp.child('spec', 'activeDeadlineSeconds'),
          `activeDeadlineSeconds in ${controller} is not Supported`,
        ),
      );
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Workloads (pkg/apis/apps/validation)

function intOrPercent(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string')
    return forMessages(isValidPercent(v), (m) => E.invalid(p, intOrStringText(v), m));
  return nonNegative(v, p);
}
/** getIntOrPercentValue */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') {
    if (isValidPercent(v).length === 0) return Number(v.slice(0, -1));
    return /^[+-]?\d+$/.test(v) ? Number(v) : 0;
  }
  return num(v) ?? 0;
}
function notMoreThan100Percent(v: unknown, p: FP): FieldError[] {
  if (typeof v === 'string' && isValidPercent(v).length === 0 && Number(v.slice(0, -1)) > 100)
    return [E.invalid(p, v, 'must not be greater than 100%')];
  return [];
}

function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const pmp = str(spec.podManagementPolicy) || 'OrderedReady';
  if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(
      E.invalid(sp.child('podManagementPolicy'), goQuote(pmp), "must be 'OrderedReady' or 'Parallel'"),
    );
  const us = obj(spec.updateStrategy) ?? {};
  const usType = str(us.type) || 'RollingUpdate';
  const ru = obj(us.rollingUpdate);
  const up = sp.child('updateStrategy');
  const ptr = (t: string, set: boolean): string => (set ? `(*${t})(0xc000000000)` : `(*${t})(nil)`);
  if (usType === 'OnDelete') {
    if (ru !== undefined)
      errs.push(
        E.invalid(
          up.child('rollingUpdate'),
          `apps.RollingUpdateStatefulSetStrategy{Partition:${num(ru.partition) ?? 0}, MaxUnavailable:${ptr('intstr.IntOrString', ru.maxUnavailable !== undefined && ru.maxUnavailable !== null)}}`,
          "only allowed for updateStrategy 'RollingUpdate'",
        ),
      );
  } else if (usType === 'RollingUpdate') {
    if (ru !== undefined) {
      const rp = up.child('rollingUpdate');
      errs.push(...nonNegative(ru.partition, rp.child('partition')));
      const mu = ru.maxUnavailable;
      if (mu !== undefined && mu !== null) {
        const mp = rp.child('maxUnavailable');
        errs.push(...intOrPercent(mu, mp));
        if (intOrPercentValue(mu) === 0) errs.push(E.invalid(mp, intOrStringText(mu), 'cannot be 0'));
        errs.push(...notMoreThan100Percent(mu, mp));
      }
    }
  } else {
    errs.push(
      E.invalid(
        up,
        `apps.StatefulSetUpdateStrategy{Type:${goQuote(usType)}, RollingUpdate:${ptr('apps.RollingUpdateStatefulSetStrategy', ru !== undefined)}}`,
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention !== undefined)
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f]) || 'Retain';
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(
          E.notSupported(sp.child('persistentVolumeClaimRetentionPolicy', f), goQuote(v), [
            'Retain',
            'Delete',
          ]),
        );
    }
  errs.push(...nonNegative(spec.replicas, sp.child('replicas')));
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  const ordinals = obj(spec.ordinals);
  if (ordinals !== undefined)
    errs.push(...nonNegative(ordinals.start, new FP('spec.ordinals.start', ['spec', 'ordinals', 'start'])));
  const templateVolumes = new Set(arr(obj(obj(spec.template)?.spec)?.volumes).map((v) => str(obj(v)?.name)));
  const claims = arr(spec.volumeClaimTemplates)
    .map((c) => str(obj(obj(c)?.metadata)?.name))
    .filter((n) => !templateVolumes.has(n));
  errs.push(...validateSelectorAndTemplate(spec, 'statefulset', 'StatefulSet', claims));
  arr(spec.volumeClaimTemplates).forEach((raw, i) => {
    const claim = obj(raw) ?? {};
    errs.push(
      ...validateClaimSpec(obj(claim.spec) ?? {}, sp.child('volumeClaimTemplates').index(i).child('spec')),
    );
  });
  return errs;
}

function validateReplicaSetSpec(spec: Obj): FieldError[] {
  const sp = root('spec');
  const errs = nonNegative(spec.replicas, sp.child('replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  return errs;
}

function validateDeploymentSpec(spec: Obj): FieldError[] {
  const sp = root('spec');
  const errs = nonNegative(spec.replicas, sp.child('replicas'));
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  const strategy = obj(spec.strategy) ?? {};
  const type = str(strategy.type) || 'RollingUpdate';
  const ru = obj(strategy.rollingUpdate);
  const stp = sp.child('strategy');
  if (type === 'Recreate') {
    if (ru !== undefined)
      errs.push(
        E.forbidden(stp.child('rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
      );
  } else if (type === 'RollingUpdate') {
    const r = ru ?? {};
    const maxUnavailable = r.maxUnavailable ?? '25%';
    const maxSurge = r.maxSurge ?? '25%';
    const rp = stp.child('rollingUpdate');
    errs.push(...intOrPercent(maxUnavailable, rp.child('maxUnavailable')));
    errs.push(...intOrPercent(maxSurge, rp.child('maxSurge')));
    if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0)
      errs.push(
        E.invalid(
          rp.child('maxUnavailable'),
          intOrStringText(maxUnavailable),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    errs.push(...notMoreThan100Percent(maxUnavailable, rp.child('maxUnavailable')));
  } else {
    const ptr =
      ru === undefined
        ? '(*apps.RollingUpdateDeployment)(nil)'
        : '(*apps.RollingUpdateDeployment)(0xc000000000)';
    errs.push(
      E.notSupported(stp, `apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ptr}}`, [
        'Recreate',
        'RollingUpdate',
      ]),
    );
  }
  errs.push(...nonNegative(spec.minReadySeconds, sp.child('minReadySeconds')));
  errs.push(...nonNegative(spec.revisionHistoryLimit, sp.child('revisionHistoryLimit')));
  const pds = num(spec.progressDeadlineSeconds) ?? 600;
  errs.push(...nonNegative(pds, sp.child('progressDeadlineSeconds')));
  if (pds <= (num(spec.minReadySeconds) ?? 0))
    errs.push(
      E.invalid(sp.child('progressDeadlineSeconds'), String(pds), 'must be greater than minReadySeconds'),
    );
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Storage

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: unknown[], p: FP): FieldError[] {
  const errs: FieldError[] = [];
  let rwop = false;
  let other = false;
  for (const m of modes.map(str)) {
    if (!ACCESS_MODES.includes(m)) errs.push(E.notSupported(p, goQuote(m), ACCESS_MODES));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (ACCESS_MODES.includes(m)) other = true;
  }
  if (rwop && other) errs.push(E.forbidden(p, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateClassName(v: unknown, p: FP): FieldError[] {
  const name = str(v);
  return name === '' ? [] : forMessages(isDNS1123Subdomain(name), (m) => E.invalid(p, goQuote(name), m));
}

/** ValidatePersistentVolumeClaimSpec */
function validateClaimSpec(spec: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errs.push(E.required(p.child('accessModes'), 'at least 1 access mode is required'));
  const sel = obj(spec.selector);
  if (sel !== undefined) errs.push(...validateLabelSelector(sel, p.child('selector')));
  errs.push(...validateAccessModes(modes, p.child('accessModes')));
  const requests = obj(obj(spec.resources)?.requests) ?? {};
  const sp = p.child('resources').key('storage', [...p.loc, 'resources', 'requests', 'storage']);
  if (!('storage' in requests)) errs.push(E.required(sp));
  else {
    // `storage:` with no value decodes as a zero quantity.
    const q = requests.storage === null ? quantityOf('0') : quantityOf(requests.storage);
    if (q !== undefined && (q.negative || q.nanos === 0n))
      errs.push(E.invalid(sp, goQuote(canonicalQuantity(q)), 'must be greater than zero'));
  }
  errs.push(...validateClassName(spec.storageClassName, p.child('storageClassName')));
  const vm = str(spec.volumeMode);
  if (vm !== '' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(E.notSupported(p.child('volumeMode'), goQuote(vm), ['Block', 'Filesystem']));
  return errs;
}

const PV_SOURCES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'flocker',
  'nfs',
  'rbd',
  'quobyte',
  'cephfs',
  'iscsi',
  'cinder',
  'fc',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'scaleIO',
  'local',
  'storageos',
  'csi',
];

function validatePersistentVolumeSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const p = root('spec');
  const modes = arr(spec.accessModes);
  if (modes.length === 0) errs.push(E.required(p.child('accessModes')));
  errs.push(...validateAccessModes(modes, p.child('accessModes')));
  const capacity = obj(spec.capacity);
  const cp = p.child('capacity');
  const keys = Object.keys(capacity ?? {});
  if (keys.length === 0) errs.push(E.required(cp));
  if (!keys.includes('storage') || keys.length > 1) {
    const shown =
      capacity === undefined || keys.length === 0
        ? 'core.ResourceList(nil)'
        : 'core.ResourceList{' +
          keys.map((k) => `${goQuote(k)}:${goQuote(String(capacity[k]))}`).join(', ') +
          '}';
    errs.push(E.notSupported(cp, shown, ['storage']));
  }
  for (const k of keys) {
    const q = quantityOf(capacity?.[k]);
    if (q !== undefined && (q.negative || q.nanos === 0n))
      errs.push(
        E.invalid(cp.key(k, [...cp.loc, k]), goQuote(canonicalQuantity(q)), 'must be greater than zero'),
      );
  }
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy !== '' && !['Delete', 'Recycle', 'Retain'].includes(policy))
    errs.push(
      E.notSupported(p.child('persistentVolumeReclaimPolicy'), goQuote(policy), [
        'Delete',
        'Recycle',
        'Retain',
      ]),
    );
  let count = 0;
  for (const key of PV_SOURCES) {
    const src = obj(spec[key]);
    if (src === undefined) continue;
    const sp = p.child(key === 'cephfs' ? 'cephFS' : key);
    if (count > 0) {
      errs.push(E.forbidden(sp, 'may not specify more than 1 volume type'));
      continue;
    }
    count++;
    if ((key === 'hostPath' || key === 'local') && str(src.path) === '')
      errs.push(E.required(p.child(key, 'path')));
    if (key === 'local' && spec.nodeAffinity === undefined)
      errs.push(E.required(p.child('nodeAffinity'), 'Local volume requires node affinity'));
    if (key === 'nfs') {
      if (str(src.server) === '') errs.push(E.required(p.child('nfs', 'server')));
      if (str(src.path) === '') errs.push(E.required(p.child('nfs', 'path')));
      if (!str(src.path).startsWith('/'))
        errs.push(E.invalid(p.child('nfs', 'path'), goQuote(str(src.path)), 'must be an absolute path'));
    }
    if (key === 'csi') {
      if (str(src.driver) === '') errs.push(E.required(p.child('csi', 'driver')));
      if (str(src.volumeHandle) === '') errs.push(E.required(p.child('csi', 'volumeHandle')));
    }
  }
  if (count === 0) errs.push(E.required(new FP('spec', ['spec']), 'must specify a volume type'));
  errs.push(...validateClassName(spec.storageClassName, p.child('storageClassName')));
  const vm = str(spec.volumeMode);
  if (vm !== '' && vm !== 'Block' && vm !== 'Filesystem')
    errs.push(E.notSupported(p.child('volumeMode'), goQuote(vm), ['Block', 'Filesystem']));
  return errs;
}

function validateStorageClass(sc: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc.provisioner);
  const pp = root('provisioner');
  if (provisioner === '') errs.push(E.required(pp));
  else
    errs.push(
      ...forMessages(isQualifiedName(provisioner.toLowerCase()), (m) =>
        E.invalid(pp, goQuote(provisioner), m),
      ),
    );
  const reclaim = str(sc.reclaimPolicy);
  if (reclaim !== '' && reclaim !== 'Delete' && reclaim !== 'Retain')
    errs.push(E.notSupported(root('reclaimPolicy'), goQuote(reclaim), ['Delete', 'Retain']));
  const mode = str(sc.volumeBindingMode);
  if (mode !== '' && mode !== 'Immediate' && mode !== 'WaitForFirstConsumer')
    errs.push(
      E.notSupported(root('volumeBindingMode'), goQuote(mode), ['Immediate', 'WaitForFirstConsumer']),
    );
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Services

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

/** Node port allocation, which runs before validation (service REST beginCreate). */
function allocateNodePorts(spec: Obj): FieldError[] {
  const type = str(spec.type) || 'ClusterIP';
  if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
  const errs: FieldError[] = [];
  arr(spec.ports).forEach((raw, i) => {
    const np = num(obj(raw)?.nodePort) ?? 0;
    if (np !== 0 && (np < NODE_PORT_MIN || np > NODE_PORT_MAX))
      errs.push(
        E.invalid(
          root('spec').child('ports').index(i).child('nodePort'),
          String(np),
          `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
        ),
      );
  });
  return errs;
}

function validateServiceSpec(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const type = str(spec.type) || 'ClusterIP';
  const headless = str(spec.clusterIP) === 'None';
  const ports = arr(spec.ports).map((p) => obj(p) ?? {});
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(E.required(sp.child('ports')));
  if (type === 'LoadBalancer' || type === 'NodePort') {
    if (type === 'LoadBalancer')
      ports.forEach((port, i) => {
        if (num(port.port) === 10250)
          errs.push(
            E.invalid(
              sp.child('ports').index(i),
              '10250',
              'may not expose port 10250 externally since it is used by kubelet',
            ),
          );
      });
    if (headless)
      errs.push(
        E.invalid(
          sp
            .child('clusterIPs')
            .index(0)
            .at([...sp.loc, 'clusterIP']),
          goQuote('None'),
          `may not be set to 'None' for ${type} services`,
        ),
      );
  } else if (type === 'ExternalName') {
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname === '') errs.push(E.required(sp.child('externalName')));
    else
      errs.push(
        ...forMessages(isDNS1123Subdomain(cname), (m) =>
          E.invalid(sp.child('externalName'), goQuote(cname), m),
        ),
      );
  }
  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    const pp = sp.child('ports').index(i);
    const name = str(port.name);
    if (ports.length > 1 && name === '') errs.push(E.required(pp.child('name')));
    else if (name !== '') {
      errs.push(...forMessages(isDNS1123Label(name), (m) => E.invalid(pp.child('name'), goQuote(name), m)));
      if (portNames.has(name)) errs.push(E.duplicate(pp.child('name'), goQuote(name)));
      else portNames.add(name);
    }
    const pn = num(port.port) ?? 0;
    errs.push(...forMessages(isValidPortNum(pn), (m) => E.invalid(pp.child('port'), String(pn), m)));
    const proto = str(port.protocol) || 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(proto))
      errs.push(E.notSupported(pp.child('protocol'), goQuote(proto), ['SCTP', 'TCP', 'UDP']));
    const target =
      port.targetPort === undefined ||
      port.targetPort === null ||
      port.targetPort === 0 ||
      port.targetPort === ''
        ? pn
        : port.targetPort;
    errs.push(...validatePortNumOrName(target, pp.child('targetPort')));
    const ap = str(port.appProtocol);
    if (port.appProtocol !== undefined && port.appProtocol !== null)
      errs.push(
        ...forMessages(isQualifiedName(ap), (m) => E.invalid(pp.child('appProtocol'), goQuote(ap), m)),
      );
  });
  errs.push(...validateLabels(spec.selector, sp.child('selector')));
  const affinity = str(spec.sessionAffinity) || 'None';
  if (affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(E.notSupported(sp.child('sessionAffinity'), goQuote(affinity), ['ClientIP', 'None']));
  if (affinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null)
    errs.push(
      E.forbidden(sp.child('sessionAffinityConfig'), 'must not be set when session affinity is None'),
    );
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    errs.push(
      E.notSupported(sp.child('type'), goQuote(type), [
        'ClusterIP',
        'ExternalName',
        'LoadBalancer',
        'NodePort',
      ]),
    );
  if (type === 'ClusterIP')
    ports.forEach((port, i) => {
      if ((num(port.nodePort) ?? 0) !== 0)
        errs.push(
          E.forbidden(
            sp.child('ports').index(i).child('nodePort'),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const np = num(port.nodePort) ?? 0;
    if (np === 0) return;
    const key = `${str(port.protocol) || 'TCP'}/${np}`;
    if (nodePorts.has(key)) errs.push(E.duplicate(sp.child('ports').index(i).child('nodePort'), String(np)));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const proto = str(port.protocol) || 'TCP';
    const pn = num(port.port) ?? 0;
    const key = `${proto}/${pn}`;
    if (seen.has(key))
      errs.push(
        E.duplicate(
          sp.child('ports').index(i),
          `core.ServicePort{Name:"", Protocol:${goQuote(proto)}, AppProtocol:(*string)(nil), Port:${pn}, ` +
            'TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
        ),
      );
    seen.add(key);
  });
  const externallyAccessible =
    type === 'NodePort' || type === 'LoadBalancer' || arr(spec.externalIPs).length > 0;
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible && etp !== '')
    errs.push(
      E.invalid(
        sp.child('externalTrafficPolicy'),
        goQuote(etp),
        'may only be set for externally-accessible services',
      ),
    );
  if (externallyAccessible && etp !== '' && etp !== 'Cluster' && etp !== 'Local')
    errs.push(E.notSupported(sp.child('externalTrafficPolicy'), goQuote(etp), ['Cluster', 'Local']));
  const itp = str(spec.internalTrafficPolicy);
  if (itp !== '' && itp !== 'Cluster' && itp !== 'Local')
    errs.push(E.notSupported(sp.child('internalTrafficPolicy'), goQuote(itp), ['Cluster', 'Local']));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Ingress (pkg/apis/networking/validation)

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function validateIngressBackend(backend: Obj, p: FP): FieldError[] {
  const errs: FieldError[] = [];
  const resource = obj(backend.resource);
  const service = obj(backend.service);
  if (resource !== undefined && service !== undefined)
    return [E.invalid(p, '""', 'cannot set both resource and service backends')];
  if (resource !== undefined) {
    const rp = p.child('resource');
    if (str(resource.kind) === '') errs.push(E.required(rp.child('kind'), 'kind is required'));
    if (str(resource.name) === '') errs.push(E.required(rp.child('name'), 'name is required'));
    return errs;
  }
  if (service === undefined) return [E.invalid(p, '""', 'resource or service backend is required')];
  const name = str(service.name);
  const np = p.child('service', 'name');
  if (name === '') errs.push(E.required(np));
  else errs.push(...forMessages(isDNS1035Label(name), (m) => E.invalid(np, goQuote(name), m)));
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName !== '' && portNumber !== 0)
    errs.push(E.invalid(p, '""', 'cannot set both port name & port number'));
  else if (portName !== '')
    errs.push(
      ...forMessages(isValidPortName(portName), (m) =>
        E.invalid(p.child('service', 'port', 'name'), goQuote(portName), m),
      ),
    );
  else if (portNumber !== 0)
    errs.push(
      ...forMessages(isValidPortNum(portNumber), (m) =>
        E.invalid(p.child('service', 'port', 'number'), String(portNumber), m),
      ),
    );
  else errs.push(E.required(p, 'port name or number is required'));
  return errs;
}

function validateIngress(meta: Obj, spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const sp = root('spec');
  const rules = arr(spec.rules);
  const defaultBackend = obj(spec.defaultBackend);
  if (rules.length === 0 && defaultBackend === undefined)
    errs.push(
      E.invalid(
        sp,
        rules.length === 0 && !Array.isArray(spec.rules)
          ? '[]networking.IngressRule(nil)'
          : '[]networking.IngressRule{}',
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  if (defaultBackend !== undefined)
    errs.push(...validateIngressBackend(defaultBackend, sp.child('defaultBackend')));
  rules.forEach((raw, i) => {
    const rule = obj(raw) ?? {};
    const rp = sp.child('rules').index(i);
    const host = str(rule.host);
    if (host !== '') {
      const hp = rp.child('host');
      if (/^(\d{1,3}\.){3}\d{1,3}$/.test(host) || host.includes(':'))
        errs.push(E.invalid(hp, goQuote(host), 'must be a DNS name, not an IP address'));
      if (host.includes('*'))
        errs.push(...forMessages(isWildcardDNS1123Subdomain(host), (m) => E.invalid(hp, goQuote(host), m)));
      else errs.push(...forMessages(isDNS1123Subdomain(host), (m) => E.invalid(hp, goQuote(host), m)));
    }
    const http = obj(rule.http);
    if (http === undefined) return;
    const paths = arr(http.paths);
    if (paths.length === 0) errs.push(E.required(rp.child('http', 'paths')));
    paths.forEach((rawPath, j) => {
      const path = obj(rawPath) ?? {};
      const pp = rp.child('http', 'paths').index(j);
      if (path.pathType === undefined || path.pathType === null) {
        errs.push(E.required(pp.child('pathType'), 'pathType must be specified'));
        return;
      }
      const pathType = str(path.pathType);
      const value = str(path.path);
      const vp = pp.child('path');
      if (pathType === 'Exact' || pathType === 'Prefix') {
        if (!value.startsWith('/')) errs.push(E.invalid(vp, goQuote(value), 'must be an absolute path'));
        if (value.length > 0) {
          for (const seq of INVALID_PATH_SEQUENCES)
            if (value.includes(seq)) errs.push(E.invalid(vp, goQuote(value), `must not contain '${seq}'`));
          for (const suffix of INVALID_PATH_SUFFIXES)
            if (value.endsWith(suffix))
              errs.push(E.invalid(vp, goQuote(value), `cannot end with '${suffix}'`));
        }
      } else if (pathType === 'ImplementationSpecific') {
        if (value.length > 0 && !value.startsWith('/'))
          errs.push(E.invalid(vp, goQuote(value), 'must be an absolute path'));
      } else {
        errs.push(
          E.notSupported(pp.child('pathType'), goQuote(pathType), [
            'Exact',
            'ImplementationSpecific',
            'Prefix',
          ]),
        );
      }
      errs.push(...validateIngressBackend(obj(path.backend) ?? {}, pp.child('backend')));
    });
  });
  arr(spec.tls).forEach((raw, i) => {
    const tls = obj(raw) ?? {};
    const tp = sp.child('tls').index(i);
    arr(tls.hosts).forEach((h, j) => {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => E.invalid(tp.child('hosts').index(j), goQuote(host), m)));
    });
    const secret = str(tls.secretName);
    if (secret !== '')
      errs.push(
        ...forMessages(isDNS1123Subdomain(secret), (m) =>
          E.invalid(tp.child('secretName'), goQuote(secret), m),
        ),
      );
  });
  const className = spec.ingressClassName;
  if (typeof className === 'string')
    errs.push(
      ...forMessages(isDNS1123Subdomain(className), (m) =>
        E.invalid(sp.child('ingressClassName'), goQuote(className), m),
      ),
    );
  const annotations = obj(meta.annotations) ?? {};
  const classAnnotation = 'kubernetes.io/ingress.class';
  if (classAnnotation in annotations && typeof className === 'string')
    errs.push(
      E.invalid(
        new FP(`annotations.${classAnnotation}`, ['metadata', 'annotations', classAnnotation]),
        goQuote(str(annotations[classAnnotation])),
        'can not be set when the class field is also set',
      ),
    );
  return errs;
}

function validateIngressClass(spec: Obj): FieldError[] {
  const p = root('spec').child('controller');
  const controller = str(spec.controller);
  if (controller === '') return [E.required(p)];
  const errs: FieldError[] = [];
  if (byteLen(controller) > 250) errs.push(E.tooLong(p, 250));
  const slash = controller.indexOf('/');
  const host = slash < 0 ? '' : controller.slice(0, slash);
  const rest = slash < 0 ? '' : controller.slice(slash + 1);
  if (slash < 0 || host === '' || rest === '')
    return [
      ...errs,
      E.invalid(p, goQuote(controller), 'must be a domain-prefixed path (such as "acme.io/foo")'),
    ];
  errs.push(...forMessages(isDNS1123Subdomain(host), (m) => E.invalid(p, goQuote(host), m)));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
    errs.push(E.invalid(p, goQuote(rest), regexError('Invalid path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Secrets and ConfigMaps

function validateSecret(body: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data: Record<string, unknown> = { ...(obj(body.data) ?? {}), ...(obj(body.stringData) ?? {}) };
  const dp = root('data');
  for (const key of Object.keys(data))
    errs.push(
      ...forMessages(isConfigMapKey(key), (m) => E.invalid(dp.key(key, [...dp.loc, key]), goQuote(key), m)),
    );
  const required = (keys: string[]): void => {
    for (const k of keys) if (!(k in data)) errs.push(E.required(dp.key(k, dp.loc)));
  };
  switch (str(body.type)) {
    case 'kubernetes.io/tls':
      required(['tls.crt', 'tls.key']);
      break;
    case 'kubernetes.io/dockerconfigjson':
      required(['.dockerconfigjson']);
      break;
    case 'kubernetes.io/dockercfg':
      required(['.dockercfg']);
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) required(['ssh-privatekey']);
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) required(['username', 'password']);
      break;
    case 'kubernetes.io/service-account-token': {
      const annotations = obj(obj(body.metadata)?.annotations) ?? {};
      if (str(annotations['kubernetes.io/service-account.name']) === '')
        errs.push(
          E.required(
            new FP('metadata.annotations[kubernetes.io/service-account.name]', ['metadata', 'annotations']),
          ),
        );
      break;
    }
  }
  return errs;
}

function validateConfigMap(body: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(body.data) ?? {};
  const binary = obj(body.binaryData) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    const p = root('data').key(key, ['data', key]);
    errs.push(...forMessages(isConfigMapKey(key), (m) => E.invalid(p, goQuote(key), m)));
    if (key in binary) errs.push(E.invalid(p, goQuote(key), 'duplicate of key present in binaryData'));
    size += byteLen(str(value));
  }
  for (const [key, value] of Object.entries(binary)) {
    const p = root('binaryData').key(key, ['binaryData', key]);
    errs.push(...forMessages(isConfigMapKey(key), (m) => E.invalid(p, goQuote(key), m)));
    size += Math.floor((str(value).replace(/[\r\n=]/g, '').length * 3) / 4);
  }
  if (size > 1024 * 1024) errs.push(E.tooLong(new FP('', []), 1024 * 1024));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// ingress-nginx admission webhook (only when that controller runs; not called by validateDoc)

const NGINX_VALID_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/**
 * ingress-nginx's validating webhook with `strict-validate-path-type` (default true since
 * controller 1.12): Exact/Prefix paths may only hold `[A-Za-z0-9._-/]`. Returns the text kubectl
 * prints after `Error from server (BadRequest): error when creating "<file>": `, or null.
 * (internal/ingress/inspector ValidatePathType, controller.CheckIngress; errors.Join → one per line.)
 */
export function nginxAdmissionError(ingress: unknown): string | null {
  const problems: string[] = [];
  for (const rule of arr(obj(obj(ingress)?.spec)?.rules)) {
    for (const raw of arr(obj(obj(rule)?.http)?.paths)) {
      const path = obj(raw) ?? {};
      const value = str(path.path);
      if (value === '') continue;
      const pathType = typeof path.pathType === 'string' ? path.pathType : 'nil';
      if (pathType !== 'ImplementationSpecific' && !NGINX_VALID_PATH.test(value))
        problems.push(`path ${value} cannot be used with pathType ${pathType}`);
    }
  }
  if (problems.length === 0) return null;
  return (
    'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: ' +
    problems.join('\n')
  );
}

// ---------------------------------------------------------------------------------------------
// The pipeline

/** Built-in kinds the engine does not model, with the versions a 1.33 server serves. */
const OTHER_BUILTIN_KINDS: Record<string, string[]> = {
  DaemonSet: ['apps/v1'],
  ControllerRevision: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1'],
  HorizontalPodAutoscaler: ['autoscaling/v1', 'autoscaling/v2'],
  PodDisruptionBudget: ['policy/v1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  EndpointSlice: ['discovery.k8s.io/v1'],
  ServiceAccount: ['v1'],
  Endpoints: ['v1'],
  LimitRange: ['v1'],
  ResourceQuota: ['v1'],
  ReplicationController: ['v1'],
  PodTemplate: ['v1'],
  Node: ['v1'],
  Role: ['rbac.authorization.k8s.io/v1'],
  ClusterRole: ['rbac.authorization.k8s.io/v1'],
  RoleBinding: ['rbac.authorization.k8s.io/v1'],
  ClusterRoleBinding: ['rbac.authorization.k8s.io/v1'],
  PriorityClass: ['scheduling.k8s.io/v1'],
  CustomResourceDefinition: ['apiextensions.k8s.io/v1'],
  CSIDriver: ['storage.k8s.io/v1'],
  VolumeAttachment: ['storage.k8s.io/v1'],
  RuntimeClass: ['node.k8s.io/v1'],
  Lease: ['coordination.k8s.io/v1'],
};

/** Every kind a 1.33 server serves in these built-in group versions (a kind outside them is a typo). */
const BUILTIN_GROUP_VERSION_KINDS: Record<string, string[]> = {
  v1: [
    'Binding',
    'ComponentStatus',
    'ConfigMap',
    'Endpoints',
    'Event',
    'LimitRange',
    'Namespace',
    'Node',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'PodTemplate',
    'ReplicationController',
    'ResourceQuota',
    'Secret',
    'Service',
    'ServiceAccount',
  ],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'batch/v1': ['CronJob', 'Job'],
  'networking.k8s.io/v1': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'storage.k8s.io/v1': [
    'CSIDriver',
    'CSINode',
    'CSIStorageCapacity',
    'StorageClass',
    'VolumeAttachment',
    'VolumeAttributesClass',
  ],
};

const NAME_FNS: Record<string, NameFn> = {
  StatefulSet: nameIsDNSLabel,
  Service: nameIsDNS1035Label,
  Namespace: nameIsDNSLabel,
};

/** API validation of a decoded object of a modelled kind (defaults are applied on the fly). */
function validateObject(kind: string, body: Obj): FieldError[] {
  const meta = obj(body.metadata) ?? {};
  const spec = obj(body.spec) ?? {};
  const errs = validateObjectMeta(meta, isNamespaced(kind), NAME_FNS[kind] ?? nameIsDNSSubdomain);
  switch (kind) {
    case 'Pod':
      return [...errs, ...validatePodSpec(spec, root('spec'), { isPod: true })];
    case 'StatefulSet':
      return [...errs, ...validateStatefulSetSpec(spec)];
    case 'ReplicaSet':
      return [...errs, ...validateReplicaSetSpec(spec)];
    case 'Deployment':
      return [...errs, ...validateDeploymentSpec(spec)];
    case 'PersistentVolumeClaim':
      return [...errs, ...validateClaimSpec(spec, root('spec'))];
    case 'PersistentVolume':
      return [...errs, ...validatePersistentVolumeSpec(spec)];
    case 'StorageClass':
      return [...errs, ...validateStorageClass(body)];
    case 'Service':
      return [...errs, ...validateServiceSpec(spec)];
    case 'Ingress':
      return [...errs, ...validateIngress(meta, spec)];
    case 'IngressClass':
      return [...errs, ...validateIngressClass(spec)];
    case 'Secret':
      return [...errs, ...validateSecret(body)];
    case 'ConfigMap':
      return [...errs, ...validateConfigMap(body)];
    default:
      return errs;
  }
}

/** kubectl's rendering of an Invalid status for one object (see the header). */
function invalidMessage(kind: string, name: string, errs: FieldError[]): string {
  return invalidText(
    kind,
    name,
    errs.map((e) => `${e.field}: ${e.body}`),
  );
}

/** The same rendering for `<field>: <body>` lines (update checks outside this file use it). */
export function invalidText(kind: string, name: string, errors: readonly string[]): string {
  const lines: string[] = [];
  for (const line of errors) if (!lines.includes(line)) lines.push(line);
  const prefix = `The ${kind} ${goQuote(name)} is invalid: `;
  if (lines.length === 1) return prefix + lines[0];
  return prefix + '\n' + lines.map((l) => `* ${l}`).join('\n');
}

/** JSON with sorted keys, as Go marshals a map (used in "Object 'Kind' is missing in '…'"). */
function goJson(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(goJson).join(',') + ']';
  if (isObj(v))
    return (
      '{' +
      Object.keys(v)
        .sort()
        .map((k) => JSON.stringify(k) + ':' + goJson(v[k]))
        .join(',') +
      '}'
    );
  if (typeof v === 'number') return goNumber(v);
  return v === undefined ? 'null' : JSON.stringify(v);
}

export function validateDoc(doc: RawDoc): ValidationResult {
  const body = doc.body;
  const file = doc.source.file;
  const metaOf = obj(obj(body)?.metadata) ?? {};
  const name = str(metaOf.name);
  const kindText = str(obj(body)?.kind);
  const reject = (
    message: string,
    loc: Loc | null,
    namespaced = isNamespaced(kindText),
  ): ValidationResult => {
    const pos = loc === null ? doc.source.start : doc.locate(loc);
    const namespace = namespaced ? str(metaOf.namespace) || 'default' : '';
    return {
      ok: false,
      rejection: { kind: kindText, name, namespace, file, line: pos.line, column: pos.column, message },
    };
  };

  // 1. kubectl: GetObjectKind
  if (!isObj(body)) return reject('error validating data: invalid object to validate', null);
  const problems: string[] = [];
  const apiVersion = body.apiVersion;
  const kind = body.kind;
  if (apiVersion === undefined || apiVersion === null) problems.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') problems.push("apiVersion isn't string type");
  else if (apiVersion.split('/').length > 2) problems.push(`unexpected GroupVersion string: ${apiVersion}`);
  if (kind === undefined || kind === null) problems.push('kind not set');
  else if (typeof kind !== 'string') problems.push("kind isn't string type");
  if (problems.length > 0) {
    const agg = problems.length === 1 ? problems[0] : `[${problems.join(', ')}]`;
    return reject(`error validating data: ${agg}`, null);
  }
  const gv = str(apiVersion);
  const k = str(kind);
  // The unstructured decoder needs a kind; an empty apiVersion fails the same way.
  if (k === '') return reject(`Object 'Kind' is missing in '${goJson(body)}'`, null);
  if (gv === '') return reject(`Object 'apiVersion' is missing in '${goJson(body)}'`, null);

  // 2. kubectl: REST mapping (kinds are case-sensitive)
  const info = KIND_TABLE.find((i) => i.kind.toLowerCase() === k.toLowerCase());
  const otherVersions = Object.entries(OTHER_BUILTIN_KINDS).find(
    ([n]) => n.toLowerCase() === k.toLowerCase(),
  );
  const servedVersions = info?.apiVersions ?? otherVersions?.[1];
  const servedKind = info?.kind ?? otherVersions?.[0];
  if (servedVersions !== undefined && (servedKind !== k || !servedVersions.includes(gv)))
    return reject(`no matches for kind ${goQuote(k)} in version ${goQuote(gv)}`, [
      servedKind !== k ? 'kind' : 'apiVersion',
    ]);
  const groupKinds = BUILTIN_GROUP_VERSION_KINDS[gv];
  if (
    servedVersions === undefined &&
    groupKinds !== undefined &&
    !groupKinds.includes(k) &&
    !k.endsWith('List')
  )
    return reject(`no matches for kind ${goQuote(k)} in version ${goQuote(gv)}`, ['kind']);
  if (info === undefined) {
    const line = doc.source.start.line;
    return { ok: 'not-simulated', item: { apiVersion: gv, kind: k, name, file, line } };
  }

  // 3. API server: strict decoding
  const version = gv.includes('/') ? gv.slice(gv.indexOf('/') + 1) : gv;
  const decodeProblem = strictDecode(body, k);
  if (decodeProblem !== undefined)
    return reject(
      `${k} in version ${goQuote(version)} cannot be handled as a ${k}: ${decodeProblem.message}`,
      decodeProblem.loc,
    );

  // 4. API server: node port allocation, then validation
  if (k === 'Service') {
    const portErrs = allocateNodePorts(obj(body.spec) ?? {});
    const first = portErrs[0];
    if (first !== undefined) return reject(invalidMessage(k, name, portErrs), first.loc);
  }
  const errs = validateObject(k, body);
  const firstErr = errs[0];
  if (firstErr !== undefined) return reject(invalidMessage(k, name, errs), firstErr.loc);

  // 5. The simulator's limit
  if (k === 'StatefulSet' || k === 'ReplicaSet' || k === 'Deployment') {
    const replicas = num(obj(body.spec)?.replicas);
    const limitError = replicas === undefined ? null : replicasLimitError(replicas);
    if (limitError !== null) return reject(limitError, ['spec', 'replicas']);
  }

  const metadata: Obj = { ...metaOf };
  if (info.namespaced) metadata.namespace = str(metaOf.namespace) || 'default';
  else delete metadata.namespace;
  const manifest = { ...body, metadata } as unknown as Manifest;
  return {
    ok: true,
    manifest: { manifest, source: doc.source, locate: (path: FieldPath) => doc.locate(path) },
  };
}
