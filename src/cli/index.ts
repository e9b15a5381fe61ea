import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LanguageSettingSchema, ToneSchema, VoiceSchema, type Timings, type TurnEvent, type TurnOptions } from '../shared/domain.js';
import { LumioError, toLumioError, type ErrorCode, type LumioErrorPayload } from '../shared/errors.js';
import type { DownloadProgressEvent } from '../shared/ipc.js';
import { prepareSpeechInput } from '../core/audio/prepare.js';
import { encodeWav } from '../core/audio/wav.js';
import { forkNodeWorker } from '../core/engine/node-channel.js';
import { defaultHome } from '../core/paths.js';
import { feedRecording } from '../core/host/feed-recording.js';
import { guessLanguage } from '../core/text/letters.js';
import { formatBytes } from '../shared/format-bytes.js';
import { LumioService } from '../core/service.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { choiceValue, closest, COMMON_OPTIONS, commandHelp, flag, parseCommandArgs, stringValue, type CommandSpec, type ParsedArgs } from './args.js';
import { damagedModelError, describeDamagedModel } from '../core/models/health.js';
import type { DamagedModel } from '../shared/errors.js';
import { cliErrorHint, cliErrorText } from './error-words.js';
import { Progress } from './progress.js';

const LANG = ['auto', 'ru', 'en'] as const;

const SPECS = {
  talk: {
    name: 'talk',
    summary: "One turn of conversation: your recording (or typed words) in, Lumio's reply out.",
    usage: [
      'lumio talk --in question.wav [--out reply.wav] [options]',
      'lumio talk --text "what you would say" [--out reply.wav] [options]',
      'stdout: nothing, or the turn as JSON with --json; what was heard, the reply and timings go to stderr.',
    ],
    options: {
      in: { type: 'string', value: 'FILE.wav', help: 'the recording to answer (16-bit PCM or float WAV)' },
      text: { type: 'string', value: 'TEXT', help: 'typed words instead of a recording' },
      out: { type: 'string', value: 'FILE.wav', help: 'write the spoken reply here' },
      voice: { type: 'string', choices: VoiceSchema.options, help: 'the voice of the reply (default: settings)' },
      tone: { type: 'string', choices: ToneSchema.options, help: 'how Lumio talks (default: settings)' },
      lang: { type: 'string', choices: LANG, help: 'the language you speak; auto detects it (default: settings)' },
      conversation: { type: 'string', value: 'ID', help: 'continue this conversation' },
      ...COMMON_OPTIONS,
    },
  },
  transcribe: {
    name: 'transcribe',
    summary: 'Speech to text.',
    usage: ['lumio transcribe audio.wav [--lang auto|ru|en] [--json]', 'stdout: the text, one line (or JSON with --json); language and time go to stderr.'],
    options: {
      in: { type: 'string', value: 'FILE.wav', help: 'the recording (or give it as the first argument)' },
      lang: { type: 'string', choices: LANG, help: 'the language spoken; auto detects it' },
      ...COMMON_OPTIONS,
    },
  },
  say: {
    name: 'say',
    summary: "Text to speech in one of Lumio's voices.",
    usage: ['lumio say "text" --out speech.wav [--voice female|male] [--lang ru|en] [--json]', 'stdout: nothing, or JSON with --json.'],
    options: {
      out: { type: 'string', value: 'FILE.wav', help: 'where to write the speech (required)' },
      voice: { type: 'string', choices: VoiceSchema.options, help: 'which voice (default: settings)' },
      lang: { type: 'string', choices: ['ru', 'en'], help: 'the language of the text (default: guessed from its letters)' },
      ...COMMON_OPTIONS,
    },
  },
  history: {
    name: 'history',
    summary: 'Your saved conversations.',
    usage: [
      'lumio history list [--json]',
      'lumio history search "words" [--json]',
      'lumio history export --format json|md --out FILE [--conversation ID]',
      'lumio history import FILE        (a JSON export: merged, nothing doubled)',
      'lumio history wipe --yes',
      'lumio history recover --yes      (a damaged history: keep it aside, start a fresh one with what was readable)',
    ],
    options: {
      format: { type: 'string', choices: ['json', 'md'], help: 'export format (default json)' },
      out: { type: 'string', value: 'FILE', help: 'the export file' },
      conversation: { type: 'string', value: 'ID', help: 'export only this conversation' },
      yes: { type: 'boolean', help: 'confirm wipe' },
      ...COMMON_OPTIONS,
    },
  },
  models: {
    name: 'models',
    summary: 'The models Lumio runs on: what is installed, what is damaged, and downloads.',
    usage: [
      'lumio models list [--json]',
      'lumio models download [ID ...]        (no ID: the default set)',
      'lumio models repair ID ...             (download a damaged model again)',
    ],
    options: { ...COMMON_OPTIONS },
  },
} satisfies Record<string, CommandSpec>;

