import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ct2TruncatedError, convertCt2WhisperToGgml, readCt2 } from './ct2-whisper.js';

const TEMPLATE = path.resolve(process.env.LUMIO_SHARED_DIR ?? path.join(__dirname, '..', '..', '..', 'shared'), 'models', 'whisper', 'for-tests-ggml-tiny.bin');
const haveTemplate = fs.existsSync(TEMPLATE);
if (!haveTemplate) console.log(`[ct2-whisper.test] skipping conversion: ${TEMPLATE} not found (../shared absent)`);

/** Writes a CT2 v6 model.bin with the given tensors (float16 unless a scalar). */
function ct2(tensors: Array<{ name: string; shape: number[]; dtype?: number; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const str = (s: string) => {
    const body = Buffer.from(s + '\0');
    const len = Buffer.alloc(2);
    len.writeUInt16LE(body.length);
    return Buffer.concat([len, body]);
  };
  parts.push(u32(6), str('WhisperSpec'), u32(3), u32(tensors.length));
  for (const t of tensors) {
    parts.push(str(t.name), Buffer.from([t.shape.length]), ...t.shape.map(u32), Buffer.from([t.dtype ?? 4]), u32(t.data.length), t.data);
  }
  parts.push(u32(0)); // no aliases
  return Buffer.concat(parts);
}

let seed = 1;
/** Distinct float16 bit patterns per element (finite, small), so a wrong slice is detectable. */
function f16(n: number): Buffer {
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) b.writeUInt16LE(0x2000 + (((seed++ * 2654435761) >>> 0) % 0x1000), i * 2);
  return b;
}

function miniModel(d: number, vocab: number, mels: number) {
  const t: Array<{ name: string; shape: number[]; dtype?: number; data: Buffer }> = [];
  const add = (name: string, shape: number[]) => t.push({ name, shape, data: f16(shape.reduce((a, b) => a * b, 1)) });
  const scalar16 = (name: string, v: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16LE(v);
    t.push({ name, shape: [], dtype: 2, data: b });
  };
  const ln = (p: string) => (add(`${p}/gamma`, [d]), add(`${p}/beta`, [d]));
  const ffn = (p: string) => {
    ln(`${p}/ffn/layer_norm`);
    add(`${p}/ffn/linear_0/weight`, [4 * d, d]);
    add(`${p}/ffn/linear_0/bias`, [4 * d]);
    add(`${p}/ffn/linear_1/weight`, [d, 4 * d]);
    add(`${p}/ffn/linear_1/bias`, [d]);
  };
  const selfAttn = (p: string) => {
    ln(`${p}/self_attention/layer_norm`);
    add(`${p}/self_attention/linear_0/weight`, [3 * d, d]);
    add(`${p}/self_attention/linear_0/bias`, [3 * d]);
    add(`${p}/self_attention/linear_1/weight`, [d, d]);
    add(`${p}/self_attention/linear_1/bias`, [d]);
  };
  add('encoder/conv1/weight', [d, mels, 3]);
  add('encoder/conv1/bias', [d]);
  add('encoder/conv2/weight', [d, d, 3]);
  add('encoder/conv2/bias', [d]);
  add('encoder/position_encodings/encodings', [1500, d]);
  scalar16('encoder/num_heads', 2);
  selfAttn('encoder/layer_0');
  ffn('encoder/layer_0');
  ln('encoder/layer_norm');
  add('decoder/embeddings/weight', [vocab - 1, d]);
  add('decoder/position_encodings/encodings', [448, d]);
  scalar16('decoder/num_heads', 2);
  selfAttn('decoder/layer_0');
  ln('decoder/layer_0/attention/layer_norm');
  add('decoder/layer_0/attention/linear_0/weight', [d, d]);
  add('decoder/layer_0/attention/linear_0/bias', [d]);
  add('decoder/layer_0/attention/linear_1/weight', [2 * d, d]);
  add('decoder/layer_0/attention/linear_1/bias', [2 * d]);
  add('decoder/layer_0/attention/linear_2/weight', [d, d]);
  add('decoder/layer_0/attention/linear_2/bias', [d]);
  ffn('decoder/layer_0');
  ln('decoder/layer_norm');
  return t;
}

