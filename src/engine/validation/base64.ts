// base64 as decoded by encoding/json into []byte (StdEncoding, \r and \n skipped)

export function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
}

/** Offset reported by base64.CorruptInputError, or null when the text decodes. */
export function base64ErrorOffset(text: string): number | null {
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
