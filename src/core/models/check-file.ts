import fs from 'node:fs';
import { LumioError } from '../../shared/errors.js';

/**
 * Shared pre-load checks. Native engines crash the whole process on some bad files
 * (smart-whisper segfaults, sherpa-onnx aborts), so every model file is looked at in
 * JavaScript before native code opens it.
 */
export function statModelFile(file: string, what: string, minBytes: number): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new LumioError('MODEL_MISSING', `The ${what} file is missing: ${file}`, {
      hint: 'Open Models and download it again.',
    });
  }
  if (!stat.isFile()) throw new LumioError('MODEL_MISSING', `The ${what} path is not a file: ${file}`);
  if (stat.size < minBytes) {
    throw new LumioError('MODEL_CORRUPT', `The ${what} file is too small to be a model (${stat.size} bytes): ${file}`, {
      hint: 'The download was probably cut short. Delete it in Models and download it again.',
    });
  }
  return stat;
}

export function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
