// Durations in scenario files and on the command line: `500ms`, `30s`, `5m`, `2h`, `1m30s`, or a
// number of seconds, at most one year of simulated time.

/**
 * The longest duration a scenario may write (wait, for, settleLimit, timing, gracePeriod): one
 * year of simulated time. Far beyond any lesson, and it keeps every time in the JSON a finite,
 * exactly printable number (1.7e308 or 99999999999h would not be).
 */
export const MAX_DURATION_SECONDS = 365 * 24 * 3600;

/**
 * `500ms`, `30s`, `5m`, `2h`, combinations like `1m30s` or `1.5h`, or a bare number of seconds.
 * Returns seconds; throws an Error (without position, the caller adds it) when invalid or longer
 * than MAX_DURATION_SECONDS. `written` is how a number was written, for the message.
 */
export function parseDuration(s: string | number, written?: string): number {
  const hint = 'write it like 500ms, 30s, 5m, 2h or 1m30s';
  const atMost = (seconds: number): number => {
    if (seconds > MAX_DURATION_SECONDS) {
      const shown = typeof s === 'number' ? (written ?? String(s)) : JSON.stringify(s);
      throw new Error(
        `duration ${shown} is longer than the maximum of 1 year (${MAX_DURATION_SECONDS.toLocaleString('en-US')} s)`,
      );
    }
    return seconds;
  };
  if (typeof s === 'number') {
    if (!Number.isFinite(s) || s < 0) throw new Error(`invalid duration ${s}: ${hint}`);
    return atMost(s);
  }
  const text = s.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return atMost(Number(text));
  const part = /(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)/y;
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const m = part.exec(text);
    if (!m) break;
    ms += Number(m[1]) * unitMs[m[2]];
    index = part.lastIndex;
  }
  // Summed in milliseconds so that 100ms200ms is exactly 0.3 s.
  const seconds = ms / 1000;
  if (text === '' || index < text.length) {
    throw new Error(`invalid duration ${JSON.stringify(s)}: ${hint}`);
  }
  // Infinity too (a run of digits beyond 1e308).
  return atMost(seconds);
}
