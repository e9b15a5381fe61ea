import fs from 'node:fs';
import path from 'node:path';
import { LanguageSettingSchema, ToneSchema, VoiceSchema, type Timings, type TurnEvent } from '../shared/domain.js';
import { LumioError, toLumioError, type ErrorCode } from '../shared/errors.js';
import type { DownloadProgressEvent } from '../shared/ipc.js';
import { prepareSpeechInput } from '../core/audio/prepare.js';
import { encodeWav } from '../core/audio/wav.js';
import { forkNodeWorker } from '../core/engine/node-channel.js';
import { defaultHome } from '../core/paths.js';
import { LumioService } from '../core/service.js';
import { choiceFlag, parseArgs, stringFlag, type ParsedArgs } from './args.js';
import { Progress } from './progress.js';

const USAGE = `Lumio — an offline voice companion (command line)

Usage:
  lumio talk --in question.wav --out reply.wav [--voice female|male] [--tone friendly|supportive|neutral]
             [--lang auto|ru|en] [--conversation ID] [--sequential] [--json]
  lumio talk --text "what you would say" [--out reply.wav] [same options]
  lumio transcribe audio.wav [--lang auto|ru|en] [--json]
  lumio say "text" --out speech.wav [--voice female|male] [--lang ru|en] [--json]
  lumio history list [--json]
  lumio history search "words" [--json]
  lumio history export --format json|md --out FILE [--conversation ID]
  lumio history wipe --yes
  lumio models list [--json]
  lumio models download [ID ...]        (no ID: the default set)

Data lives in $LUMIO_HOME (default: ${defaultHome()}); models in $LUMIO_MODELS_DIR or <home>/models.
Exit codes: 0 ok, 2 wrong usage, 3 unusable audio, 4 model missing or damaged, 5 engine crashed,
6 storage problem, 7 download failed, 1 anything else.`;

const BOOLEAN_FLAGS = new Set(['json', 'yes', 'sequential', 'help', 'h', 'no-speak']);

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'IPC_INVALID':
      return 2;
    case 'AUDIO_EMPTY':
    case 'AUDIO_INVALID':
    case 'AUDIO_TOO_LONG':
    case 'NO_SPEECH':
      return 3;
    case 'MODEL_MISSING':
    case 'MODEL_CORRUPT':
      return 4;
    case 'ENGINE_CRASHED':
      return 5;
    case 'DB_LOCKED':
    case 'DB_READONLY':
    case 'DISK_FULL':
      return 6;
    case 'DOWNLOAD_FAILED':
    case 'HASH_MISMATCH':
      return 7;
    default:
      return 1;
  }
}