function readGgmlTensors(file: string, skip: number) {
  const b = fs.readFileSync(file);
  const out = new Map<string, { ne: number[]; f16: boolean; data: Buffer }>();
  let o = skip;
  while (o < b.length) {
    const nd = b.readInt32LE(o);
    const len = b.readInt32LE(o + 4);
    const type = b.readInt32LE(o + 8);
    const ne = Array.from({ length: nd }, (_, i) => b.readInt32LE(o + 12 + i * 4));
    const name = b.toString('utf8', o + 12 + nd * 4, o + 12 + nd * 4 + len);
    const bytes = ne.reduce((a, c) => a * c, 1) * (type === 1 ? 2 : 4);
    const start = o + 12 + nd * 4 + len;
    out.set(name, { ne, f16: type === 1, data: b.subarray(start, start + bytes) });
    o = start + bytes;
  }
  return { header: b.subarray(0, skip), tensors: out };
}

describe('CTranslate2 Whisper → whisper.cpp ggml', () => {
  it('reads a CT2 model.bin', () => {
    const model = readCt2(ct2([{ name: 'a/b', shape: [2, 3], data: f16(6) }]));
    expect(model.spec).toBe('WhisperSpec');
    expect(model.tensors.get('a/b')?.shape).toEqual([2, 3]);
  });

  it('says where a truncated model.bin ends, instead of reading past it', () => {
    const whole = ct2([
      { name: 'a', shape: [4], data: f16(4) },
      { name: 'b', shape: [2, 3], data: f16(6) },
      { name: 'c', shape: [5], dtype: 0, data: Buffer.alloc(20) },
    ]);
    // The file ends with c's 20 data bytes, then the 4-byte alias count.
    const cEnd = whole.length - 4;
    const cut = whole.subarray(0, cEnd - 7);
    let err: unknown;
    try {
      readCt2(cut);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Ct2TruncatedError);
    const t = err as Ct2TruncatedError;
    expect(t.haveBytes).toBe(cEnd - 7);
    expect(t.needBytes).toBe(cEnd);
    expect(t.completeTensors).toBe(2);
    expect(t.tensorCount).toBe(3);
    expect(t.brokenTensor).toBe('c (5, float32)');
    expect(t.bytesByDtype).toEqual({ float16: 20 });
    expect(t.message).toMatch(/ends at byte \d+ after 2 of its 3 tensors, inside c \(5, float32\)/);

    // Cut inside b's header: b's name is read, its shape is not.
    const bHeader = whole.indexOf(Buffer.from('b\0')) + 2;
    const early = (() => {
      try {
        readCt2(whole.subarray(0, bHeader + 2));
      } catch (e) {
        return e as Ct2TruncatedError;
      }
      throw new Error('no error');
    })();
    expect(early).toBeInstanceOf(Ct2TruncatedError);
    expect(early.completeTensors).toBe(1);
    expect(early.brokenTensor).toBeNull();
    expect(early.bytesByDtype).toEqual({ float16: 8 });
  });

  it.skipIf(!haveTemplate)('maps, splits and types every tensor the way whisper.cpp loads them', () => {
    const d = 8;
    const vocab = 51865; // the template's n_vocab
    const src = miniModel(d, vocab, 80);
    const byName = new Map(src.map((t) => [t.name, t]));
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-ct2-')), 'ggml.bin');
    const { hparams, tensors } = convertCt2WhisperToGgml(ct2(src), TEMPLATE, out);
    expect(hparams).toMatchObject({
      n_vocab: vocab,
      n_audio_state: d,
      n_audio_head: 2,
      n_audio_layer: 1,
      n_text_layer: 1,
      n_text_state: d,
      n_mels: 80,
      ftype: 1,
    });

    const templateHeaderEnd = fs.statSync(TEMPLATE).size; // the header-only test model is exactly header+mel+vocab
    const { header, tensors: g } = readGgmlTensors(out, templateHeaderEnd);
    expect(g.size).toBe(tensors);
    expect(header.readUInt32LE(0)).toBe(0x67676d6c);
    // Mel filters and vocabulary are the template's, byte for byte.
    expect(header.subarray(48).equals(fs.readFileSync(TEMPLATE).subarray(48))).toBe(true);

    const q = g.get('encoder.blocks.0.attn.query.weight')!;
    const k = g.get('encoder.blocks.0.attn.key.weight')!;
    const v = g.get('encoder.blocks.0.attn.value.weight')!;
    const fused = byName.get('encoder/layer_0/self_attention/linear_0/weight')!.data;
    const third = d * d * 2;
    expect(q.data.equals(fused.subarray(0, third))).toBe(true);
    expect(k.data.equals(fused.subarray(third, 2 * third))).toBe(true);
    expect(v.data.equals(fused.subarray(2 * third))).toBe(true);
    expect(q.ne).toEqual([d, d]);
    expect(g.has('encoder.blocks.0.attn.key.bias')).toBe(false);
    expect(g.get('encoder.blocks.0.attn.value.bias')!.f16).toBe(false);

    const ck = g.get('decoder.blocks.0.cross_attn.key.weight')!;
    const cv = g.get('decoder.blocks.0.cross_attn.value.weight')!;
    const kv = byName.get('decoder/layer_0/attention/linear_1/weight')!.data;
    expect(ck.data.equals(kv.subarray(0, third))).toBe(true);
    expect(cv.data.equals(kv.subarray(third))).toBe(true);

    expect(g.get('encoder.conv1.weight')!.ne).toEqual([3, 80, d]);
    expect(g.get('encoder.conv1.bias')!.ne).toEqual([1, d]);
    expect(g.get('encoder.conv1.bias')!.f16).toBe(false);
    expect(g.get('encoder.positional_embedding')!.f16).toBe(false);
    const emb = g.get('decoder.token_embedding.weight')!;
    expect(emb.ne).toEqual([d, vocab]);
    // The missing last row repeats the one before it.
    expect(emb.data.subarray(emb.data.length - d * 2).equals(emb.data.subarray(emb.data.length - 2 * d * 2, emb.data.length - d * 2))).toBe(true);

    // A float16 → float32 conversion, checked on one value: 0x3c00 is 1.0.
    const gamma = Buffer.alloc(d * 2);
    for (let i = 0; i < d; i++) gamma.writeUInt16LE(0x3c00, i * 2);
    byName.get('encoder/layer_norm/gamma')!.data = gamma;
    convertCt2WhisperToGgml(ct2([...byName.values()]), TEMPLATE, out);
    expect(readGgmlTensors(out, templateHeaderEnd).tensors.get('encoder.ln_post.weight')!.data.readFloatLE(0)).toBe(1);

    // Every name whisper.cpp asks for in a 1-layer model is there.
    const want = [
      'encoder.ln_post.bias',
      'decoder.ln.weight',
      'decoder.positional_embedding',
      'decoder.blocks.0.cross_attn_ln.bias',
      'decoder.blocks.0.mlp.2.bias',
      'encoder.blocks.0.mlp_ln.weight',
    ];
    for (const n of want) expect(g.has(n), n).toBe(true);
  });

  it.skipIf(!haveTemplate)('refuses a model that is not Whisper', () => {
    const out = path.join(os.tmpdir(), 'lumio-ct2-nope.bin');
    const buf = ct2([]);
    buf.write('Transformer', 6); // same length as WhisperSpec
    expect(() => convertCt2WhisperToGgml(buf, TEMPLATE, out)).toThrow(/not a Whisper/);
  });
});
