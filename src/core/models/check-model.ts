import path from 'node:path';
import { LumioError } from '../../shared/errors.js';
import type { ModelRef } from '../engine/protocol.js';
import { statModelFile } from './check-file.js';
import { checkGgufModelFile } from './check-gguf.js';
import { checkSileroVadModelFile, checkVitsVoiceModelFile } from './check-onnx.js';
import { checkWhisperModelFile } from './check-whisper.js';

/**
 * Looks at a model's files in JavaScript, by format, before any native engine opens them.
 * (Hashes are checked by the host when it picks models; this is the cheap last line before native code.)
 */
export function checkModelFiles(ref: ModelRef): void {
  const { manifest, dir } = ref;
  const model = path.join(dir, manifest.files.model);
  switch (manifest.format) {
    case 'whisper-ggml':
      checkWhisperModelFile(model);
      break;
    case 'gguf':
      checkGgufModelFile(model);
      break;
    // sherpa-onnx aborts on a damaged file and exit()s on a valid ONNX of the wrong kind,
    // so the check reads the graph's signature and metadata, not only the header.
    case 'onnx-vits':
      checkVitsVoiceModelFile(model);
      break;
    case 'onnx-silero-vad':
      checkSileroVadModelFile(model);
      break;
  }
  if (manifest.files.tokens) statModelFile(path.join(dir, manifest.files.tokens), `${manifest.name} tokens`, 1);
  if (manifest.files.dataDir) {
    const phontab = path.join(dir, manifest.files.dataDir, 'phontab');
    try {
      statModelFile(phontab, `${manifest.name} phoneme data`, 1);
    } catch (e) {
      throw new LumioError('MODEL_CORRUPT', `The voice "${manifest.name}" is missing its espeak-ng phoneme data.`, {
        hint: 'Download the voice again in Models.',
        cause: e,
      });
    }
  }
}
