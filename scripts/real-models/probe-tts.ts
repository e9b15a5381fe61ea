/** Child process: loads a sherpa-onnx VITS voice from its lumio-model.json and speaks one sentence. */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const sherpa = require('sherpa-onnx-node') as {
  OfflineTts: new (c: unknown) => {
    sampleRate: number;
    generate(o: { text: string; sid: number; speed: number }): { samples: Float32Array; sampleRate: number };
  };
};

const [dir, wavOut] = process.argv.slice(2);
if (!dir || !wavOut) throw new Error('usage: probe-tts.ts <model dir> <out.wav>');
const m = JSON.parse(fs.readFileSync(path.join(dir, 'lumio-model.json'), 'utf8')) as { files: { model: string; tokens: string; dataDir?: string } };

const t0 = performance.now();
const tts = new sherpa.OfflineTts({
  model: {
    vits: { model: path.join(dir, m.files.model), tokens: path.join(dir, m.files.tokens), dataDir: m.files.dataDir ? path.join(dir, m.files.dataDir) : '' },
    numThreads: 2,
    provider: 'cpu',
    debug: false,
  },
  maxNumSentences: 1,
});
const loadMs = performance.now() - t0;
const text = 'Hello! I am Lumio, your offline voice companion. How are you feeling today?';
const g0 = performance.now();
const audio = tts.generate({ text, sid: 0, speed: 1.0 });
const genMs = performance.now() - g0;
const seconds = audio.samples.length / audio.sampleRate;
let sum = 0;
let peak = 0;
for (const s of audio.samples) {
  sum += s * s;
  peak = Math.max(peak, Math.abs(s));
}

// 16-bit PCM WAV, so a person (or whisper) can check it.
const pcm = Buffer.alloc(audio.samples.length * 2);
audio.samples.forEach((s, i) => pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + pcm.length, 4);
header.write('WAVEfmt ', 8);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20);
header.writeUInt16LE(1, 22);
header.writeUInt32LE(audio.sampleRate, 24);
header.writeUInt32LE(audio.sampleRate * 2, 28);
header.writeUInt16LE(2, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(pcm.length, 40);
fs.writeFileSync(wavOut, Buffer.concat([header, pcm]));

console.log(
  'RESULT ' +
    JSON.stringify({
      engine: 'sherpa-onnx-node OfflineTts (vits, 2 threads)',
      loadMs: Math.round(loadMs),
      text,
      sampleRate: audio.sampleRate,
      audioSeconds: Number(seconds.toFixed(2)),
      generateMs: Math.round(genMs),
      rtf: Number((genMs / 1000 / seconds).toFixed(3)),
      rms: Number(Math.sqrt(sum / audio.samples.length).toFixed(4)),
      peak: Number(peak.toFixed(3)),
      wav: wavOut,
    }),
);
