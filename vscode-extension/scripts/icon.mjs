// Draws media/icon.png (128×128): a fleet of machines as a 3×3 grid of
// rounded boxes, some holding a replica. Plain Node (zlib + a CRC), so the
// icon can be regenerated without image tools: `node scripts/icon.mjs`.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

/** Signed distance from (x, y) to a rounded rectangle; negative inside. */
function roundedBox(x, y, cx, cy, half, radius) {
  const qx = Math.abs(x - cx) - half + radius;
  const qy = Math.abs(y - cy) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const background = [24, 44, 72];
const machine = [58, 94, 138];
const replica = [255, 170, 51];
const filled = new Set([0, 2, 4, 5, 7]); // which boxes run a replica

function colourAt(x, y) {
  if (roundedBox(x, y, 64, 64, 64, 22) > 0) return [0, 0, 0, 0];
  for (let i = 0; i < 9; i++) {
    const cx = 28 + (i % 3) * 36;
    const cy = 28 + Math.floor(i / 3) * 36;
    if (roundedBox(x, y, cx, cy, 15, 5) <= 0) {
      if (filled.has(i) && roundedBox(x, y, cx, cy, 8, 3) <= 0) return [...replica, 255];
      return [...machine, 255];
    }
  }
  return [...background, 255];
}

function pixels() {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          // Premultiply so transparent samples do not darken edges.
          acc[0] += (c[0] * c[3]) / 255;
          acc[1] += (c[1] * c[3]) / 255;
          acc[2] += (c[2] * c[3]) / 255;
          acc[3] += c[3];
        }
      const n = SAMPLES * SAMPLES;
      const a = acc[3] / n;
      for (let k = 0; k < 3; k++) row[1 + x * 4 + k] = a > 0 ? Math.round(((acc[k] / n) * 255) / a) : 0;
      row[1 + x * 4 + 3] = Math.round(a);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(pixels(), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = fileURLToPath(new URL("../media/icon.png", import.meta.url));
writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
