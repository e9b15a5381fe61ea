import fs from 'node:fs';
import { LumioError } from '../../shared/errors.js';
import { statModelFile } from './check-file.js';

/**
 * Walks a whisper.cpp legacy ggml model file the way `whisper_model_load` reads it, but in
 * JavaScript and without trusting a single length: magic, hyper-parameters, mel filters, vocab,
 * then every tensor header, checking that each tensor's data lies inside the file.
 *
 * Why so thorough: whisper.cpp (smart-whisper 0.8.1) reads past the end of a truncated file and
 * dies with a segmentation fault on a bad header, which takes the whole process with it. Only
 * headers are read (a few hundred kB even for a 1.5 GB model), so this stays fast.
 */

const GGML_FILE_MAGIC = 0x67676d6c; // "ggml" as a little-endian uint32
const GGUF_MAGIC = 0x46554747; // "GGUF"
const WHAT = 'speech recognition model';

/** ggml tensor types whisper files use: [elements per block, bytes per block]. */
const TYPE_BLOCKS: Record<number, [number, number]> = {
  0: [1, 4], // f32
  1: [1, 2], // f16
  2: [32, 18], // q4_0
  3: [32, 20], // q4_1
  6: [32, 22], // q5_0
  7: [32, 24], // q5_1
  8: [32, 34], // q8_0
  9: [32, 36], // q8_1
  10: [256, 84], // q2_k
  11: [256, 110], // q3_k
  12: [256, 144], // q4_k
  13: [256, 176], // q5_k
  14: [256, 210], // q6_k
  15: [256, 292], // q8_k
  30: [1, 2], // bf16
};

/** Model-wide ftype values whisper.cpp accepts (after removing the quantization version). */
const VALID_FTYPES = new Set([0, 1, 2, 3, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);

const ATTENTION = ['query.weight', 'query.bias', 'key.weight', 'value.weight', 'value.bias', 'out.weight', 'out.bias'];
const LAYER = [
  'mlp_ln.weight',
  'mlp_ln.bias',
  'mlp.0.weight',
  'mlp.0.bias',
  'mlp.2.weight',
  'mlp.2.bias',
  'attn_ln.weight',
  'attn_ln.bias',
  ...ATTENTION.map((a) => `attn.${a}`),
];
const CROSS = ['cross_attn_ln.weight', 'cross_attn_ln.bias', ...ATTENTION.map((a) => `cross_attn.${a}`)];

/**
 * Exactly the tensor names whisper.cpp creates for these layer counts: it refuses an unknown
 * name and a missing one, and a refused load is where smart-whisper crashes, so a converter
 * that writes one wrong name must be caught here.
 */
function expectedTensorNames(nAudioLayer: number, nTextLayer: number): Set<string> {
  const names = [
    'encoder.positional_embedding',
    'encoder.conv1.weight',
    'encoder.conv1.bias',
    'encoder.conv2.weight',
    'encoder.conv2.bias',
    'encoder.ln_post.weight',
    'encoder.ln_post.bias',
    'decoder.positional_embedding',
    'decoder.token_embedding.weight',
    'decoder.ln.weight',
    'decoder.ln.bias',
  ];
  for (let i = 0; i < nAudioLayer; i++) names.push(...LAYER.map((t) => `encoder.blocks.${i}.${t}`));
  for (let i = 0; i < nTextLayer; i++) names.push(...[...LAYER, ...CROSS].map((t) => `decoder.blocks.${i}.${t}`));
  return new Set(names);
}

function corrupt(file: string, why: string): LumioError {
  return new LumioError('MODEL_CORRUPT', `The ${WHAT} file is damaged or not a whisper.cpp model (${why}): ${file}`, {
    hint: 'Delete it in Models and download it again, or pick a whisper.cpp ggml model (ggml-*.bin).',
  });
}

/** Sequential reader over a file descriptor with a read-ahead window; every read is bounds-checked. */
class HeaderReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;
  offset = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly file: string,
  ) {}

  private ensure(n: number, what: string): Buffer {
    if (this.offset + n > this.size) throw corrupt(this.file, `file ends inside ${what}; it is probably truncated`);
    const rel = this.offset - this.windowStart;
    if (rel < 0 || rel + n > this.window.length) {
      const len = Math.min(Math.max(n, 1 << 20), this.size - this.offset);
      this.window = Buffer.alloc(len);
      fs.readSync(this.fd, this.window, 0, len, this.offset);
      this.windowStart = this.offset;
    }
    const start = this.offset - this.windowStart;
    this.offset += n;
    return this.window.subarray(start, start + n);
  }

  i32(what: string): number {
    return this.ensure(4, what).readInt32LE(0);
  }
  u32(what: string): number {
    return this.ensure(4, what).readUInt32LE(0);
  }
  bytes(n: number, what: string): Buffer {
    return this.ensure(n, what);
  }
  skip(n: number, what: string): void {
    if (n < 0 || this.offset + n > this.size) throw corrupt(this.file, `file ends inside ${what}; it is probably truncated`);
    this.offset += n;
  }
}

