import path from 'node:path';
import type { Language, TurnEvent, Voice } from '../../shared/domain.js';
import { LumioError, toLumioError } from '../../shared/errors.js';
import type { ChatMessage, ChatModel, SpeechDetector, SpeechRecognizer, SpeechSynthesizer } from '../engines.js';
import { analyzeProsody } from '../audio/prosody.js';
import { createCompanion, type AskJson, type CompanionForTurn } from '../conversation/companion.js';
import { ListenSession } from '../conversation/listen-session.js';
import { readTyped, runTurn, type TurnContext, type TurnInput } from '../conversation/turn.js';
import { loadLlamaChat } from '../llm/llama-chat.js';
import { checkModelFiles } from '../models/check-model.js';
import { pickVoice } from '../models/locate.js';
import { loadWhisperRecognizer } from '../stt/whisper-recognizer.js';
import { loadSherpaVoice } from '../tts/sherpa-tts.js';
import { createTrimmedRecordingSegmenter, createWholeRecordingSegmenter } from '../vad/speech-segmenter.js';
import { loadSileroVad } from '../vad/silero-vad.js';
import { CpuLane } from './cpu-lane.js';
import {
  ALL_TECHNIQUES,
  type EngineConfig,
  type EngineStage,
  type HostToWorker,
  type ModelRef,
  type WorkerPort,
  type WorkerSayResult,
  type WorkerTurnContext,
  type WorkerTurnResult,
  type WorkerTurnStart,
} from './protocol.js';
import { llmThreads, sttThreads } from './threads.js';
import { damagedModelError } from '../models/health.js';

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

/**
 * A spoken turn between key-down and its reply. Registered the moment session.begin arrives, so no
 * audio block, context or end is lost while the voice detector is still loading: audio waits in
 * `pending` until the listen session exists.
 */
interface Session {
  listen: ListenSession | null;
  pending: Float32Array[];
  giveContext(context: WorkerTurnContext): void;
  end(): void;
  cancel(): void;
}

type RequestMessage = Exclude<HostToWorker, { kind: 'configure' | 'abort' | 'shutdown' | 'session.audio' | 'session.context' | 'session.end' | 'draft' }>;

