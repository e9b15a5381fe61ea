/** Child process: transcribes a 16 kHz mono WAV with smart-whisper (whisper.cpp) and times it. */
import fs from 'node:fs';
import { Whisper } from 'smart-whisper';

const [model, wav, language = 'en'] = process.argv.slice(2);
if (!model || !wav) throw new Error('usage: probe-stt.ts <ggml model> <16k mono s16 wav> [language]');
const buf = fs.readFileSync(wav);
const rate = buf.readUInt32LE(24);
if (buf.readUInt16LE(34) !== 16 || buf.readUInt16LE(22) !== 1) throw new Error('need a mono s16 WAV');
let off = 12;
while (buf.toString('latin1', off, off + 4) !== 'data') off += 8 + buf.readUInt32LE(off + 4);
const m = buf.readUInt32LE(off + 4) / 2;
const src = new Float32Array(m);
for (let i = 0; i < m; i++) src[i] = buf.readInt16LE(off + 8 + i * 2) / 32768;
// Other rates (the TTS proof's 22.05 kHz) are brought to 16 kHz by linear interpolation: crude,
// but enough for a "can whisper understand this voice" check.
const n = rate === 16000 ? m : Math.floor((m * 16000) / rate);
const pcm = rate === 16000 ? src : new Float32Array(n);
if (rate !== 16000) {
  for (let i = 0; i < n; i++) {
    const x = (i * rate) / 16000;
    const j = Math.floor(x);
    const f = x - j;
    pcm[i] = (src[j] ?? 0) * (1 - f) + (src[j + 1] ?? 0) * f;
  }
}

const threads = Number(process.env.LUMIO_STT_THREADS ?? 1);
const t0 = performance.now();
const whisper = new Whisper(model, { gpu: false });
await whisper.load();
const loadMs = performance.now() - t0;
const t1 = performance.now();
const task = await whisper.transcribe(pcm, { language, n_threads: threads });
const segments = await task.result;
const ms = performance.now() - t1;
await whisper.free();
const text = segments
  .map((s) => s.text)
  .join('')
  .trim();
console.log(
  'RESULT ' +
    JSON.stringify({
      engine: `smart-whisper (whisper.cpp), ${threads} thread(s)`,
      loadMs: Math.round(loadMs),
      language,
      audioSeconds: Number((n / 16000).toFixed(2)),
      transcribeMs: Math.round(ms),
      rtf: Number((ms / 1000 / (n / 16000)).toFixed(3)),
      text,
    }),
);