function out(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

function readAudioFile(file: string | undefined): Uint8Array {
  if (!file) throw new LumioError('INVALID_ARGUMENT', 'Name the audio file to read (a WAV file).');
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new LumioError('AUDIO_INVALID', `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

/** Writes a WAV next to its final name and renames it, so a reader never sees half a file. */
function writeWavAtomic(file: string, samples: Float32Array, sampleRate: number): void {
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, encodeWav(samples, sampleRate));
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new LumioError(code === 'ENOSPC' ? 'DISK_FULL' : 'INTERNAL', `Cannot write ${file}: ${code ?? (e as Error).message}.`);
  }
}

function concatAudio(chunks: Float32Array[]): Float32Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Float32Array(total);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return all;
}

export function formatTimings(t: Timings): string {
  const f = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v)} ms`);
  return [
    `  audio in          ${f(t.inputAudioMs)}`,
    `  vad               ${f(t.vadMs)}`,
    `  speech-to-text    ${f(t.sttMs)}`,
    `  mood              ${f(t.emotionMs)}`,
    ...(t.moodRefineMs === undefined ? [] : [`  mood, 2nd opinion ${f(t.moodRefineMs)}  (the chat model, after the reply)`]),
    `  first token       ${f(t.llmFirstTokenMs)}`,
    `  reply (llm)       ${f(t.llmMs)}  (${t.llmTokens ?? 0} tokens)`,
    `  speech synthesis  ${f(t.ttsMs)}  (${f(t.replyAudioMs)} of audio)`,
    `  first audio       ${f(t.firstAudioMs)}  (end of speech → first reply audio)`,
    `  total             ${f(t.totalMs)}`,
  ].join('\n');
}

async function openService(progress: Progress): Promise<LumioService> {
  const service = await LumioService.open({ home: defaultHome(), spawnWorker: () => forkNodeWorker() });
  service.supervisor.on('status', (s: { stage: string; detail?: string }) => {
    if (s.stage !== 'idle') progress.update(s.detail ? `${s.stage} (${s.detail})` : s.stage);
  });
  return service;
}

async function talk(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const typed = stringFlag(args, 'text');
  const input = stringFlag(args, 'in') ?? args.positionals[1];
  const output = stringFlag(args, 'out');
  // Unusable audio is refused here, before any engine starts.
  const audio = typed === undefined ? prepareSpeechInput(readAudioFile(input)) : null;
  const service = await openService(progress);
  try {
    const chunks: Float32Array[] = [];
    let sampleRate = 0;
    let transcript = '';
    let language = '';
    let mood: unknown = null;
    let crisis: unknown = null;
    const finished = new Promise<Extract<TurnEvent, { type: 'turn.done' }>>((resolve, reject) => {
      service.onEvent((event) => {
        switch (event.type) {
          case 'turn.transcript':
            transcript = event.transcript.text;
            language = event.transcript.language;
            progress.update('writing a reply');
            if (!json) progress.line(`You: ${transcript}`);
            break;
          case 'turn.mood':
            mood = event.mood;
            break;
          case 'turn.crisis':
            crisis = event.crisis;
            break;
          case 'turn.audio':
            sampleRate = event.sampleRate;
            chunks.push(event.pcm);
            break;
          case 'turn.done':
            resolve(event);
            break;
          case 'turn.error':
            reject(LumioError.fromPayload(event.error));
            break;
        }
      });
    });
    const settings = service.store.getSettings();
    const options = {
      voice: choiceFlag(args, 'voice', VoiceSchema.options) ?? settings.voice,
      tone: choiceFlag(args, 'tone', ToneSchema.options) ?? settings.tone,
      language: choiceFlag(args, 'lang', LanguageSettingSchema.options) ?? settings.language,
      ...(stringFlag(args, 'conversation') ? { conversationId: stringFlag(args, 'conversation') } : {}),
    };
    const started = audio
      ? await service.handle('turn.start', {
          audio: audio.samples.buffer.slice(audio.samples.byteOffset, audio.samples.byteOffset + audio.samples.byteLength) as ArrayBuffer,
          sampleRate: 16000,
          options,
        })
      : await service.handle('turn.text', { text: typed, options });
    if (!started.ok) throw LumioError.fromPayload(started.error);
    progress.update(audio ? 'listening to the recording' : 'reading the message');
    const done = await finished;
    progress.done();
    const samples = concatAudio(chunks);
    // A reply that could not be spoken is still printed; with --out the command then fails with
    // the reason (say, no voice for the language), since the file it was asked for is not there.
    const speechError = done.speechError ? LumioError.fromPayload(done.speechError) : null;
    const writeAudio = output !== undefined && speechError === null;
    if (writeAudio) {
      if (samples.length === 0) throw new LumioError('INTERNAL', 'The reply produced no audio.');
      writeWavAtomic(output, samples, sampleRate);
    }
    out(
      json,
      {
        transcript,
        language,
        reply: done.replyText,
        mood,
        crisis,
        conversationId: done.conversationId,
        timings: done.timings,
        audio: writeAudio ? { file: path.resolve(output), sampleRate, seconds: samples.length / sampleRate } : null,
        ...(done.speechError ? { speechError: done.speechError } : {}),
      },
      [
        `Lumio: ${done.replyText}`,
        crisis ? '(support lines were included in the reply)' : null,
        writeAudio ? `Reply audio: ${output} (${(samples.length / sampleRate).toFixed(1)} s)` : null,
        'Timings:',
        formatTimings(done.timings),
      ]
        .filter(Boolean)
        .join('\n'),
    );
    if (speechError) {
      process.stderr.write(`lumio: the reply was not spoken: ${speechError.message}\n${speechError.hint ? `  ${speechError.hint}\n` : ''}`);
      return output ? exitCodeFor(speechError.code) : 0;
    }
    return 0;
  } finally {
    await service.close();
  }
}

async function transcribe(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const audio = prepareSpeechInput(readAudioFile(args.positionals[1] ?? stringFlag(args, 'in')));
  const service = await openService(progress);
  try {
    if (service.engineStatus().models.stt === null) throw new LumioError('MODEL_MISSING', 'No speech recognition model is installed.', { hint: 'Run: lumio models download' });
    const started = performance.now();
    const transcript = await service.supervisor.transcribe(audio.samples, choiceFlag(args, 'lang', LanguageSettingSchema.options) ?? 'auto');
    progress.done();
    const ms = performance.now() - started;
    out(json, { ...transcript, ms: Math.round(ms) }, `${transcript.text}\n(${transcript.language}, ${Math.round(ms)} ms)`);
    return 0;
  } finally {
    await service.close();
  }
}

async function say(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const text = args.positionals.slice(1).join(' ').trim();
  const output = stringFlag(args, 'out');
  if (!text) throw new LumioError('INVALID_ARGUMENT', 'Give the text to say, e.g. lumio say "Hello" --out hello.wav');
  if (!output) throw new LumioError('INVALID_ARGUMENT', 'Name the WAV file to write with --out.');
  const language = choiceFlag(args, 'lang', ['ru', 'en'] as const) ?? (/[а-яё]/i.test(text) ? 'ru' : 'en');
  const service = await openService(progress);
  try {
    const voice = choiceFlag(args, 'voice', VoiceSchema.options) ?? service.store.getSettings().voice;
    const result = await service.supervisor.say(text, language, voice);
    progress.done();
    writeWavAtomic(output, result.samples, result.sampleRate);
    const seconds = result.samples.length / result.sampleRate;
    out(
      json,
      { file: path.resolve(output), voice: result.voiceId, sampleRate: result.sampleRate, seconds, synthMs: Math.round(result.synthMs) },
      `Wrote ${output}: ${seconds.toFixed(2)} s with ${result.voiceId} in ${Math.round(result.synthMs)} ms`,
    );
    return 0;
  } finally {
    await service.close();
  }
}

async function history(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const [, action, ...rest] = args.positionals;
  const service = await openService(progress);
  const call = async <T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string; hint?: string } }>) => {
    const r = await p;
    if (!r.ok) throw LumioError.fromPayload(r.error);
    return r.value;
  };
  try {
    switch (action) {
      case 'list': {
        const list = await call(service.handle('history.list', { limit: 500 }));
        out(json, list, list.length ? list.map((c) => `${c.updatedAt.slice(0, 16).replace('T', ' ')}  ${c.id}  ${c.turnCount} turns  ${c.title}`).join('\n') : 'No conversations yet.');
        return 0;
      }
      case 'search': {
        const query = rest.join(' ');
        const hits = await call(service.handle('history.search', { query, limit: 50 }));
        out(json, hits, hits.length ? hits.map((h) => `${h.createdAt.slice(0, 16).replace('T', ' ')}  ${h.conversationId}  ${h.snippet}`).join('\n') : `Nothing found for "${query}".`);
        return 0;
      }
      case 'export': {
        const format = choiceFlag(args, 'format', ['json', 'md'] as const) ?? 'json';
        const file = stringFlag(args, 'out');
        if (!file) throw new LumioError('INVALID_ARGUMENT', 'Name the file to write with --out.');
        const conversationId = stringFlag(args, 'conversation');
        const result = await call(service.handle('history.export', { format, path: path.resolve(file), ...(conversationId ? { conversationId } : {}) }));
        out(json, result, result ? `Exported ${result.turns} turns to ${result.path} (${result.bytes} bytes).` : 'Nothing exported.');
        return 0;
      }
      case 'wipe': {
        if (!args.flags.has('yes')) {
          throw new LumioError('INVALID_ARGUMENT', 'This deletes every conversation and everything Lumio remembers, for good. Add --yes to confirm.');
        }
        await call(service.handle('history.wipe', { confirm: true }));
        out(json, { ok: true }, 'All conversations and memories were deleted and the database was compacted.');
        return 0;
      }
      default:
        throw new LumioError('INVALID_ARGUMENT', 'Use: lumio history list | search "words" | export --format json|md --out FILE | wipe --yes');
    }
  } finally {
    await service.close();
  }
}

