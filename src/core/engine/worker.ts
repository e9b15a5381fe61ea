import path from 'node:path';
import type { Language, TurnEvent, Voice } from '../../shared/domain.js';
import { LumioError, toLumioError } from '../../shared/errors.js';
import type { ChatModel, SpeechDetector, SpeechRecognizer, SpeechSynthesizer } from '../engines.js';
import { createCompanion, type AskJson } from '../conversation/companion.js';
import { runTurn } from '../conversation/turn.js';
import { loadLlamaChat } from '../llm/llama-chat.js';
import { llmThreads, sttThreads } from './threads.js';
import { checkModelFiles } from '../models/check-model.js';
import { loadWhisperRecognizer } from '../stt/whisper-recognizer.js';
import { loadSherpaVoice } from '../tts/sherpa-tts.js';
import { loadSileroVad } from '../vad/silero-vad.js';
import { pickVoice } from '../models/locate.js';
import type { EngineConfig, EngineStage, HostToWorker, ModelRef, WorkerPort, WorkerSayResult, WorkerTurnResult } from './protocol.js';

/**
 * The engine process. It owns every native model (whisper, llama, sherpa-onnx), loads each on
 * first use and keeps it. A native crash here ends only this process; the host's supervisor
 * reports it and starts a new one.
 */
export function startWorker(port: WorkerPort): void {
  const engine = new EngineState(port);
  port.onMessage((message) => {
    void engine.handle(message);
  });
  port.send({ kind: 'ready', pid: process.pid });
}

class EngineState {
  private config: EngineConfig | null = null;
  private stt: Promise<SpeechRecognizer> | null = null;
  private llm: Promise<ChatModel> | null = null;
  private vad: Promise<SpeechDetector | null> | null = null;
  private readonly voices = new Map<string, Promise<SpeechSynthesizer>>();
  private readonly aborts = new Map<number, AbortController>();
  private readonly companion = createCompanion();

  constructor(private readonly port: WorkerPort) {}

  private stage(stage: EngineStage, detail?: string): void {
    this.port.send(detail === undefined ? { kind: 'stage', stage } : { kind: 'stage', stage, detail });
  }

  private requireConfig(): EngineConfig {
    if (!this.config) throw new LumioError('INTERNAL', 'The engine was not configured with models.');
    return this.config;
  }

  private requireModel(ref: ModelRef | null, what: string): ModelRef {
    if (!ref) {
      throw new LumioError('MODEL_MISSING', `No ${what} is installed.`, { hint: 'Open Models and download the default set.' });
    }
    return ref;
  }

  /** Loads once; a failed load is forgotten so the next request can try again. */
  private lazy<T>(get: () => Promise<T> | null, set: (p: Promise<T> | null) => void, load: () => Promise<T>): Promise<T> {
    const existing = get();
    if (existing) return existing;
    const created = load();
    set(created);
    created.catch(() => set(null));
    return created;
  }

  private getStt(): Promise<SpeechRecognizer> {
    return this.lazy(
      () => this.stt,
      (p) => (this.stt = p),
      async () => {
        const config = this.requireConfig();
        const ref = this.requireModel(config.models.stt, 'speech recognition model');
        checkModelFiles(ref);
        this.stage('loading the speech recognition model', ref.manifest.id);
        return loadWhisperRecognizer({
          modelPath: path.join(ref.dir, ref.manifest.files.model),
          threads: config.threads ?? sttThreads(),
        });
      },
    );
  }

  /** The chat model's second opinion on the mood, only for a model whose manifest earned it (moodJudge). */
  private moodJudge(llm: ChatModel): AskJson | undefined {
    const trusted = this.config?.models.llm?.manifest.moodJudge === true;
    return trusted && llm.completeJson ? (prompt, schema, o) => llm.completeJson!(prompt, schema, o) : undefined;
  }

  private getLlm(): Promise<ChatModel> {
    return this.lazy(
      () => this.llm,
      (p) => (this.llm = p),
      async () => {
        const config = this.requireConfig();
        const ref = this.requireModel(config.models.llm, 'chat model');
        checkModelFiles(ref);
        this.stage('loading the chat model', ref.manifest.id);
        return loadLlamaChat({
          modelPath: path.join(ref.dir, ref.manifest.files.model),
          threads: config.threads ?? llmThreads(),
          gpu: config.gpu ?? false,
          ...(config.contextSize ? { contextSize: config.contextSize } : {}),
          ...(config.seed === undefined ? {} : { seed: config.seed }),
        });
      },
    );
  }

  private getVad(): Promise<SpeechDetector | null> {
    return this.lazy(
      () => this.vad,
      (p) => (this.vad = p),
      async () => {
        const ref = this.requireConfig().models.vad;
        if (!ref) return null;
        checkModelFiles(ref);
        this.stage('loading the voice activity model', ref.manifest.id);
        return loadSileroVad({ modelPath: path.join(ref.dir, ref.manifest.files.model) });
      },
    );
  }

  private getVoice(language: Language, gender: Voice): Promise<SpeechSynthesizer> {
    const config = this.requireConfig();
    const pick = pickVoice(config.models.voices, language, gender);
    // A voice of the other gender will do; one for another language would mangle every word.
    const ref = pick.fallback === 'language' || pick.fallback === 'gender+language' ? null : pick.tts;
    if (!ref) {
      return Promise.reject(
        new LumioError('MODEL_MISSING', `No voice is installed for ${language === 'ru' ? 'Russian' : 'English'}.`, {
          hint: 'Open Models and download a voice.',
        }),
      );
    }
    const key = ref.manifest.id;
    const existing = this.voices.get(key);
    if (existing) return existing;
    const created = (async () => {
      checkModelFiles(ref);
      this.stage('loading a voice', key);
      return loadSherpaVoice({ modelDir: ref.dir, manifest: ref.manifest, threads: 1 });
    })();
    this.voices.set(key, created);
    created.catch(() => this.voices.delete(key));
    return created;
  }

