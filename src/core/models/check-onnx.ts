import fs from 'node:fs';
import { LumioError } from '../../shared/errors.js';
import { statModelFile } from './check-file.js';

/**
 * sherpa-onnx-node aborts the whole process (uncaught C++ exception, exit 134) when
 * onnxruntime is handed a truncated or non-ONNX file. So before native code opens a model we
 * walk the top-level fields of the ModelProto protobuf: every tag must carry a known wire type,
 * every length must fit inside the file, and the walk must end exactly at the end of the file.
 * A download cut short fails that test because its last field runs past the end.
 *
 * Only headers and lengths are read (the big tensor payloads are skipped with seeks), so this
 * costs a few milliseconds even for a 100 MB voice.
 */

/** The smallest real ONNX file we would accept: a header plus a one-node graph. */
const MIN_ONNX_BYTES = 32;
const FIELD_IR_VERSION = 1;
const FIELD_GRAPH = 7;
const FIELD_METADATA = 14;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
/** ModelProto has fields 1..14 today (plus 20..25 for newer additions); allow some headroom. */
const MAX_FIELD = 64;

interface Field {
  field: number;
  wire: number;
  /** Varint value (wire 0) or payload length (wire 2). */
  value: number;
  /** Where the payload starts (wire 2). */
  start: number;
}

/** Reads a protobuf message's fields from a file region without loading the payloads. */
function walkFields(fd: number, from: number, to: number, fail: (why: string) => Error, visit: (f: Field) => void): void {
  const head = Buffer.alloc(10);
  const readVarint = (pos: number): { value: number; next: number } => {
    const n = fs.readSync(fd, head, 0, Math.min(10, Math.max(0, to - pos)), pos);
    let value = 0;
    let mul = 1;
    for (let i = 0; i < n; i++) {
      const b = head[i]!;
      value += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
      mul *= 128;
    }
    throw fail(`unreadable field header at byte ${pos}`);
  };
  let pos = from;
  while (pos < to) {
    const t = readVarint(pos);
    const field = Math.floor(t.value / 8);
    const wire = t.value % 8;
    if (field < 1 || field > MAX_FIELD) throw fail(`unexpected field ${field} at byte ${pos}`);
    pos = t.next;
    switch (wire) {
      case 0: {
        const v = readVarint(pos);
        visit({ field, wire, value: v.value, start: pos });
        pos = v.next;
        break;
      }
      case 1:
        pos += 8;
        break;
      case 2: {
        const len = readVarint(pos);
        visit({ field, wire, value: len.value, start: len.next });
        pos = len.next + len.value;
        break;
      }
      case 5:
        pos += 4;
        break;
      default:
        throw fail(`unsupported wire type ${wire} at byte ${pos}`);
    }
    if (pos > to) throw fail('a field runs past the end of the file; it is probably truncated');
  }
}

function readString(fd: number, start: number, length: number): string {
  const b = Buffer.alloc(Math.min(length, 4096));
  fs.readSync(fd, b, 0, b.length, start);
  return b.toString('utf8');
}

export interface OnnxSignature {
  inputs: string[];
  outputs: string[];
  metadata: Record<string, string>;
}

function corruptError(file: string, why: string): LumioError {
  return new LumioError('MODEL_CORRUPT', `The model file is damaged or not an ONNX model (${why}): ${file}`, {
    hint: 'Delete it in Models and download it again.',
  });
}

/**
 * Checks the file (see above) and returns its graph input/output names and metadata, read
 * without loading the weights.
 */
export function readOnnxSignature(file: string): OnnxSignature {
  const size = statModelFile(file, 'ONNX model', MIN_ONNX_BYTES).size;
  const fail = (why: string) => corruptError(file, why);
  const fd = fs.openSync(file, 'r');
  try {
    let sawIrVersion = false;
    let graph: Field | null = null;
    const metadataFields: Field[] = [];
    walkFields(fd, 0, size, fail, (f) => {
      if (f.field === FIELD_IR_VERSION && f.wire === 0) sawIrVersion = true;
      if (f.field === FIELD_GRAPH && f.wire === 2) graph = f;
      if (f.field === FIELD_METADATA && f.wire === 2) metadataFields.push(f);
    });
    if (!sawIrVersion || !graph) throw fail('no ONNX header or graph found');
    const g: Field = graph;

    const sig: OnnxSignature = { inputs: [], outputs: [], metadata: {} };
    const nameOf = (value: Field): string => {
      let name = '';
      walkFields(fd, value.start, value.start + value.value, fail, (f) => {
        if (f.field === 1 && f.wire === 2) name = readString(fd, f.start, f.value);
      });
      return name;
    };
    walkFields(fd, g.start, g.start + g.value, fail, (f) => {
      if (f.wire !== 2) return;
      if (f.field === GRAPH_INPUT) sig.inputs.push(nameOf(f));
      if (f.field === GRAPH_OUTPUT) sig.outputs.push(nameOf(f));
    });
    for (const m of metadataFields) {
      let key = '';
      let value = '';
      walkFields(fd, m.start, m.start + m.value, fail, (f) => {
        if (f.field === 1 && f.wire === 2) key = readString(fd, f.start, f.value);
        if (f.field === 2 && f.wire === 2) value = readString(fd, f.start, f.value);
      });
      sig.metadata[key] = value;
    }
    return sig;
  } finally {
    fs.closeSync(fd);
  }
}

export function checkOnnxModelFile(file: string): void {
  readOnnxSignature(file);
}

/**
 * Graph inputs that are fed by initializers also appear in `inputs` in old exports; sherpa-onnx
 * counts real inputs only, so compare the leading names it requires.
 */
const SILERO_SIGNATURES = [
  { inputs: ['input', 'state', 'sr'], outputs: ['output', 'stateN'] }, // v5
  { inputs: ['input', 'sr', 'h', 'c'], outputs: ['output', 'hn', 'cn'] }, // v4
];

/** sherpa-onnx exit()s on an ONNX file that is not Silero-shaped; catch that here. */
export function checkSileroVadModelFile(file: string): void {
  const sig = readOnnxSignature(file);
  const ok = SILERO_SIGNATURES.some((s) => s.inputs.every((n, i) => sig.inputs[i] === n) && s.outputs.every((n, i) => sig.outputs[i] === n));
  if (!ok) {
    throw new LumioError('MODEL_CORRUPT', `This ONNX file is not a Silero VAD model (inputs: ${sig.inputs.join(', ')}): ${file}`, {
      hint: 'Choose the Silero VAD model in Models, or download it again.',
    });
  }
}

/** Metadata sherpa-onnx reads from a VITS voice without a default (it exit()s when one is missing). */
const VITS_REQUIRED_METADATA = ['sample_rate', 'n_speakers', 'language', 'comment'];

export function checkVitsVoiceModelFile(file: string): OnnxSignature {
  const sig = readOnnxSignature(file);
  const missing = VITS_REQUIRED_METADATA.filter((k) => !(k in sig.metadata));
  if (missing.length > 0) {
    throw new LumioError('MODEL_CORRUPT', `This ONNX file is not a voice sherpa-onnx can use (metadata missing: ${missing.join(', ')}): ${file}`, {
      hint: 'Piper voices need the sherpa-onnx metadata added; download the voice from Models.',
    });
  }
  return sig;
}
