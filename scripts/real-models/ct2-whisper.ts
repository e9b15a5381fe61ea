/**
 * Converts a CTranslate2 (faster-whisper) Whisper export into whisper.cpp's ggml model file.
 *
 * CT2's model.bin is a flat list of named tensors:
 *   u32 binary version, u16+str spec name, u32 spec revision, u32 count,
 *   then per tensor: u16+str name, u8 rank, u32[rank] shape, u8 dtype, u32 byte count, bytes;
 *   then aliases (ignored: the only one ties the output projection to the embedding).
 * Names map one to one onto whisper.cpp's; attention projections that CT2 fuses (self-attention
 * q|k|v, cross-attention k|v) are split again, and k's bias (always zero in Whisper) is dropped.
 *
 * The ggml file is: magic, 11 int32 hparams, the mel filterbank, the vocabulary, then tensors
 * (int32 n_dims, name length, type; int32 ne[] in ggml order = reversed shape; name; data).
 * The mel filterbank and the vocabulary are taken from a ggml file of the same family (whisper.cpp's
 * header-only test model in ../shared): they are the same for every multilingual 80-mel Whisper,
 * and whisper.cpp's vocabulary is the reference for its token ids.
 */
import fs from 'node:fs';

const GGML_MAGIC = 0x67676d6c;
const CT2_FLOAT16 = 4;
const CT2_FLOAT32 = 0;
/** CTranslate2's DataType enum, in its order (ctranslate2/types.h). */
const CT2_DTYPES = ['float32', 'int8', 'int16', 'int32', 'float16', 'bfloat16'];

export const ct2DtypeName = (dtype: number): string => CT2_DTYPES[dtype] ?? `dtype ${dtype}`;

/**
 * A model.bin that ends before its last tensor does: a missing download part, or parts joined in
 * the wrong order. Says how far the file got, so the gatherer can explain what is missing.
 */
export class Ct2TruncatedError extends Error {
  constructor(
    readonly haveBytes: number,
    /** Bytes the file needs at least (the end of the tensor it stopped in). */
    readonly needBytes: number,
    readonly completeTensors: number,
    readonly tensorCount: number,
    /** The tensor the file ends in, when its header could still be read. */
    readonly brokenTensor: string | null,
    /** Bytes of complete tensors per CT2 data type, e.g. { float16: 188_000_000 }. */
    readonly bytesByDtype: Record<string, number>,
  ) {
    super(
      `CTranslate2 model.bin is truncated: it ends at byte ${haveBytes} after ${completeTensors} of its ${tensorCount} tensors` +
        (brokenTensor ? `, inside ${brokenTensor}, which needs the file to reach byte ${needBytes}` : '') +
        ' (a part is missing or the parts are out of order)',
    );
  }
}

interface Ct2Tensor {
  shape: number[];
  dtype: number;
  data: Buffer;
}

export function readCt2(buf: Buffer): { spec: string; tensors: Map<string, Ct2Tensor> } {
  let o = 0;
  let i = 0;
  let count = 0;
  let name: string | null = null;
  const bytesByDtype: Record<string, number> = {};
  const need = (n: number) => {
    if (o + n > buf.length) throw new Ct2TruncatedError(buf.length, o + n, i, count, name, bytesByDtype);
  };
  const u8 = () => (need(1), buf.readUInt8(o++));
  const u16 = () => (need(2), (o += 2), buf.readUInt16LE(o - 2));
  const u32 = () => (need(4), (o += 4), buf.readUInt32LE(o - 4));
  const str = () => {
    const n = u16();
    need(n);
    o += n;
    return buf.toString('utf8', o - n, o).replace(/\0$/, '');
  };
  const version = u32();
  if (version < 5 || version > 6) throw new Error(`unsupported CTranslate2 binary version ${version}`);
  const spec = str();
  u32(); // spec revision
  count = u32();
  const tensors = new Map<string, Ct2Tensor>();
  for (; i < count; i++) {
    name = null;
    const tensorName = str();
    const rank = u8();
    const shape: number[] = [];
    for (let r = 0; r < rank; r++) shape.push(u32());
    const dtype = u8();
    const bytes = u32();
    name = `${tensorName} (${shape.join('x') || 'scalar'}, ${ct2DtypeName(dtype)})`;
    need(bytes);
    tensors.set(tensorName, { shape, dtype, data: buf.subarray(o, o + bytes) });
    bytesByDtype[ct2DtypeName(dtype)] = (bytesByDtype[ct2DtypeName(dtype)] ?? 0) + bytes;
    o += bytes;
  }
  return { spec, tensors };
}

/** IEEE half → float, for the tensors whisper.cpp keeps in f32. */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function asF32(t: Ct2Tensor): Buffer {
  if (t.dtype === CT2_FLOAT32) return Buffer.from(t.data);
  if (t.dtype !== CT2_FLOAT16) throw new Error(`unsupported CT2 dtype ${ct2DtypeName(t.dtype)} (need float16/float32)`);
  const n = t.data.length / 2;
  const out = Buffer.alloc(n * 4);
  for (let i = 0; i < n; i++) out.writeFloatLE(halfToFloat(t.data.readUInt16LE(i * 2)), i * 4);
  return out;
}