type CommandName = keyof typeof SPECS;

const USAGE = `Lumio — an offline voice companion (command line)

Usage:
${Object.values(SPECS)
  .flatMap((s) => s.usage.filter((u) => u.startsWith('lumio ')))
  .map((u) => `  ${u}`)
  .join('\n')}

Run lumio <command> --help for a command's options.
stdout carries only a command's result; progress, timings and hints go to stderr.
Data lives in $LUMIO_HOME (default: ${defaultHome()}); models in $LUMIO_MODELS_DIR or <home>/models.
Exit codes: 0 ok, 2 wrong usage, 3 unusable audio, 4 model missing or damaged, 5 engine crashed,
6 storage problem, 7 download failed, 1 anything else.`;

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

/** The result of a command on stdout: JSON with --json, else the text (nothing for an empty one). */
function result(json: boolean, value: unknown, text: string | null): void {
  if (json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else if (text !== null) process.stdout.write(`${text}\n`);
}

/** What a person reads beside the result: on stderr, so a pipe gets only the result. */
function tell(text: string): void {
  process.stderr.write(`${text}\n`);
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
/** Written beside its final name and renamed, 600: a reply can be as private as the history. */
function writeWavAtomic(file: string, samples: Float32Array, sampleRate: number): void {
  writeFileAtomic(file, encodeWav(samples, sampleRate));
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

/** A command's value, or its error thrown as a LumioError. */
async function call<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: LumioErrorPayload }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw LumioError.fromPayload(r.error);
  return r.value;
}

async function openService(progress: Progress): Promise<LumioService> {
  const service = await LumioService.open({ home: defaultHome(), spawnWorker: () => forkNodeWorker() });
  // What Lumio set right at open, and a history that cannot be written, are said before anything else.
  const storage = service.storageStatus();
  for (const n of storage.notices) process.stderr.write(`lumio: note: ${cliErrorText(n)}\n`);
  if (storage.problem) process.stderr.write(`lumio: ${cliErrorText(storage.problem)}\n${storage.problem.hint ? `  ${storage.problem.hint}\n` : ''}`);
  service.onEvent((e) => {
    if (e.type === 'engine.status' && e.status.stage) progress.update(e.status.detail ? `${e.status.stage} (${e.status.detail})` : e.status.stage);
  });
  return service;
}

/** The CLI's own hint for a damaged model: the command that repairs it. */
function repairHint(d: DamagedModel): string {
  return d.repairable ? `Repair it: lumio models repair ${d.id}` : 'It is not from Lumio’s catalog: put its files back, or remove its folder.';
}

/** Names every damaged model on stderr; returns them so the command can exit 4 after its result. */
async function warnDamaged(service: LumioService, roles: ReadonlyArray<DamagedModel['role']>, progress: Progress): Promise<DamagedModel[]> {
  const damaged = ((await call(service.handle('engine.status', {}))).damaged ?? []).filter((d) => roles.includes(d.role));
  for (const d of damaged) {
    const without = d.role === 'vad' ? ' Lumio runs without it: silence is not trimmed.' : '';
    progress.line(`lumio: ${describeDamagedModel(d)}${without}\n  ${repairHint(d)}`);
  }
  return damaged;
}

interface TalkOutcome {
  done: Extract<TurnEvent, { type: 'turn.done' }>;
  transcript: string;
  language: string;
  mood: unknown;
  crisis: unknown;
  samples: Float32Array;
  sampleRate: number;
}

/**
 * Every engine call of `lumio talk` in one place: start the turn (spoken or typed) and collect its
 * events until it is done. The printing around it stays the same whatever feeds the engine.
 */
async function runTalkTurn(
  service: LumioService,
  input: { samples: Float32Array } | { text: string },
  options: TurnOptions,
  onTranscript: (text: string) => void,
): Promise<TalkOutcome> {
  const chunks: Float32Array[] = [];
  const o = { transcript: '', language: '', mood: null as unknown, crisis: null as unknown, sampleRate: 0 };
  const finished = new Promise<Extract<TurnEvent, { type: 'turn.done' }>>((resolve, reject) => {
    service.onEvent((event) => {
      switch (event.type) {
        case 'turn.transcript':
          o.transcript = event.transcript.text;
          o.language = event.transcript.language;
          onTranscript(o.transcript);
          break;
        case 'turn.mood':
          o.mood = event.mood;
          break;
        case 'turn.crisis':
          o.crisis = event.crisis;
          break;
        case 'turn.audio':
          o.sampleRate = event.sampleRate;
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
  const turnId = randomUUID();
  if ('samples' in input) {
    // The same session commands the app's microphone sends (turn.begin → turn.audio… → turn.end).
    await feedRecording((command, request) => service.handle(command, request), { turnId, samples: input.samples, sampleRate: 16000, options, pace: 'fast' });
  } else {
    const started = await service.handle('turn.text', { turnId, text: input.text, options });
    if (!started.ok) throw LumioError.fromPayload(started.error);
  }
  const done = await finished;
  return { done, ...o, samples: concatAudio(chunks) };
}

async function talk(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const typed = stringValue(args, 'text');
  const input = stringValue(args, 'in') ?? args.positionals[0];
  const output = stringValue(args, 'out');
  if (typed !== undefined && input !== undefined) throw new LumioError('INVALID_ARGUMENT', 'Give either --in (a recording) or --text, not both.');
  if (args.positionals.length > 1) throw new LumioError('INVALID_ARGUMENT', `Unexpected argument "${args.positionals[1]}". Run: lumio talk --help`);
  // Unusable audio is refused here, before any engine starts.
  const audio = typed === undefined ? prepareSpeechInput(readAudioFile(input)) : null;
  const service = await openService(progress);
  try {
    const settings = await call(service.handle('settings.get', {}));
    const conversation = stringValue(args, 'conversation');
    const options: TurnOptions = {
      voice: choiceValue(args, 'voice', VoiceSchema.options) ?? settings.voice,
      tone: choiceValue(args, 'tone', ToneSchema.options) ?? settings.tone,
      language: choiceValue(args, 'lang', LanguageSettingSchema.options) ?? settings.language,
      ...(conversation ? { conversationId: conversation } : {}),
    };
    const damagedVad = await warnDamaged(service, ['vad'], progress);
    progress.update(audio ? 'listening to the recording' : 'reading the message');
    const turn = await runTalkTurn(service, audio ? { samples: audio.samples } : { text: typed! }, options, (heard) => {
      progress.update('writing a reply');
      if (!json) progress.line(`You: ${heard}`);
    });
    progress.done();
    const { done, samples, sampleRate } = turn;
    // A reply that could not be spoken is still shown and saved; the command then says why.
    const speechError = done.speechError ? LumioError.fromPayload(done.speechError) : null;
    const writeAudio = output !== undefined && speechError === null;
    if (writeAudio) {
      if (samples.length === 0) throw new LumioError('INTERNAL', 'The reply produced no audio.');
      writeWavAtomic(output, samples, sampleRate);
    }
    result(
      json,
      {
        transcript: turn.transcript,
        language: turn.language,
        reply: done.replyText,
        mood: turn.mood,
        crisis: turn.crisis,
        conversationId: done.conversationId,
        timings: done.timings,
        audio: writeAudio ? { file: path.resolve(output), sampleRate, seconds: samples.length / sampleRate } : null,
        ...(done.speechError ? { speechError: done.speechError } : {}),
        ...(damagedVad.length ? { damaged: damagedVad } : {}),
      },
      null,
    );
    if (!json) {
      tell(
        [
          `Lumio: ${done.replyText}`,
          turn.crisis ? '(support lines were included in the reply)' : null,
          writeAudio ? `Reply audio: ${output} (${(samples.length / sampleRate).toFixed(1)} s)` : null,
          'Timings:',
          formatTimings(done.timings),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    }
    if (speechError) {
      const hint = speechError.model ? repairHint(speechError.model) : cliErrorHint(speechError.toPayload());
      tell(`lumio: the reply was not spoken: ${cliErrorText(speechError.toPayload())}${hint ? `\n  ${hint}` : ''}`);
      // A damaged voice always fails the command; a missing one only when a file was asked for.
      if (speechError.code === 'MODEL_CORRUPT' || output) return exitCodeFor(speechError.code);
    }
    return damagedVad.length ? exitCodeFor('MODEL_CORRUPT') : 0;
  } finally {
    await service.close();
  }
}

async function transcribe(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  if (args.positionals.length > 1) throw new LumioError('INVALID_ARGUMENT', `Unexpected argument "${args.positionals[1]}". Run: lumio transcribe --help`);
  const audio = prepareSpeechInput(readAudioFile(args.positionals[0] ?? stringValue(args, 'in')));
  const service = await openService(progress);
  try {
    const status = await call(service.handle('engine.status', {}));
    const damagedStt = status.models.stt === null ? status.damaged?.find((d) => d.role === 'stt') : undefined;
    if (damagedStt) throw damagedModelError(damagedStt);
    if (status.models.stt === null) throw new LumioError('MODEL_MISSING', 'No speech recognition model is installed.', { hint: 'Run: lumio models download' });
    const damagedVad = await warnDamaged(service, ['vad'], progress);
    const started = performance.now();
    const transcript = await service.engine.transcribe(audio.samples, choiceValue(args, 'lang', LanguageSettingSchema.options) ?? 'auto');
    progress.done();
    const ms = Math.round(performance.now() - started);
    // One line: a transcript split over lines would read as several results in a pipe.
    result(json, { ...transcript, ms }, transcript.text.replace(/\s+/g, ' ').trim());
    if (!json) tell(`(${transcript.language}, ${ms} ms)`);
    return damagedVad.length ? exitCodeFor('MODEL_CORRUPT') : 0;
  } finally {
    await service.close();
  }
}

async function sayCommand(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const text = args.positionals.join(' ').trim();
  const output = stringValue(args, 'out');
  if (!text) throw new LumioError('INVALID_ARGUMENT', 'Give the text to say, e.g. lumio say "Hello" --out hello.wav');
  if (!output) throw new LumioError('INVALID_ARGUMENT', 'Name the WAV file to write with --out.');
  const language = choiceValue(args, 'lang', ['ru', 'en'] as const) ?? guessLanguage(text);
  const service = await openService(progress);
  try {
    const voice = choiceValue(args, 'voice', VoiceSchema.options) ?? (await call(service.handle('settings.get', {}))).voice;
    const spoken = await service.engine.say(text, language, voice);
    progress.done();
    writeWavAtomic(output, spoken.samples, spoken.sampleRate);
    const seconds = spoken.samples.length / spoken.sampleRate;
    result(json, { file: path.resolve(output), voice: spoken.voiceId, sampleRate: spoken.sampleRate, seconds, synthMs: Math.round(spoken.synthMs) }, null);
    if (!json) tell(`Wrote ${output}: ${seconds.toFixed(2)} s with ${spoken.voiceId} in ${Math.round(spoken.synthMs)} ms`);
    return 0;
  } finally {
    await service.close();
  }
}

async function history(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const [action, ...rest] = args.positionals;
  const service = await openService(progress);
  try {
    switch (action) {
      case 'list': {
        const list = await call(service.handle('history.list', { limit: 500 }));
        result(
          json,
          list,
          list.length ? list.map((c) => `${c.updatedAt.slice(0, 16).replace('T', ' ')}  ${c.id}  ${c.turnCount} turns  ${c.title}`).join('\n') : null,
        );
        if (!json && !list.length) tell('No conversations yet.');
        return 0;
      }
      case 'search': {
        const query = rest.join(' ');
        const hits = await call(service.handle('history.search', { query, limit: 50 }));
        result(json, hits, hits.length ? hits.map((h) => `${h.createdAt.slice(0, 16).replace('T', ' ')}  ${h.conversationId}  ${h.snippet}`).join('\n') : null);
        if (!json && !hits.length) tell(`Nothing found for "${query}".`);
        return 0;
      }
      case 'export': {
        const format = choiceValue(args, 'format', ['json', 'md'] as const) ?? 'json';
        const file = stringValue(args, 'out');
        if (!file) throw new LumioError('INVALID_ARGUMENT', 'Name the file to write with --out.');
        const conversationId = stringValue(args, 'conversation');
        // The person named the file on the command line: the host's own export path, not the contract's (which has none).
        const exported = await call(service.exportTo(path.resolve(file), { format, ...(conversationId ? { conversationId } : {}) }));
        result(json, exported, null);
        if (!json) tell(exported ? `Exported ${exported.turns} turns to ${exported.path} (${exported.bytes} bytes).` : 'Nothing exported.');
        return 0;
      }
      case 'import': {
        // Merges what `history export --format json` (or the app's Export) wrote; a turn already here is kept, not doubled.
        const file = rest[0];
        if (!file) throw new LumioError('INVALID_ARGUMENT', 'Name the JSON export to import, e.g. lumio history import lumio-history.json');
        let text: string;
        try {
          text = fs.readFileSync(path.resolve(file), 'utf8');
        } catch (e) {
          throw new LumioError('NOT_FOUND', `Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: e });
        }
        const imported = await call(service.handle('history.import', { text }));
        result(json, imported, null);
        if (!json)
          tell(
            `Imported ${imported.conversations} new conversations and ${imported.turns} new turns (${imported.facts} facts, ${imported.summaries} summaries); what was already here was kept.`,
          );
        return 0;
      }
      case 'wipe': {
        if (!flag(args, 'yes')) {
          throw new LumioError('INVALID_ARGUMENT', 'This deletes every conversation and everything Lumio remembers, for good. Add --yes to confirm.');
        }
        await call(service.handle('history.wipe', { confirm: true }));
        result(json, { ok: true }, null);
        if (!json) tell('All conversations and memories were deleted and the database was compacted.');
        return 0;
      }
      case 'recover': {
        if (!flag(args, 'yes')) {
          throw new LumioError(
            'INVALID_ARGUMENT',
            'This puts the damaged history aside (renamed, never deleted) and starts a fresh one with what could be read. Add --yes to confirm.',
          );
        }
        const recovered = await call(service.handle('storage.recover', { confirm: true }));
        result(json, recovered, null);
        if (!json) {
          tell(`A fresh history was started with ${recovered.conversations} conversations (${recovered.turns} turns) that could be read.`);
          tell(
            `The damaged one is kept as ${recovered.keptAs}${recovered.unreadableTurns ? `; ${recovered.unreadableTurns} turns could not be read and are only there` : ''}.`,
          );
        }
        return 0;
      }
      default:
        throw new LumioError(
          'INVALID_ARGUMENT',
          'Use: lumio history list | search "words" | export --format json|md --out FILE | import FILE | wipe --yes | recover --yes',
        );
    }
  } finally {
    await service.close();
  }
}

const COMMERCIAL = { yes: 'commercial use ok', no: 'NON-COMMERCIAL', unknown: 'licence unknown' } as const;

async function models(args: ParsedArgs, json: boolean, progress: Progress): Promise<number> {
  const [action, ...ids] = args.positionals;
  const service = await openService(progress);
  try {
    const overview = await call(service.handle('models.list', {}));
    if (action === 'list' || action === undefined) {
      const lines = [
        `Models folder: ${overview.modelsDir}`,
        overview.installed.length ? 'Installed:' : 'Installed: none',
        ...overview.installed.map(
          (m) =>
            `  ${m.id.padEnd(28)} ${m.role.padEnd(4)} ${m.languages.join('+').padEnd(6)} ${formatBytes(m.sizeBytes).padStart(7)}${m.synthetic ? '  (test model, random weights)' : ''}`,
        ),
        ...(overview.damaged.length
          ? ['Damaged (never used until repaired):', ...overview.damaged.map((d) => `  ${describeDamagedModel(d)} ${repairHint(d)}`)]
          : []),
        'Catalog:',
        ...overview.catalog.map(
          (m) =>
            `  ${m.id.padEnd(28)} ${m.role.padEnd(4)} ${m.languages.join('+').padEnd(6)} ${formatBytes(m.sizeBytes).padStart(7)}  ${m.default ? 'default ' : '        '}${m.state.padEnd(10)} ${COMMERCIAL[m.commercialUse]}: ${m.license}`,
        ),
        overview.missingRoles.length
          ? `Missing for a conversation: ${overview.missingRoles.join(', ')} — run: lumio models download`
          : overview.damaged.length
            ? 'Repair the damaged models above.'
            : 'Ready to talk.',
      ];
      result(json, overview, lines.join('\n'));
      return 0;
    }
    if (action !== 'download' && action !== 'repair') throw new LumioError('INVALID_ARGUMENT', 'Use: lumio models list | download [ID ...] | repair ID ...');
    if (action === 'repair' && ids.length === 0) {
      const repairable = overview.damaged.filter((d) => d.repairable).map((d) => d.id);
      if (repairable.length === 0) throw new LumioError('INVALID_ARGUMENT', 'Nothing to repair: no damaged model from the catalog is installed.');
      ids.push(...repairable);
    }
    const known = overview.catalog.map((m) => m.id);
    for (const id of ids) {
      if (!known.includes(id)) {
        const guess = closest(id, known);
        throw new LumioError('INVALID_ARGUMENT', `There is no model "${id}" in the catalog${guess ? `; did you mean ${guess}?` : '.'}`, {
          hint: 'Run: lumio models list',
        });
      }
    }
    const wanted = ids.length ? ids : overview.catalog.filter((m) => m.default && m.state !== 'installed' && m.state !== 'damaged').map((m) => m.id);
    if (wanted.length === 0) {
      result(json, { requested: [], failed: [] }, null);
      if (!json) tell('The default models are already installed.');
      return 0;
    }
    const failures: string[] = [];
    service.downloads.on('log', (line: string) => progress.line(line));
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
    await call(service.handle('models.download', { ids: wanted }));
    await service.downloads.idle();
    progress.done();
    result(json, { requested: wanted, failed: failures }, null);
    if (!json) tell(failures.length ? `${failures.length} of ${wanted.length} downloads failed.` : 'All downloads finished.');
    return failures.length ? 7 : 0;
  } finally {
    await service.close();
  }
}

const RUN: Record<CommandName, (args: ParsedArgs, json: boolean, progress: Progress) => Promise<number>> = {
  talk,
  transcribe,
  say: sayCommand,
  history,
  models,
};

export async function main(argv: string[]): Promise<number> {
  // Every file this command writes (history, replies, exports) is for this account only.
  if (process.platform !== 'win32') process.umask(0o077);
  let json = argv.includes('--json');
  const progress = new Progress(process.stderr);
  try {
    const [command, ...rest] = argv;
    if (command === undefined) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      const about = rest[0] as CommandName | undefined;
      process.stdout.write(`${about && about in SPECS ? commandHelp(SPECS[about]) : USAGE}\n`);
      return 0;
    }
    if (!(command in SPECS)) {
      const guess = closest(command.replace(/^-+/, ''), Object.keys(SPECS));
      throw new LumioError('INVALID_ARGUMENT', `Unknown command "${command}"${guess ? `; did you mean ${guess}?` : '.'}`, { hint: 'Run: lumio --help' });
    }
    const name = command as CommandName;
    const spec: CommandSpec = SPECS[name];
    const args = parseCommandArgs(rest, spec);
    json = flag(args, 'json');
    if (flag(args, 'help')) {
      process.stdout.write(`${commandHelp(spec)}\n`);
      return 0;
    }
    return await RUN[name](args, json, progress);
  } catch (e) {
    progress.done();
    const error = toLumioError(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: error.toPayload() }, null, 2)}\n`);
    const payload = error.toPayload();
    const hint = error.model ? repairHint(error.model) : cliErrorHint(payload);
    process.stderr.write(`lumio: ${cliErrorText(payload)}\n${hint ? `  ${hint}\n` : ''}`);
    return exitCodeFor(error.code);
  }
}