  async handle(message: HostToWorker): Promise<void> {
    switch (message.kind) {
      case 'configure':
        await this.reconfigure(message.config);
        return;
      case 'abort':
        this.aborts.get(message.requestId)?.abort();
        return;
      case 'shutdown':
        await this.disposeAll();
        process.exit(0);
        return;
      default:
        await this.run(message);
    }
  }

  private async run(message: Exclude<HostToWorker, { kind: 'configure' | 'abort' | 'shutdown' }>): Promise<void> {
    const { requestId } = message;
    const controller = new AbortController();
    this.aborts.set(requestId, controller);
    try {
      const value = await this.execute(message, controller.signal);
      this.port.send({ kind: 'result', requestId, ok: true, value });
    } catch (e) {
      this.port.send({ kind: 'result', requestId, ok: false, error: toLumioError(e).toPayload() });
    } finally {
      this.aborts.delete(requestId);
      this.stage('idle');
    }
  }

  private async execute(
    message: Exclude<HostToWorker, { kind: 'configure' | 'abort' | 'shutdown' }>,
    signal: AbortSignal,
  ): Promise<unknown> {
    switch (message.kind) {
      case 'warmup': {
        await Promise.all([this.getVad(), this.getStt(), this.getLlm()]);
        return { ok: true };
      }
      case 'transcribe': {
        const vad = await this.getVad();
        const stt = await this.getStt();
        let audio = { samples: message.samples, sampleRate: 16000 };
        if (vad) audio = vad.trim(audio).audio;
        this.stage('transcribing');
        return stt.transcribe(audio, { language: message.language, signal });
      }
      case 'say': {
        const voice = await this.getVoice(message.language, message.voice);
        this.stage('speaking');
        const started = performance.now();
        const audio = await voice.synthesize(message.text, message.speed === undefined ? {} : { speed: message.speed });
        const result: WorkerSayResult = {
          samples: audio.samples,
          sampleRate: audio.sampleRate,
          voiceId: pickVoice(this.requireConfig().models.voices, message.language, message.voice).tts?.manifest.id ?? '',
          synthMs: performance.now() - started,
        };
        return result;
      }
      case 'turn': {
        const request = message.request;
        // Start loading the reply voice now, beside VAD and STT, so it is ready when the first
        // sentence is. With language 'auto' the reply language is known only after STT: warm both.
        if (request.speak !== false) {
          const languages: Language[] = request.language === 'auto' ? ['en', 'ru'] : [request.language];
          for (const language of languages) this.getVoice(language, request.voice).catch(() => undefined);
        }
        // A typed message needs only the chat model (and a voice): STT and VAD are not loaded for it.
        const typed = request.text !== undefined;
        const [vad, stt, llm] = await Promise.all([typed ? null : this.getVad(), typed ? null : this.getStt(), this.getLlm()]);
        this.stage(typed ? 'reading the message' : 'listening to the recording');
        const baseline = this.companion.restoreBaseline(request.voiceBaseline);
        const result = await runTurn(
          {
            turnId: request.turnId,
            conversationId: request.conversationId,
            audio: { samples: request.samples, sampleRate: 16000 },
            ...(typed ? { text: request.text } : {}),
            tone: request.tone,
            voice: request.voice,
            language: request.language,
            history: request.history,
            ...(request.memory ? { memory: request.memory } : {}),
            signal,
            ...(request.mode ? { mode: request.mode } : {}),
            ...(request.speak === undefined ? {} : { speak: request.speak }),
          },
          { vad, stt, llm, voice: (language, gender) => this.getVoice(language, gender) },
          this.companion.forTurn(baseline, this.moodJudge(llm)),
          (event: TurnEvent) => this.port.send({ kind: 'event', requestId: message.requestId, event }),
        );
        const value: WorkerTurnResult = { ...result, voiceBaseline: baseline.toJSON() };
        return value;
      }
    }
  }

  private async reconfigure(config: EngineConfig): Promise<void> {
    const previous = this.config;
    this.config = config;
    if (!previous) return;
    // Drop engines whose model changed; keep the rest loaded.
    const same = (a: ModelRef | null, b: ModelRef | null) => (a?.dir ?? null) === (b?.dir ?? null);
    if (!same(previous.models.stt, config.models.stt)) await this.release(this.stt, () => (this.stt = null));
    if (!same(previous.models.llm, config.models.llm)) await this.release(this.llm, () => (this.llm = null));
    if (!same(previous.models.vad, config.models.vad)) this.vad = null;
    const voiceIds = new Set(config.models.voices.map((v) => v.manifest.id));
    for (const [id, voice] of this.voices) {
      if (!voiceIds.has(id)) {
        this.voices.delete(id);
        await this.release(voice, () => undefined);
      }
    }
  }

  private async release(engine: Promise<{ dispose(): Promise<void> } | null> | null, clear: () => void): Promise<void> {
    clear();
    if (!engine) return;
    try {
      await (await engine)?.dispose();
    } catch {
      // A model that failed to load has nothing to free.
    }
  }

  private async disposeAll(): Promise<void> {
    await this.release(this.stt, () => (this.stt = null));
    await this.release(this.llm, () => (this.llm = null));
    for (const voice of this.voices.values()) await this.release(voice, () => undefined);
    this.voices.clear();
  }
}
