import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import type { ModelManifest } from '../../shared/models.js';
import type { PcmAudio, SpeechSynthesizer, SynthesizeOptions } from '../engines.js';
import { checkVitsVoiceModelFile } from '../models/check-onnx.js';
import { loadSherpaOnnx, type SherpaOfflineTts } from '../sherpa/sherpa-onnx.js';

/**
 * A sherpa-onnx VITS/Piper voice behind the SpeechSynthesizer interface.
 *
 * Synthesis runs on sherpa-onnx's native worker thread (generateAsync), so the engine's event
 * loop stays free (abort messages, IPC) while a sentence is made: about 10–30 ms per
 * 100-character sentence with the miniature voices, far more with a real Piper voice. Calls on
 * one voice are serialized: the native object is not documented as safe for parallel use.
 *
 * sherpa-onnx calls exit() on several bad inputs (missing tokens.txt, an espeak data dir it
 * cannot initialize, malformed token lines), and aborts on a bad ONNX file, so every file is
 * checked here first and turned into a LumioError the person can act on.
 *
 * Also note: espeak-ng is initialized ONCE per process with the dataDir of the first voice
 * loaded; later voices share it. All voices Lumio ships carry the same ru+en espeak data.
 */

export interface LoadSherpaVoiceOptions {
  modelDir: string;
  manifest: ModelManifest;
  threads?: number;
}

/** Files espeak-ng needs to start; missing any of them makes sherpa-onnx exit(). */
const ESPEAK_REQUIRED = ['phontab', 'phonindex', 'phondata', 'intonations'];

function requireFile(file: string, what: string): void {
  let ok = false;
  try {
    ok = fs.statSync(file).isFile() && fs.statSync(file).size > 0;
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new LumioError('MODEL_MISSING', `The voice's ${what} is missing: ${file}`, {
      hint: 'Open Models and download the voice again.',
    });
  }
}

/**
 * Each non-empty line must be "<symbol> <id>" or " <id>" (the space token). For espeak (Piper)
 * voices sherpa-onnx also requires every symbol to be ONE codepoint (or "<BLNK>") and unique,
 * and calls exit() otherwise, so those rules are checked here too.
 */
function checkTokens(file: string, espeak: boolean): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const seen = new Set<string>();
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const m = /^(?:(\S+) |\s*)\d+\s*$/u.exec(line);
    const symbol = m ? (m[1] ?? ' ') : null;
    const bad = symbol === null || (espeak && ([...symbol].length !== 1 ? symbol !== '<BLNK>' : seen.has(symbol)));
    if (bad) {
      throw new LumioError('MODEL_CORRUPT', `The voice's tokens.txt is damaged at line ${i + 1}: ${file}`, {
        hint: 'Open Models and download the voice again.',
      });
    }
    seen.add(symbol);
  }
}

export async function loadSherpaVoice(o: LoadSherpaVoiceOptions): Promise<SpeechSynthesizer> {
  const { manifest } = o;
  if (manifest.role !== 'tts' || manifest.format !== 'onnx-vits') {
    throw new LumioError('INVALID_ARGUMENT', `Model ${manifest.id} is not a VITS voice (${manifest.role}/${manifest.format})`);
  }
  if (!manifest.files.tokens) {
    throw new LumioError('MODEL_CORRUPT', `Voice ${manifest.id} has no tokens file in its manifest`);
  }
  const modelPath = path.join(o.modelDir, manifest.files.model);
  const tokensPath = path.join(o.modelDir, manifest.files.tokens);
  const dataDir = manifest.files.dataDir ? path.join(o.modelDir, manifest.files.dataDir) : undefined;

  checkVitsVoiceModelFile(modelPath);
  requireFile(tokensPath, 'tokens.txt');
  checkTokens(tokensPath, dataDir !== undefined);
  if (dataDir) for (const f of ESPEAK_REQUIRED) requireFile(path.join(dataDir, f), `espeak-ng data (${f})`);

  const sherpa = loadSherpaOnnx();
  let tts: SherpaOfflineTts | undefined;
  try {
    tts = new sherpa.OfflineTts({
      model: {
        vits: { model: modelPath, tokens: tokensPath, ...(dataDir ? { dataDir } : {}) },
        numThreads: o.threads ?? 1,
        debug: 0,
        provider: 'cpu',
      },
      maxNumSentences: 1,
    });
  } catch (e) {
    throw new LumioError('MODEL_CORRUPT', `The voice ${manifest.id} could not be loaded: ${(e as Error).message}`, { cause: e });
  }
  const sampleRate = tts.sampleRate;
  /** Tail of the queue of synthesis calls on this voice. */
  let queue: Promise<unknown> = Promise.resolve();
  const language: Language = manifest.languages[0]!;
  let disposed = false;

  return {
    sampleRate,
    language,
    async synthesize(text: string, options?: SynthesizeOptions): Promise<PcmAudio> {
      if (disposed || !tts) throw new LumioError('INTERNAL', 'This voice was already closed');
      // sherpa-onnx logs "Failed to convert … to token IDs" for empty text; skip the call.
      if (text.trim() === '') return { samples: new Float32Array(0), sampleRate };
      const speed = options?.speed ?? 1;
      if (!(speed > 0) || !Number.isFinite(speed)) {
        throw new LumioError('INVALID_ARGUMENT', `Speech speed must be a positive number, got ${speed}`);
      }
      const engine = tts;
      // sherpa-onnx turns speed into length_scale = 1 / speed for Piper models.
      // enableExternalBuffer=false: the samples are a JS-owned copy, safe to keep and transfer.
      const request = { text, sid: 0, speed, enableExternalBuffer: false };
      const run = queue.then(async () => {
        const out = engine.generateAsync ? await engine.generateAsync(request) : engine.generate(request);
        return { samples: out.samples, sampleRate: out.sampleRate || sampleRate };
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async dispose() {
      // Let queued sentences finish; sherpa-onnx-node frees the native object when it is
      // garbage-collected, so dropping our reference is all there is to do.
      disposed = true;
      await queue;
      tts = undefined;
    },
  };
}