function asF16(t: Ct2Tensor): Buffer {
  if (t.dtype === CT2_FLOAT16) return t.data;
  throw new Error(`expected a float16 tensor, got CT2 ${ct2DtypeName(t.dtype)}; quantized exports (int8) are not supported`);
}

function scalarInt(t: Ct2Tensor | undefined, what: string): number {
  if (!t) throw new Error(`missing ${what}`);
  if (t.data.length === 1) return t.data.readInt8(0);
  if (t.data.length === 2) return t.data.readInt16LE(0);
  return t.data.readInt32LE(0);
}

/** Rows [from, to) of a row-major 2-D tensor, or a slice of a 1-D one. */
function rows(t: Ct2Tensor, from: number, to: number): Ct2Tensor {
  const cols = t.shape.length === 2 ? t.shape[1]! : 1;
  const esize = t.dtype === CT2_FLOAT16 ? 2 : 4;
  const shape = t.shape.length === 2 ? [to - from, cols] : [to - from];
  return { shape, dtype: t.dtype, data: t.data.subarray(from * cols * esize, to * cols * esize) };
}

interface GgmlTensor {
  name: string;
  /** PyTorch order (whisper.cpp's ne is the reverse). */
  shape: number[];
  f16: boolean;
  data: Buffer;
}

/** The mel filterbank and vocabulary sections of an existing multilingual whisper.cpp ggml file. */
export function readGgmlTemplate(file: string): { melAndVocab: Buffer; nVocab: number; nMels: number } {
  const b = fs.readFileSync(file);
  if (b.readUInt32LE(0) !== GGML_MAGIC) throw new Error(`${file} is not a whisper.cpp ggml file`);
  const nVocab = b.readInt32LE(4);
  const nMels = b.readInt32LE(4 + 9 * 4);
  let o = 4 + 11 * 4;
  const melN = b.readInt32LE(o);
  const fftN = b.readInt32LE(o + 4);
  o += 8 + melN * fftN * 4;
  const tokens = b.readInt32LE(o);
  o += 4;
  for (let i = 0; i < tokens; i++) o += 4 + b.readUInt32LE(o);
  return { melAndVocab: b.subarray(4 + 11 * 4, o), nVocab, nMels };
}

