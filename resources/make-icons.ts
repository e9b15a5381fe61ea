import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * Draws Lumio's icon in code (no image files from elsewhere): a warm, softly lit sphere with a
 * quiet halo on a transparent background, like a small lamp. Writes resources/icon.png (1024 px,
 * electron-builder derives .icns/.ico from it) and resources/tray.png (32 px) + tray@2x.png.
 * Run: npx tsx resources/make-icons.ts
 */
const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels → PNG (8-bit, colour type 6, no filtering). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const mix = (a: number, b: number, t: number): number => a + (b - a) * t;
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

export function drawIcon(size: number, options: { halo: boolean }): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const samples = 4; // 4×4 supersampling for smooth edges
  const c = size / 2;
  const r = size * (options.halo ? 0.34 : 0.44);
  const haloR = size * 0.48;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let R = 0,
        G = 0,
        B = 0,
        A = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const fx = x + (sx + 0.5) / samples;
          const fy = y + (sy + 0.5) / samples;
          const d = Math.hypot(fx - c, fy - c);
          let cr = 0,
            cg = 0,
            cb = 0,
            ca = 0;
          if (d <= r) {
            // Lit from the upper left: cream highlight → amber → deep copper at the rim.
            const hx = c - r * 0.35,
              hy = c - r * 0.38;
            const t = clamp01(Math.hypot(fx - hx, fy - hy) / (r * 1.55));
            const t1 = clamp01(t / 0.55),
              t2 = clamp01((t - 0.55) / 0.45);
            cr = t < 0.55 ? mix(246, 206, t1) : mix(206, 158, t2);
            cg = t < 0.55 ? mix(224, 140, t1) : mix(140, 92, t2);
            cb = t < 0.55 ? mix(178, 82, t1) : mix(82, 50, t2);
            ca = 1;
          } else if (options.halo && d <= haloR) {
            // A soft warm halo that fades out: the "light" in Lumio.
            const t = (d - r) / (haloR - r);
            cr = 236;
            cg = 196;
            cb = 150;
            ca = 0.42 * Math.pow(1 - t, 1.6);
          }
          R += cr * ca;
          G += cg * ca;
          B += cb * ca;
          A += ca;
        }
      }
      const n = samples * samples;
      const i = (y * size + x) * 4;
      const a = A / n;
      px[i] = a > 0 ? Math.round(R / A) : 0;
      px[i + 1] = a > 0 ? Math.round(G / A) : 0;
      px[i + 2] = a > 0 ? Math.round(B / A) : 0;
      px[i + 3] = Math.round(a * 255);
    }
  }
  return px;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const write = (name: string, size: number, halo: boolean): void => {
    fs.writeFileSync(path.join(dir, name), encodePng(size, size, drawIcon(size, { halo })));
    console.log(`${name} ${size}×${size}`);
  };
  write('icon.png', 1024, true);
  write('tray.png', 32, false);
  write('tray@2x.png', 64, false);
}