export interface WhisperModelInfo {
  nVocab: number;
  /** Encoder positions: 1500 (30 s at 20 ms) in every released model. */
  nAudioCtx: number;
  nAudioLayer: number;
  nTextLayer: number;
  nState: number;
  nMels: number;
  multilingual: boolean;
  tensors: number;
}

/** Throws LumioError MODEL_MISSING / MODEL_CORRUPT; returns what it learnt when the file looks loadable. */
export function checkWhisperModelFile(path: string): void {
  inspectWhisperModelFile(path);
}

export function inspectWhisperModelFile(file: string): WhisperModelInfo {
  const stat = statModelFile(file, WHAT, 64);
  const fd = fs.openSync(file, 'r');
  try {
    const r = new HeaderReader(fd, stat.size, file);
    const magic = r.u32('the magic number');
    if (magic === GGUF_MAGIC) throw corrupt(file, 'it is a GGUF file; smart-whisper needs the legacy ggml format');
    if (magic !== GGML_FILE_MAGIC) throw corrupt(file, 'wrong magic number');

    const h = {
      nVocab: r.i32('hparams'),
      nAudioCtx: r.i32('hparams'),
      nAudioState: r.i32('hparams'),
      nAudioHead: r.i32('hparams'),
      nAudioLayer: r.i32('hparams'),
      nTextCtx: r.i32('hparams'),
      nTextState: r.i32('hparams'),
      nTextHead: r.i32('hparams'),
      nTextLayer: r.i32('hparams'),
      nMels: r.i32('hparams'),
      ftype: r.i32('hparams'),
    };
    const sane =
      h.nVocab >= 51864 &&
      h.nVocab <= 51866 &&
      h.nAudioCtx > 0 &&
      h.nAudioCtx <= 1500 &&
      h.nTextCtx > 0 &&
      h.nTextCtx <= 448 &&
      h.nAudioState > 0 &&
      h.nAudioState === h.nTextState &&
      h.nAudioState <= 8192 &&
      h.nAudioHead > 0 &&
      h.nAudioState % h.nAudioHead === 0 &&
      h.nTextHead > 0 &&
      h.nTextState % h.nTextHead === 0 &&
      h.nAudioLayer > 0 &&
      h.nAudioLayer <= 64 &&
      h.nTextLayer > 0 &&
      h.nTextLayer <= 64 &&
      (h.nMels === 80 || h.nMels === 128) &&
      h.ftype >= 0 &&
      VALID_FTYPES.has(h.ftype % 1000);
    if (!sane) throw corrupt(file, 'implausible hyper-parameters in the header');

    const nMel = r.i32('mel filters');
    const nFft = r.i32('mel filters');
    if (nMel !== h.nMels || nFft <= 0 || nFft > 4096) throw corrupt(file, 'bad mel filter header');
    r.skip(nMel * nFft * 4, 'the mel filters');

    const nWords = r.i32('the vocabulary');
    if (nWords <= 0 || nWords > h.nVocab) throw corrupt(file, 'bad vocabulary size');
    for (let i = 0; i < nWords; i++) {
      const len = r.u32('the vocabulary');
      if (len > 1024) throw corrupt(file, 'bad vocabulary entry');
      r.skip(len, 'the vocabulary');
    }

    const expected = expectedTensorNames(h.nAudioLayer, h.nTextLayer);
    const seen = new Set<string>();
    let tensors = 0;
    while (r.offset < r.size) {
      const nDims = r.i32('a tensor header');
      const nameLen = r.i32('a tensor header');
      const type = r.i32('a tensor header');
      const block = TYPE_BLOCKS[type];
      if (nDims < 1 || nDims > 4 || nameLen <= 0 || nameLen > 256 || block === undefined) {
        throw corrupt(file, `bad header of tensor #${tensors + 1}`);
      }
      let elements = 1;
      for (let d = 0; d < nDims; d++) {
        const ne = r.i32('a tensor header');
        if (ne <= 0) throw corrupt(file, `bad shape of tensor #${tensors + 1}`);
        elements *= ne;
      }
      const name = r.bytes(nameLen, 'a tensor name').toString('latin1');
      if (!expected.has(name)) throw corrupt(file, `unexpected tensor name "${name.slice(0, 60)}"`);
      if (seen.has(name)) throw corrupt(file, `tensor ${name} appears twice`);
      seen.add(name);
      const [perBlock, bytesPerBlock] = block;
      if (elements % perBlock !== 0) throw corrupt(file, `tensor ${name} does not fit its type`);
      r.skip((elements / perBlock) * bytesPerBlock, `the data of tensor ${name}`);
      tensors++;
    }
    if (tensors === 0) throw corrupt(file, 'it has no weights (a load-test file cannot transcribe)');
    if (tensors !== expected.size) throw corrupt(file, `${tensors} tensors where ${expected.size} were expected`);

    return {
      nVocab: h.nVocab,
      nAudioCtx: h.nAudioCtx,
      nAudioLayer: h.nAudioLayer,
      nTextLayer: h.nTextLayer,
      nState: h.nAudioState,
      nMels: h.nMels,
      multilingual: h.nVocab >= 51865,
      tensors,
    };
  } finally {
    fs.closeSync(fd);
  }
}
