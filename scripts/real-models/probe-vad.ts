/** Child process: runs Silero VAD (sherpa-onnx) over a 16 kHz WAV and reports the speech segments. */
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node') as {
  Vad: new (
    c: unknown,
    bufferSeconds: number,
  ) => {
    acceptWaveform(s: Float32Array): void;
    isEmpty(): boolean;
    front(): { start: number; samples: Float32Array };
    pop(): void;
    flush(): void;
  };
};

const [model, wav] = process.argv.slice(2);
if (!model || !wav) throw new Error('usage: probe-vad.ts <silero_vad.onnx> <16k mono s16 wav>');
const buf = fs.readFileSync(wav);
// Minimal reader for the canonical 44-byte-header PCM WAVs in ../shared (checked, not assumed).
const rate = buf.readUInt32LE(24);
const bits = buf.readUInt16LE(34);
const channels = buf.readUInt16LE(22);
if (rate !== 16000 || bits !== 16 || channels !== 1) throw new Error(`need 16 kHz mono s16, got ${rate} Hz ${channels} ch ${bits} bit`);
let off = 12;
while (buf.toString('latin1', off, off + 4) !== 'data') off += 8 + buf.readUInt32LE(off + 4);
const n = buf.readUInt32LE(off + 4) / 2;
const samples = new Float32Array(n);
for (let i = 0; i < n; i++) samples[i] = buf.readInt16LE(off + 8 + i * 2) / 32768;

const t0 = performance.now();
const vad = new sherpa.Vad(
  { sileroVad: { model, threshold: 0.5, minSilenceDuration: 0.25, minSpeechDuration: 0.25, windowSize: 512 }, sampleRate: 16000, numThreads: 1, debug: false },
  60,
);
const segments: Array<{ startS: number; durS: number }> = [];
for (let i = 0; i < n; i += 512) {
  vad.acceptWaveform(samples.subarray(i, Math.min(n, i + 512)));
  while (!vad.isEmpty()) {
    const s = vad.front();
    segments.push({ startS: Number((s.start / 16000).toFixed(2)), durS: Number((s.samples.length / 16000).toFixed(2)) });
    vad.pop();
  }
}
vad.flush();
while (!vad.isEmpty()) {
  const s = vad.front();
  segments.push({ startS: Number((s.start / 16000).toFixed(2)), durS: Number((s.samples.length / 16000).toFixed(2)) });
  vad.pop();
}
const ms = performance.now() - t0;
const speech = segments.reduce((a, s) => a + s.durS, 0);
console.log(
  'RESULT ' +
    JSON.stringify({
      engine: 'sherpa-onnx-node Vad (silero)',
      audioSeconds: Number((n / 16000).toFixed(2)),
      speechSeconds: Number(speech.toFixed(2)),
      segments: segments.length,
      first: segments.slice(0, 3),
      processMs: Math.round(ms),
      rtf: Number((ms / 1000 / (n / 16000)).toFixed(4)),
    }),
);
