import { LumioError } from '../../shared/errors.js';
import { readHead, statModelFile } from './check-file.js';

/**
 * A GGUF file starts with the ASCII magic "GGUF", a uint32 version (2 or 3 today),
 * then int64 tensor and metadata counts. node-llama-cpp throws a catchable error on a bad
 * file, but checking first gives the person a clearer message and avoids mapping a
 * multi-gigabyte garbage file.
 */
export function checkGgufModelFile(file: string): void {
  statModelFile(file, 'chat model', 1024);
  const head = readHead(file, 24);
  if (head.length < 24 || head.toString('latin1', 0, 4) !== 'GGUF') {
    throw new LumioError('MODEL_CORRUPT', `The chat model is not a GGUF file: ${file}`, {
      hint: 'Lumio runs llama.cpp models in the GGUF format. Pick or download a .gguf model.',
    });
  }
  const version = head.readUInt32LE(4);
  if (version < 2 || version > 3) {
    throw new LumioError('MODEL_CORRUPT', `The chat model uses GGUF version ${version}, which this Lumio cannot read: ${file}`);
  }
  const tensors = head.readBigInt64LE(8);
  const kv = head.readBigInt64LE(16);
  if (tensors <= 0n || tensors > 1_000_000n || kv < 0n || kv > 1_000_000n) {
    throw new LumioError('MODEL_CORRUPT', `The chat model's GGUF header is damaged: ${file}`);
  }
}
