// Draws media/icon.png (128×128): a Kubernetes-blue heptagon with a white "play" triangle.
// Plain zlib + a PNG writer, so the icon can be rebuilt without image tools.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';

const N = 128;
const px = new Uint8Array(N * N * 4);
const inPoly = (x, y, pts) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const hept = Array.from({ length: 7 }, (_, k) => {
  const a = -Math.PI / 2 + (k * 2 * Math.PI) / 7;
  return [64 + 60 * Math.cos(a), 66 + 60 * Math.sin(a)];
});
const play = [
  [50, 40],
  [50, 92],
  [92, 66],
];
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    // 4×4 supersampling for smooth edges
    let blue = 0;
    let white = 0;
    for (let sy = 0; sy < 4; sy++)
      for (let sx = 0; sx < 4; sx++) {
        const fx = x + (sx + 0.5) / 4;
        const fy = y + (sy + 0.5) / 4;
        if (inPoly(fx, fy, hept)) {
          if (inPoly(fx, fy, play)) white++;
          else blue++;
        }
      }
    const i = (y * N + x) * 4;
    const a = (blue + white) / 16;
    const w = white / Math.max(1, blue + white);
    px[i] = Math.round(50 + (255 - 50) * w);
    px[i + 1] = Math.round(108 + (255 - 108) * w);
    px[i + 2] = Math.round(229 + (255 - 229) * w);
    px[i + 3] = Math.round(255 * a);
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync(
  'media/icon.png',
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
