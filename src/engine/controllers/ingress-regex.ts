// Regular expressions of ingress-nginx (use-regex locations, rewrite-target, canary-by-header-pattern),
// evaluated with RE2 (the re2js port) instead of JavaScript's backtracking RegExp: matching takes time
// linear in the input, so a hostile pattern such as `/(a+)+$` cannot hang a run.
// nginx itself uses PCRE. RE2 has no lookaround, backreferences, possessive quantifiers, atomic groups
// or `\Z`; such a pattern does not compile here and the caller reports that the simulator cannot
// evaluate it (real nginx may well accept it).
import { RE2JS } from 're2js';

export interface NginxRegex {
  /** The pattern as compiled (for messages). */
  readonly source: string;
  /** Whether the pattern matches somewhere in `input` (unanchored, like RegExp.test). */
  test(input: string): boolean;
  /** Capture groups of the first match (index 0: the whole match; unmatched groups ''), or null. */
  exec(input: string): { groups: string[]; named: Record<string, string> } | null;
}

export type CompiledRegex = { ok: true; regex: NginxRegex } | { ok: false; error: string };

/** Compiled patterns by flags and text: config rebuilds recompile the same few patterns. Bounded. */
const cache = new Map<string, CompiledRegex>();
const CACHE_LIMIT = 4096;

class Re2Regex implements NginxRegex {
  constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {}

  test(input: string): boolean {
    return this.re.test(input);
  }

  exec(input: string): { groups: string[]; named: Record<string, string> } | null {
    const m = this.re.matcher(input);
    if (!m.find()) return null;
    const groups: string[] = [];
    for (let i = 0; i <= m.groupCount(); i++) groups.push(m.group(i) ?? '');
    const named: Record<string, string> = {};
    // As RegExp's `groups`: a named group that took no part in the match is absent.
    for (const [name, index] of Object.entries(this.re.namedGroups()))
      if (m.group(index) !== null) named[name] = groups[index];
    return { groups, named };
  }
}

/**
 * Compiles `pattern` with RE2; `caseInsensitive` for nginx's `~*` locations and `(?i)` rewrites.
 * Never throws: an unusable pattern comes back as `{ ok: false, error }` with RE2's message.
 */
export function compileNginxRegex(pattern: string, caseInsensitive: boolean): CompiledRegex {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    try {
      const re = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
      compiled = { ok: true, regex: new Re2Regex(pattern, re) };
    } catch (e) {
      compiled = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

/** The sentence every "cannot evaluate" warning ends with, so that readers know it is a simulator limit. */
export function re2Limit(error: string): string {
  return `the simulator's RE2 engine cannot evaluate it (${error}); nginx uses PCRE and may accept it`;
}
