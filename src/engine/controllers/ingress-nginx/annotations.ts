// Go parsing as the annotation parser does it (internal/ingress/annotations/parser)
import { IngressObject } from '../../types';
import { NginxRegex, compileNginxRegex, re2Limit } from '../ingress-regex';
import { ingressKey } from './classes';
import { ANN } from './constants';

import { CanaryPolicy } from './types';

export function goParseBool(v: string): boolean | null {
  if (v === '1' || v === 't' || v === 'T' || v === 'true' || v === 'TRUE' || v === 'True') return true;
  if (v === '0' || v === 'f' || v === 'F' || v === 'false' || v === 'FALSE' || v === 'False') return false;
  return null;
}

/** strconv.Atoi: optional sign, decimal digits, int64 range. */
export function goAtoi(v: string): number | null {
  if (!/^[+-]?\d+$/.test(v)) return null;
  const n = Number(v);
  return Math.abs(n) < 9.2e18 ? n : null;
}

/** parser.BasicCharsRegex, checked with spaces removed. */
export const BASIC_CHARS = /^[/\-._~a-zA-Z0-9:]*$/;
/** parser.IsValidRegex: the characters a regex annotation may hold. */
export const REGEX_CHARS = /^[/\-._~a-zA-Z0-9:^$[\](){}*+?|&=\\]*$/;
/** parser.RegexPathWithCapture (rewrite-target). */
export const PATH_WITH_CAPTURE = /^\/?[-._~a-zA-Z0-9/:$]*$/;

/** The annotations (after the `nginx.ingress.kubernetes.io/` prefix) this controller reads; any
 * other is reported as not simulated (src/engine/unsimulated.ts). */
export const SIMULATED_NGINX_ANNOTATIONS: ReadonlySet<string> = new Set([
  'canary',
  'canary-by-cookie',
  'canary-by-header',
  'canary-by-header-pattern',
  'canary-by-header-value',
  'canary-weight',
  'canary-weight-total',
  'force-ssl-redirect',
  'preserve-trailing-slash',
  'rewrite-target',
  'ssl-redirect',
  'use-regex',
]);

export interface IngressAnnotations {
  /** Set when `canary: "true"`; null for a normal Ingress. */
  canary: CanaryPolicy | null;
  rewriteTarget: string;
  sslRedirect: boolean;
  forceSslRedirect: boolean;
  preserveTrailingSlash: boolean;
  useRegex: boolean;
}

/** Location settings of a server's built-in `/` (no annotations applied). */
export const NO_ANNOTATIONS: IngressAnnotations = {
  canary: null,
  rewriteTarget: '',
  sslRedirect: false,
  forceSslRedirect: false,
  preserveTrailingSlash: false,
  useRegex: false,
};

export function headerPatternWarning(key: string, pattern: string, header: string, error: string): string {
  return `Ingress ${key}: annotation ${ANN}canary-by-header-pattern "${pattern}": ${re2Limit(error)}; the simulation treats it as never matching (requests with header ${header || '(none)'} go to the primary)`;
}

/** `invalid` collects the values replaced by a default (the user is told of those). */
export function parseAnnotations(
  ing: IngressObject,
  warnings: string[],
  invalidValues: string[] = [],
): IngressAnnotations {
  const a = ing.meta.annotations;
  const key = ingressKey(ing);
  const invalid = (name: string, value: string, fallback: string): void => {
    const text = `Ingress ${key}: annotation ${ANN}${name} "${value}" is invalid, using ${fallback}`;
    warnings.push(text);
    invalidValues.push(text);
  };
  // An empty value skips validation and fails parsing: the default applies silently, as in Go.
  const bool = (name: string, fallback: boolean): boolean => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return fallback;
    const b = goParseBool(v);
    if (b === null) invalid(name, v, String(fallback));
    return b ?? fallback;
  };
  const int = (name: string, fallback: number): number => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return fallback;
    const n = goAtoi(v);
    if (n === null) invalid(name, v, String(fallback));
    return n ?? fallback;
  };
  const str = (name: string, valid: (v: string) => boolean): string => {
    const v = a[ANN + name];
    if (v === undefined || v === '') return '';
    if (!valid(v) || /[\r\n]/.test(v)) {
      invalid(name, v, "''");
      return '';
    }
    return v
      .split('\n')
      .map((line) => line.trim())
      .join('\n');
  };
  const basic = (v: string): boolean => BASIC_CHARS.test(v.replace(/ /g, ''));

  const enabled = bool('canary', false);
  const weight = int('canary-weight', 0);
  const weightTotal = int('canary-weight-total', 100);
  const header = str('canary-by-header', basic);
  const headerValue = str('canary-by-header-value', basic);
  const headerPattern = str('canary-by-header-pattern', (v) => REGEX_CHARS.test(v));
  const cookie = str('canary-by-cookie', basic);
  let canary: CanaryPolicy | null = null;
  if (enabled) {
    let headerRegex: NginxRegex | null = null;
    let headerRegexError: string | null = null;
    if (headerPattern !== '') {
      // ngx.re.match(header, pattern) without options: case-sensitive, unanchored.
      const c = compileNginxRegex(headerPattern, false);
      if (c.ok) headerRegex = c.regex;
      else {
        headerRegexError = c.error;
        warnings.push(headerPatternWarning(key, headerPattern, header, c.error));
      }
    }
    canary = {
      ingress: key,
      weight,
      weightTotal,
      header,
      headerVar: header.toLowerCase().replace(/-/g, '_'),
      headerValue,
      headerPattern,
      headerRegex,
      headerRegexError,
      cookie,
      cookieVar: cookie.toLowerCase(),
    };
  } else if (weight > 0 || header !== '' || headerValue !== '' || cookie !== '' || headerPattern !== '') {
    warnings.push(
      `Ingress ${key}: canary annotations without ${ANN}canary: "true" ("configured but not enabled"); it is served as a normal Ingress`,
    );
  }
  return {
    canary,
    rewriteTarget: str('rewrite-target', (v) => PATH_WITH_CAPTURE.test(v)),
    sslRedirect: bool('ssl-redirect', true),
    forceSslRedirect: bool('force-ssl-redirect', false),
    preserveTrailingSlash: bool('preserve-trailing-slash', false),
    useRegex: bool('use-regex', false),
  };
}