export function convertCt2WhisperToGgml(
  modelBin: Buffer,
  templateGgml: string,
  outFile: string,
): { hparams: Record<string, number>; tensors: number; paddedEmbeddingRows: number } {
  const { spec, tensors } = readCt2(modelBin);
  if (spec !== 'WhisperSpec') throw new Error(`not a Whisper CTranslate2 model (spec ${spec})`);
  const get = (name: string): Ct2Tensor => {
    const t = tensors.get(name);
    if (!t) throw new Error(`CT2 model has no ${name}`);
    return t;
  };
  const layers = (side: string) => {
    let n = 0;
    while (tensors.has(`${side}/layer_${n}/ffn/linear_0/weight`)) n++;
    return n;
  };
  const template = readGgmlTemplate(templateGgml);
  const conv1 = get('encoder/conv1/weight');
  const emb = get('decoder/embeddings/weight');
  const nState = conv1.shape[0]!;
  const nMels = conv1.shape[1]!;
  if (nMels !== template.nMels) throw new Error(`model has ${nMels} mel bins, template ${template.nMels}`);
  const hparams = {
    n_vocab: template.nVocab,
    n_audio_ctx: get('encoder/position_encodings/encodings').shape[0]!,
    n_audio_state: nState,
    n_audio_head: scalarInt(tensors.get('encoder/num_heads'), 'encoder/num_heads'),
    n_audio_layer: layers('encoder'),
    n_text_ctx: get('decoder/position_encodings/encodings').shape[0]!,
    n_text_state: emb.shape[1]!,
    n_text_head: scalarInt(tensors.get('decoder/num_heads'), 'decoder/num_heads'),
    n_text_layer: layers('decoder'),
    n_mels: nMels,
    ftype: 1,
  };

  const out: GgmlTensor[] = [];
  const f32 = (name: string, t: Ct2Tensor, shape = t.shape) => out.push({ name, shape, f16: false, data: asF32(t) });
  const f16 = (name: string, t: Ct2Tensor) => out.push({ name, shape: t.shape, f16: true, data: asF16(t) });
  const linear = (name: string, w: Ct2Tensor, b?: Ct2Tensor) => {
    f16(`${name}.weight`, w);
    if (b) f32(`${name}.bias`, b);
  };
  const ln = (name: string, prefix: string) => {
    f32(`${name}.weight`, get(`${prefix}/gamma`));
    f32(`${name}.bias`, get(`${prefix}/beta`));
  };
  const fusedQkv = (name: string, prefix: string) => {
    const w = get(`${prefix}/linear_0/weight`);
    const b = get(`${prefix}/linear_0/bias`);
    const d = w.shape[1]!;
    linear(`${name}.query`, rows(w, 0, d), rows(b, 0, d));
    linear(`${name}.key`, rows(w, d, 2 * d));
    linear(`${name}.value`, rows(w, 2 * d, 3 * d), rows(b, 2 * d, 3 * d));
    linear(`${name}.out`, get(`${prefix}/linear_1/weight`), get(`${prefix}/linear_1/bias`));
  };
  const mlp = (name: string, prefix: string) => {
    ln(`${name}.mlp_ln`, `${prefix}/ffn/layer_norm`);
    linear(`${name}.mlp.0`, get(`${prefix}/ffn/linear_0/weight`), get(`${prefix}/ffn/linear_0/bias`));
    linear(`${name}.mlp.2`, get(`${prefix}/ffn/linear_1/weight`), get(`${prefix}/ffn/linear_1/bias`));
  };

  f32('encoder.positional_embedding', get('encoder/position_encodings/encodings'));
  f16('encoder.conv1.weight', conv1);
  f32('encoder.conv1.bias', get('encoder/conv1/bias'), [nState, 1]);
  f16('encoder.conv2.weight', get('encoder/conv2/weight'));
  f32('encoder.conv2.bias', get('encoder/conv2/bias'), [nState, 1]);
  for (let i = 0; i < hparams.n_audio_layer; i++) {
    const p = `encoder/layer_${i}`;
    const n = `encoder.blocks.${i}`;
    ln(`${n}.attn_ln`, `${p}/self_attention/layer_norm`);
    fusedQkv(`${n}.attn`, `${p}/self_attention`);
    mlp(n, p);
  }
  ln('encoder.ln_post', 'encoder/layer_norm');

  f32('decoder.positional_embedding', get('decoder/position_encodings/encodings'));
  // CT2 trims the embedding to its vocabulary list, which lacks the last timestamp token; whisper.cpp
  // sizes it by n_vocab, so the missing rows repeat the last one (another late timestamp).
  let embData = asF16(emb);
  const missing = hparams.n_vocab - emb.shape[0]!;
  if (missing < 0) throw new Error(`embedding has ${emb.shape[0]} rows, more than n_vocab ${hparams.n_vocab}`);
  if (missing > 0) {
    const row = embData.subarray(embData.length - nState * 2);
    embData = Buffer.concat([embData, ...Array.from({ length: missing }, () => row)]);
  }
  out.push({ name: 'decoder.token_embedding.weight', shape: [hparams.n_vocab, hparams.n_text_state], f16: true, data: embData });
  for (let i = 0; i < hparams.n_text_layer; i++) {
    const p = `decoder/layer_${i}`;
    const n = `decoder.blocks.${i}`;
    ln(`${n}.attn_ln`, `${p}/self_attention/layer_norm`);
    fusedQkv(`${n}.attn`, `${p}/self_attention`);
    ln(`${n}.cross_attn_ln`, `${p}/attention/layer_norm`);
    const q = get(`${p}/attention/linear_0/weight`);
    const kvW = get(`${p}/attention/linear_1/weight`);
    const kvB = get(`${p}/attention/linear_1/bias`);
    const d = q.shape[1]!;
    linear(`${n}.cross_attn.query`, q, get(`${p}/attention/linear_0/bias`));
    linear(`${n}.cross_attn.key`, rows(kvW, 0, d));
    linear(`${n}.cross_attn.value`, rows(kvW, d, 2 * d), rows(kvB, d, 2 * d));
    linear(`${n}.cross_attn.out`, get(`${p}/attention/linear_2/weight`), get(`${p}/attention/linear_2/bias`));
    mlp(n, p);
  }
  ln('decoder.ln', 'decoder/layer_norm');

  const fd = fs.openSync(outFile, 'w');
  try {
    const head = Buffer.alloc(4 + 11 * 4);
    head.writeUInt32LE(GGML_MAGIC, 0);
    Object.values(hparams).forEach((v, i) => head.writeInt32LE(v, 4 + i * 4));
    fs.writeSync(fd, head);
    fs.writeSync(fd, template.melAndVocab);
    for (const t of out) {
      const name = Buffer.from(t.name, 'utf8');
      const ne = [...t.shape].reverse();
      const h = Buffer.alloc(12 + ne.length * 4);
      h.writeInt32LE(ne.length, 0);
      h.writeInt32LE(name.length, 4);
      h.writeInt32LE(t.f16 ? 1 : 0, 8);
      ne.forEach((n, i) => h.writeInt32LE(n, 12 + i * 4));
      const expected = ne.reduce((a, b) => a * b, 1) * (t.f16 ? 2 : 4);
      if (t.data.length !== expected) throw new Error(`${t.name}: ${t.data.length} bytes for shape ${t.shape.join('x')}`);
      fs.writeSync(fd, h);
      fs.writeSync(fd, name);
      fs.writeSync(fd, t.data);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { hparams, tensors: out.length, paddedEmbeddingRows: missing };
}