function formatBytes(n: number | null): string {
  if (n === null) return '?';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(0)} MB`;
  return `${Math.round(n / 1e3)} kB`;
}

async function models(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const [, action, ...ids] = args.positionals;
  const service = await openService(progress);
  try {
    const overview = await service.modelsOverview();
    if (action === 'list' || action === undefined) {
      const lines = [
        `Models folder: ${overview.modelsDir}`,
        overview.installed.length ? 'Installed:' : 'Installed: none',
        ...overview.installed.map((m) => `  ${m.id.padEnd(28)} ${m.role.padEnd(4)} ${m.languages.join('+').padEnd(6)} ${formatBytes(m.sizeBytes).padStart(7)}${m.synthetic ? '  (test model, random weights)' : ''}`),
        'Catalog:',
        ...overview.catalog.map((m) => `  ${m.id.padEnd(28)} ${m.role.padEnd(4)} ${m.languages.join('+').padEnd(6)} ${formatBytes(m.sizeBytes).padStart(7)}  ${m.default ? 'default ' : '        '}${m.state}`),
        overview.missingRoles.length ? `Missing for a conversation: ${overview.missingRoles.join(', ')} — run: lumio models download` : 'Ready to talk.',
      ];
      out(json, overview, lines.join('\n'));
      return 0;
    }
    if (action !== 'download') throw new LumioError('INVALID_ARGUMENT', 'Use: lumio models list | download [ID ...]');
    const wanted = ids.length ? ids : overview.catalog.filter((m) => m.default && m.state !== 'installed').map((m) => m.id);
    if (wanted.length === 0) {
      out(json, { downloaded: [] }, 'The default models are already installed.');
      return 0;
    }
    const failures: string[] = [];
    service.downloads.on('progress', (e: DownloadProgressEvent) => {
      if (e.state === 'downloading') {
        const pct = e.totalBytes ? ` ${((e.receivedBytes / e.totalBytes) * 100).toFixed(0)}%` : '';
        progress.update(`${e.id}: ${formatBytes(e.receivedBytes)} of ${formatBytes(e.totalBytes)}${pct}`);
      } else if (e.state === 'verifying') progress.update(`${e.id}: checking the file`);
      else if (e.state === 'installed') progress.line(`${e.id}: installed`);
      else if (e.state === 'failed') {
        failures.push(e.id);
        progress.line(`${e.id}: failed — ${e.error?.message ?? 'unknown error'}`);
      }
    });
    service.downloads.start(wanted);
    await service.downloads.idle();
    progress.done();
    out(json, { requested: wanted, failed: failures }, failures.length ? `${failures.length} of ${wanted.length} downloads failed.` : 'All downloads finished.');
    return failures.length ? 7 : 0;
  } finally {
    await service.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let json = false;
  const progress = new Progress(process.stderr);
  try {
    const args = parseArgs(argv, BOOLEAN_FLAGS);
    json = args.flags.has('json');
    const command = args.positionals[0];
    if (!command || args.flags.has('help') || args.flags.has('h') || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command || args.flags.has('help') || args.flags.has('h') ? 0 : 2;
    }
    switch (command) {
      case 'talk':
        return await talk(args, json, progress);
      case 'transcribe':
        return await transcribe(args, json, progress);
      case 'say':
        return await say(args, json, progress);
      case 'history':
        return await history(args, json, progress);
      case 'models':
        return await models(args, json, progress);
      default:
        throw new LumioError('INVALID_ARGUMENT', `Unknown command "${command}". Run: lumio --help`);
    }
  } catch (e) {
    progress.done();
    const error = toLumioError(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toPayload() }, null, 2)}\n`);
    process.stderr.write(`lumio: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`);
    return exitCodeFor(error.code);
  }
}
