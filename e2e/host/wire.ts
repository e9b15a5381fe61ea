/**
 * How the contract crosses the e2e WebSocket. JSON, except binary audio: an ArrayBuffer
 * (turn.start's recording) and a Float32Array (turn.audio's PCM) travel as base64 under a
 * marker key, and come out on the other side as the same types, so the core and the renderer
 * see exactly what the Electron IPC (structured clone) would give them.
 * The browser half of this codec is in shim.js; the two are tested against each other.
 */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float32Array) return { $f32: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    if (v instanceof ArrayBuffer) return { $ab: Buffer.from(v).toString('base64') };
    return v;
  });
}

function toArrayBuffer(b64: string): ArrayBuffer {
  const buf = Buffer.from(b64, 'base64');
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$ab === 'string' && Object.keys(o).length === 1) return toArrayBuffer(o.$ab);
      if (typeof o.$f32 === 'string' && Object.keys(o).length === 1) return new Float32Array(toArrayBuffer(o.$f32));
    }
    return v;
  });
}