class EngineState {
  private config: EngineConfig | null = null;
  private stt: Promise<SpeechRecognizer> | null = null;
  private llm: Promise<ChatModel> | null = null;
  private vad: Promise<SpeechDetector | null> | null = null;
  private readonly voices = new Map<string, Promise<SpeechSynthesizer>>();
  private readonly aborts = new Map<number, AbortController>();
  private readonly sessions = new Map<number, Session>();
  private readonly companion = createCompanion();
  /** Speech recognition and reading into the chat model's cache take turns on the CPU. */
  private readonly lane = new CpuLane();
  /** Work after the last reply (the mood's second opinion): stopped when the person presses again. */
  private postReply: AbortController | null = null;
  /** Reading the message being typed: stopped by the next draft and by any turn. */
  private drafting: AbortController | null = null;

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
      (p) => {
        this.stt = p;
      },
      async () => {
        const config = this.requireConfig();
        const ref = this.requireModel(config.models.stt, 'speech recognition model');
        checkModelFiles(ref);
        this.stage('loading-stt', ref.manifest.id);
        return loadWhisperRecognizer({ modelPath: path.join(ref.dir, ref.manifest.files.model), threads: config.threads ?? sttThreads() });
      },
    );
  }

  /** The chat model's closed answers, only for a model whose manifest earned that judgement by its numbers. */
  private judge(llm: ChatModel, what: 'moodJudge' | 'crisisJudge'): AskJson | undefined {
    const trusted = this.config?.models.llm?.manifest[what] === true;
    return trusted && llm.completeJson ? (prompt, schema, o) => llm.completeJson!(prompt, schema, o) : undefined;
  }

  private getLlm(): Promise<ChatModel> {
    return this.lazy(
      () => this.llm,
      (p) => {
        this.llm = p;
      },
      async () => {
        const config = this.requireConfig();
        const ref = this.requireModel(config.models.llm, 'chat model');
        checkModelFiles(ref);
        this.stage('loading-llm', ref.manifest.id);
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
      (p) => {
        this.vad = p;
      },
      async () => {
        const ref = this.requireConfig().models.vad;
        if (!ref) return null;
        checkModelFiles(ref);
        this.stage('loading-vad', ref.manifest.id);
        return loadSileroVad({ modelPath: path.join(ref.dir, ref.manifest.files.model) });
      },
    );
  }

  private getVoice(language: Language, gender: Voice): Promise<SpeechSynthesizer> {
    const config = this.requireConfig();
    const pick = pickVoice(config.models.voices, language, gender, config.models.damagedVoices);
    // The voice the person would hear is damaged: name it, never answer in another voice instead.
    if (pick.damaged) return Promise.reject(damagedModelError(pick.damaged));
    // A voice of the other gender will do; one for another language would mangle every word.
    const ref = pick.fallback === 'language' || pick.fallback === 'gender+language' ? null : pick.tts;
    if (!ref) {
      return Promise.reject(
        new LumioError('MODEL_MISSING', `No voice is installed for ${language === 'ru' ? 'Russian' : 'English'}.`, {
          hint: 'Open Models and download a voice.',
          params: { reason: 'no-voice', language },
        }),
      );
    }
    const key = ref.manifest.id;
    const existing = this.voices.get(key);
    if (existing) return existing;
    const created = (async () => {
      checkModelFiles(ref);
      this.stage('loading-voice', key);
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
        this.sessions.get(message.requestId)?.cancel();
        return;
      case 'session.audio': {
        const session = this.sessions.get(message.requestId);
        if (session?.listen) session.listen.push(message.samples);
        else session?.pending.push(message.samples);
        return;
      }
      case 'session.context':
        this.sessions.get(message.requestId)?.giveContext(message.context);
        return;
      case 'session.end':
        this.sessions.get(message.requestId)?.end();
        return;
      case 'draft':
        this.readDraft(message.start, message.text, message.context);
        return;
      case 'shutdown':
        await this.disposeAll();
        process.exit(0);
        return;
      default:
        await this.run(message);
    }
  }

  private async run(message: RequestMessage): Promise<void> {
    const { requestId } = message;
    const controller = new AbortController();
    this.aborts.set(requestId, controller);
    try {
      const value = await this.execute(message, controller);
      this.port.send({ kind: 'result', requestId, ok: true, value });
    } catch (e) {
      this.port.send({ kind: 'result', requestId, ok: false, error: toLumioError(e).toPayload() });
    } finally {
      this.aborts.delete(requestId);
      this.sessions.delete(requestId);
      if (this.aborts.size === 0) this.stage('idle');
    }
  }

  private async execute(message: RequestMessage, controller: AbortController): Promise<unknown> {
    const signal = controller.signal;
    switch (message.kind) {
      case 'warmup': {
        await Promise.all([this.getVad(), this.getStt(), this.getLlm()]);
        if (message.prefill) {
          const { tone, language, context } = message.prefill;
          await this.prefill(await this.getLlm(), tone, language, context, signal);
        }
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
      case 'session.begin':
        return this.spokenTurn(message.requestId, message.start, controller);
      case 'turn.text':
        return this.typedTurn(message.requestId, message.start, message.text, message.context, controller);
    }
  }

  /** Reads the conversation into the chat model's cache, one lane step at a time. */
  private async prefill(llm: ChatModel, tone: WorkerTurnStart['tone'], language: Language, context: TurnContext, signal: AbortSignal): Promise<void> {
    if (!llm.prefill) return;
    const companion = this.companion.forTurn(this.companion.restoreBaseline(null));
    const spoken = context.conversationLanguage ?? language;
    const system = companion.systemPrompt({ language: spoken, tone, ...(context.memory ? { memory: context.memory } : {}) });
    const noteHead = companion.noteHead({ language: spoken, history: context.history });
    const foldNote = (dropped: Array<{ user: string; reply: string }>) => companion.foldNote(dropped, spoken);
    await llm.prefill({ system, history: context.history, foldNote, ...(noteHead ? { noteHead } : {}) }, signal, (job) => this.lane.run('prefill', job));
  }

  /**
   * The person is typing the next message: its words so far, with the note the turn would give
   * them (mood, advice, language, from the same companion as the turn), go into the chat model's
   * cache, so at send only what was typed since is left to read. A turn in progress reads first.
   */
  private readDraft(start: WorkerTurnStart, text: string, context: WorkerTurnContext): void {
    if (this.aborts.size > 0 || !text.trim()) return;
    this.drafting?.abort();
    const controller = new AbortController();
    this.drafting = controller;
    void (async () => {
      const llm = await this.getLlm();
      if (!llm.prefill || controller.signal.aborted) return;
      // Read as the turn will read the message (turn.ts), so the note comes out the same.
      const typed = readTyped(text, start.language);
      const language = typed.language;
      const companion = this.companion.forTurn(this.companion.restoreBaseline(null));
      const mood = companion.mood(typed.text, language, undefined);
      const { head, note } = companion.turnNote({ language, mood, tone: start.tone, history: context.history, user: typed.text });
      const system = companion.systemPrompt({
        language: context.conversationLanguage ?? language,
        tone: start.tone,
        ...(context.memory ? { memory: context.memory } : {}),
      });
      await llm.prefill(
        {
          system,
          history: context.history,
          foldNote: (dropped) => companion.foldNote(dropped, language),
          ...(head ? { noteHead: head } : {}),
          draft: { note, user: typed.text, maxTokens: companion.style(start.tone, mood).maxTokens },
        },
        controller.signal,
        (job) => this.lane.run('prefill', job),
      );
    })().catch(() => undefined);
  }

  private beginWork(start: WorkerTurnStart): void {
    // A new press wins over whatever the last reply left running.
    this.postReply?.abort();
    this.postReply = null;
    this.drafting?.abort();
    this.drafting = null;
    // Start loading the reply voice now, beside listening. With language 'auto' the reply
    // language is known only after the first words: warm both.
    const languages: Language[] = start.language === 'auto' ? ['en', 'ru'] : [start.language];
    for (const language of languages) this.getVoice(language, start.voice).catch(() => undefined);
  }

  private async spokenTurn(requestId: number, start: WorkerTurnStart, controller: AbortController): Promise<WorkerTurnResult> {
    const techniques = start.techniques ?? ALL_TECHNIQUES;
    let giveContext!: (c: WorkerTurnContext) => void;
    const context = new Promise<WorkerTurnContext>((resolve) => (giveContext = resolve));
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const session: Session = {
      listen: null,
      pending: [],
      giveContext,
      end,
      cancel: () => {
        session.listen?.cancel();
        end();
      },
    };
    this.sessions.set(requestId, session);
    this.beginWork(start);
    this.stage('listening');
    const emit = (event: TurnEvent) => this.port.send({ kind: 'event', requestId, event });
    emit({ type: 'turn.started', turnId: start.turnId, conversationId: start.conversationId });

    // While the person speaks: read the conversation into the chat model's cache.
    if (techniques.reusePrefix) {
      void (async () => {
        const [llm, ctx] = await Promise.all([this.getLlm(), context]);
        const language = ctx.conversationLanguage ?? (start.language === 'auto' ? start.likelyLanguage : start.language);
        if (language) await this.prefill(llm, start.tone, language, ctx, controller.signal);
      })().catch(() => undefined);
    } else {
      this.getLlm().catch(() => undefined);
    }
    const vad = await this.getVad();
    const segmenter = !vad ? createWholeRecordingSegmenter() : techniques.streamingStt ? vad.segmenter() : createTrimmedRecordingSegmenter(vad);
    const listen = new ListenSession({
      recognizer: () => this.getStt(),
      segmenter,
      language: start.language,
      ...(start.conversationLanguage ? { conversationLanguage: start.conversationLanguage } : {}),
      analyze: (audio) => analyzeProsody(audio),
      lane: this.lane,
      onHeard: (text) => emit({ type: 'turn.heard', turnId: start.turnId, text }),
      signal: controller.signal,
    });
    session.listen = listen;
    for (const block of session.pending.splice(0)) listen.push(block);
    if (controller.signal.aborted) listen.cancel();

    await ended;
    if (controller.signal.aborted) {
      listen.cancel();
      throw new LumioError('ABORTED', 'The turn was stopped.');
    }
    this.stage('transcribing');
    return this.answer(start, { listen }, await context, controller, emit, true);
  }

  private async typedTurn(
    requestId: number,
    start: WorkerTurnStart,
    text: string,
    context: WorkerTurnContext,
    controller: AbortController,
  ): Promise<WorkerTurnResult> {
    this.beginWork(start);
    const emit = (event: TurnEvent) => this.port.send({ kind: 'event', requestId, event });
    return this.answer(start, { text }, context, controller, emit);
  }

  /** The reply to a turn whose words are coming (spoken) or known (typed); then its post-reply work. */
  private async answer(
    start: WorkerTurnStart,
    input: TurnInput,
    context: WorkerTurnContext,
    controller: AbortController,
    emit: (event: TurnEvent) => void,
    announced = false,
  ): Promise<WorkerTurnResult> {
    const techniques = start.techniques ?? ALL_TECHNIQUES;
    const llm = await this.getLlm();
    const baseline = this.companion.restoreBaseline(context.voiceBaseline);
    const companion = this.companion.forTurn(baseline, this.judge(llm, 'moodJudge'), this.judge(llm, 'crisisJudge'));
    const result = await runTurn(
      {
        turnId: start.turnId,
        conversationId: start.conversationId,
        input,
        tone: start.tone,
        voice: start.voice,
        language: start.language,
        context,
        signal: controller.signal,
        firstClause: techniques.firstClause,
        freshContext: !techniques.reusePrefix,
        announced,
      },
      { llm, voice: (language, gender) => this.getVoice(language, gender) },
      companion,
      (event) => {
        if (event.type === 'turn.transcript') this.stage('thinking');
        else if (event.type === 'turn.audio' && event.index === 0) this.stage('speaking');
        emit(event);
      },
    );
    this.afterReply(start.turnId, result, companion, controller.signal);
    if (techniques.reusePrefix && techniques.readAhead !== false) this.readAhead(llm, start, context, result, controller.signal);
    return { ...result, voiceBaseline: baseline.toJSON() };
  }

  /**
   * While the person listens to the reply, reads it or types the next message, the finished turn and
   * the next note's head go into the chat model's cache, so the next turn reads little more than its
   * own words. A typed turn has no key-down time to do this in (typed 30 turns: turn 2 read 67
   * tokens, later turns 105–189). Stopped by the next press (beginWork), like all post-reply work.
   */
  private readAhead(
    llm: ChatModel,
    start: WorkerTurnStart,
    context: WorkerTurnContext,
    result: Omit<WorkerTurnResult, 'voiceBaseline'>,
    turnSignal: AbortSignal,
  ): void {
    // An interrupted turn is stored as far as it was heard, a crisis reply is fixed text: what the host
    // sends next time would not be this, so reading it would be wasted.
    if (!llm.prefill || result.interrupted || result.crisis || turnSignal.aborted) return;
    const controller = this.postReply ?? new AbortController();
    this.postReply = controller;
    const history: ChatMessage[] = [
      ...context.history,
      { role: 'user', text: result.transcript.text, ...(result.note ? { note: result.note } : {}) },
      { role: 'assistant', text: result.replyText },
    ];
    const next: TurnContext = { ...context, history, conversationLanguage: context.conversationLanguage ?? result.transcript.language };
    void this.prefill(llm, start.tone, result.transcript.language, next, controller.signal).catch(() => undefined);
  }

  /** The mood's second opinion runs after the reply and stops when the person presses again. */
  private afterReply(turnId: string, result: Omit<WorkerTurnResult, 'voiceBaseline'>, companion: CompanionForTurn, turnSignal: AbortSignal): void {
    if (!companion.refineMood || result.interrupted || result.crisis || turnSignal.aborted) return;
    // One controller for all of a reply's post-reply work (this, the read-ahead): the next press stops both.
    const controller = this.postReply ?? new AbortController();
    this.postReply = controller;
    void companion
      .refineMood(result.transcript.text, result.transcript.language, result.mood, controller.signal)
      .then((mood) => {
        if (mood && !controller.signal.aborted) this.port.send({ kind: 'mood.refined', turnId, mood });
      })
      .catch(() => undefined);
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
