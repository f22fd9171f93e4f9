// Long object names in narrow columns: the end of a name tells objects apart (a StatefulSet
// pod's or claim's ordinal, a ReplicaSet pod's random suffix), so a name is cut in the middle,
// never at its end. Pure: compiles under the webview's tsconfig and node's.

/** Names up to this length are never split. */
const SHORT = 10;
/** The kept end: at least this many characters, and the last `-` token with its dash… */
const MIN_TAIL = 6;
/** …but never more than this. */
const MAX_TAIL = 12;

/**
 * `name` as a head that may be cut with an ellipsis and a tail always shown: drawn one after the
 * other they read as the whole name.
 */
export function ellipsisSplit(name: string): { head: string; tail: string } {
  if (name.length <= SHORT) return { head: name, tail: '' };
  const dash = name.lastIndexOf('-');
  const token = dash >= 0 ? name.length - dash : 0;
  const keep = Math.min(Math.max(MIN_TAIL, token), MAX_TAIL, name.length - 1);
  return { head: name.slice(0, name.length - keep), tail: name.slice(name.length - keep) };
}
