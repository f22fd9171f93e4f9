// Seeded pseudo-random numbers: every random choice of a simulation (generated name suffixes,
// UIDs, scheduler tie-breaks, canary draws) comes from one of these, so a seed fixes the run.
// sfc32 seeded through splitmix32: small, fast, and good enough for simulation statistics.

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const mix = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (n <= 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.uint32();
    while (x >= limit) x = this.uint32();
    return x % n;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.uint32() / 0x100000000;
  }

  /** A random string of `length` characters drawn uniformly from `alphabet`. */
  string(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** An RFC 4122 version-4-shaped UID, as the API server assigns. */
  uid(): string {
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const w = [this.uint32(), this.uint32(), this.uint32(), this.uint32()];
    const variant = (w[2] >>> 30) | 0x8;
    return (
      `${hex(w[0], 8)}-${hex(w[1] >>> 16, 4)}-4${hex(w[1] & 0xfff, 3)}-` +
      `${variant.toString(16)}${hex((w[2] >>> 16) & 0xfff, 3)}-${hex(w[2] & 0xffff, 4)}${hex(w[3], 8)}`
    );
  }
}
