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
/** ModelProto has fields 1..14 today (plus 20..25 for newer additions); allow some headroom. */
const MAX_FIELD = 64;

export function checkOnnxModelFile(file: string): void {
  const size = statModelFile(file, 'ONNX model', MIN_ONNX_BYTES).size;
  const corrupt = (why: string) =>
    new LumioError('MODEL_CORRUPT', `The model file is damaged or not an ONNX model (${why}): ${file}`, {
      hint: 'Delete it in Models and download it again.',
    });

  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(10);
    const readVarint = (pos: number): { value: number; next: number } => {
      const n = fs.readSync(fd, head, 0, 10, pos);
      let value = 0;
      let mul = 1;
      for (let i = 0; i < n; i++) {
        const b = head[i]!;
        value += (b & 0x7f) * mul;
        if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
        mul *= 128;
      }
      throw corrupt(`unreadable field header at byte ${pos}`);
    };

    let pos = 0;
    let sawIrVersion = false;
    let sawGraph = false;
    while (pos < size) {
      const t = readVarint(pos);
      const field = Math.floor(t.value / 8);
      const wire = t.value % 8;
      if (field < 1 || field > MAX_FIELD) throw corrupt(`unexpected field ${field} at byte ${pos}`);
      pos = t.next;
      switch (wire) {
        case 0: {
          const v = readVarint(pos);
          pos = v.next;
          if (field === FIELD_IR_VERSION) sawIrVersion = true;
          break;
        }
        case 1:
          pos += 8;
          break;
        case 2: {
          const len = readVarint(pos);
          pos = len.next + len.value;
          if (field === FIELD_GRAPH) sawGraph = true;
          break;
        }
        case 5:
          pos += 4;
          break;
        default:
          throw corrupt(`unsupported wire type ${wire} at byte ${pos}`);
      }
      if (pos > size) throw corrupt(`a field runs past the end of the file; it is probably truncated`);
    }
    if (!sawIrVersion || !sawGraph) throw corrupt('no ONNX header or graph found');
  } finally {
    fs.closeSync(fd);
  }
}
