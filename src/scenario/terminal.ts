// Terminal safety for everything `k8s-sim run` prints. Names, annotations, descriptions, messages
// and file names come from the user's files (or the command line) and may hold control characters:
// ESC sequences can clear the screen, set the window title or move the cursor back over a line to
// fake "✓ all 99 expectations held". Every such character is shown visibly instead, as the
// \u escape JSON uses (ESC → the six characters `\u001b`), so the JSON and the text output name it
// alike. Escaped: C0 controls other than tab and newline, DEL, the C1 range (U+0080–U+009F: U+009B
// is a one-character CSI on some terminals) and the Unicode bidirectional overrides and isolates
// (they reorder how a line reads). A backslash is printed as it is: the escape is for the eye, not
// for parsing back.

/** What escapeText replaces. Tab and newline are layout, and stay. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, and newline and tab too: for fields that are one line of the report. */
// eslint-disable-next-line no-control-regex
const CONTROL_OR_LINE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text that keeps its own line breaks (a description, a multi-line message): controls escaped. */
export function escapeText(s: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(s) ? s.replace(CONTROL, visible) : s;
}

/**
 * A field that is part of one line (a name, a reason, a file name, an event message): controls
 * escaped, and a newline or tab too, so that the field cannot start a line of its own that looks
 * like the report's (e.g. a fake "✓ all 99 expectations held" under the real verdict).
 */
export function escapeField(s: string): string {
  CONTROL_OR_LINE.lastIndex = 0;
  return CONTROL_OR_LINE.test(s) ? s.replace(CONTROL_OR_LINE, visible) : s;
}

/** The only escape sequences the CLI itself prints: the formatter's SGR colours (format.ts). */
// eslint-disable-next-line no-control-regex
const OWN_COLOUR = /\u001b\[(?:0|1|3[1-6]|90)m/y;

/**
 * The last line of defence before the terminal: escapes every control character of `s` except
 * the report's layout (newline, tab) and, when `colour` is on, the formatter's own colour codes
 * (ESC [ n m with the few n it uses). Fields are escaped where they enter the report already; this
 * catches one that was missed, so that at worst it changes a colour, never the screen or title.
 */
export function escapeOutput(s: string, colour: boolean): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(s)) return s;
  if (!colour) return s.replace(CONTROL, visible);
  let out = '';
  let from = 0;
  CONTROL.lastIndex = 0;
  for (let m = CONTROL.exec(s); m; m = CONTROL.exec(s)) {
    const at = m.index;
    if (s.charCodeAt(at) === 0x1b) {
      OWN_COLOUR.lastIndex = at;
      const own = OWN_COLOUR.exec(s);
      if (own) {
        CONTROL.lastIndex = at + own[0].length;
        continue;
      }
    }
    out += s.slice(from, at) + visible(s[at]);
    from = at + 1;
  }
  return out + s.slice(from);
}
