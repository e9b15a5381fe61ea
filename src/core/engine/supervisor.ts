import { EventEmitter } from 'node:events';
import type { LanguageSetting, Transcript, TurnEvent, Language, Voice } from '../../shared/domain.js';
import { type EngineExit, LumioError } from '../../shared/errors.js';
import type {
  EngineConfig,
  EngineStage,
  HostToWorker,
  WorkerChannel,
  WorkerSayResult,
  WorkerToHost,
  WorkerTurnContext,
  WorkerTurnResult,
  WorkerTurnStart,
} from './protocol.js';

/** The stage in the words of a crash message (the UI has its own words for the banner). */
const STAGE_WORDS: Record<EngineStage, string> = {
  idle: 'working',
  'loading-stt': 'loading the speech recognition model',
  'loading-vad': 'loading the voice activity model',
  'loading-llm': 'loading the chat model',
  'loading-voice': 'loading a voice',
  listening: 'listening',
  transcribing: 'transcribing',
  thinking: 'writing a reply',
  speaking: 'speaking',
  'reading-context': 'reading the conversation',
};

/** A spoken turn in flight: the host streams its audio and context to the worker under its id. */
export interface SessionHandle {
  requestId: number;
  result: Promise<WorkerTurnResult>;
  audio(samples: Float32Array): void;
  context(context: WorkerTurnContext): void;
  end(): void;
}

export type SupervisorState = 'starting' | 'ready' | 'busy' | 'crashed' | 'restarting' | 'stopped';

export interface SupervisorStatus {
  state: SupervisorState;
  stage: EngineStage;
  /** undefined clears the last stage's detail. */
  detail?: string | undefined;
  /** The last crash, in words a person understands. */
  lastCrash?: string;
  restarts: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: LumioError): void;
  onEvent?: (event: TurnEvent) => void;
}

export interface SupervisorOptions {
  /** Starts a new worker process (Node child process in the CLI, Electron utilityProcess in the app). */
  spawn(): WorkerChannel;
  /** Crashes within this window count towards the restart limit. */
  crashWindowMs?: number;
  /** After this many crashes in the window, stop restarting on our own until the next request. */
  maxCrashesInWindow?: number;
}

/**
 * Runs the engine worker and keeps it running. A native crash (segfault in whisper, abort in
 * sherpa-onnx, out of memory in llama) ends only the worker: the supervisor fails the requests
 * in flight with a clear ENGINE_CRASHED error that says what the engine was doing, starts a new
 * worker, and hands it the same configuration. The host keeps the database, so nothing saved is
 * lost.
 */
export class EngineSupervisor extends EventEmitter {
  private channel: WorkerChannel | null = null;
  private config: EngineConfig | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly crashTimes: number[] = [];
  private statusValue: SupervisorStatus = { state: 'stopped', stage: 'idle', restarts: 0 };
  private readyPromise: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    super();
  }

  get status(): SupervisorStatus {
    return this.statusValue;
  }

  /** The worker's process id while it runs (the benchmark reads its memory). */
  get workerPid(): number | undefined {
    return this.channel?.pid;
  }

  private setStatus(patch: Partial<SupervisorStatus>): void {
    this.statusValue = { ...this.statusValue, ...patch };
    this.emit('status', this.statusValue);
  }

  configure(config: EngineConfig): void {
    this.config = config;
    if (this.channel) this.channel.send({ kind: 'configure', config });
  }

  /** Starts the worker if it is not running; resolves when it said it is ready. */
  start(): Promise<void> {
    if (this.readyPromise) return this.readyPromise;
    this.stopping = false;
    this.setStatus({ state: this.statusValue.restarts > 0 ? 'restarting' : 'starting', stage: 'idle' });
    const channel = this.options.spawn();
    this.channel = channel;
    this.readyPromise = new Promise<void>((resolve, reject) => {
      let ready = false;
      channel.onMessage((message) => {
        if (message.kind === 'ready') {
          ready = true;
          if (this.config) channel.send({ kind: 'configure', config: this.config });
          this.setStatus({ state: 'ready' });
          resolve();
          return;
        }
        this.onWorkerMessage(message);
      });
      channel.onExit((code, signal) => {
        if (!ready)
          reject(
            new LumioError('ENGINE_CRASHED', `The speech engine could not start (${describeExit(code, signal)}).`, {
              params: { reason: 'engine-start', exit: exitKind(code, signal) },
            }),
          );
        this.onWorkerExit(channel, code, signal);
      });
    });
    // A failed start is reported through the promise; don't let it go unhandled elsewhere.
    this.readyPromise.catch(() => undefined);
    return this.readyPromise;
  }

  private onWorkerMessage(message: WorkerToHost): void {
    switch (message.kind) {
      case 'stage':
        this.setStatus(
          message.detail === undefined
            ? { stage: message.stage, detail: undefined, state: this.pending.size > 0 ? 'busy' : 'ready' }
            : { stage: message.stage, detail: message.detail, state: this.pending.size > 0 ? 'busy' : 'ready' },
        );
        return;
      case 'event':
        this.pending.get(message.requestId)?.onEvent?.(message.event);
        return;
      case 'result': {
        const pending = this.pending.get(message.requestId);
        if (!pending) return;
        this.pending.delete(message.requestId);
        if (message.ok) pending.resolve(message.value);
        else pending.reject(LumioError.fromPayload(message.error));
        return;
      }
      case 'mood.refined':
        this.emit('refined', message.turnId, message.mood);
        return;
      case 'ready':
        return;
    }
  }

  private onWorkerExit(channel: WorkerChannel, code: number | null, signal: string | null): void {
    if (this.channel !== channel) return;
    this.channel = null;
    this.readyPromise = null;
    if (this.stopping) {
      this.setStatus({ state: 'stopped', stage: 'idle' });
      this.failPending(new LumioError('ABORTED', 'The speech engine was stopped.'));
      return;
    }
    const what = STAGE_WORDS[this.statusValue.stage];
    const detail = this.statusValue.detail ? ` (${this.statusValue.detail})` : '';
    const message = `The speech engine stopped while ${what}${detail}: ${describeExit(code, signal)}. It is restarting.`;
    const hint = this.statusValue.stage.startsWith('loading')
      ? 'The model file may be damaged or too large for this computer. Check it in Models.'
      : 'Try again. If it keeps happening, check the models in Models.';
    const params = { stage: this.statusValue.stage, exit: exitKind(code, signal), ...(this.statusValue.detail ? { model: this.statusValue.detail } : {}) };
    this.failPending(new LumioError('ENGINE_CRASHED', message, { hint, params }));

    const now = Date.now();
    const windowMs = this.options.crashWindowMs ?? 60_000;
    this.crashTimes.push(now);
    while (this.crashTimes.length && now - (this.crashTimes[0] ?? now) > windowMs) this.crashTimes.shift();
    const restarts = this.statusValue.restarts + 1;
    this.setStatus({ state: 'crashed', stage: 'idle', detail: undefined, lastCrash: message, restarts });
    this.emit('crash', message);
    // Restart at once unless it keeps crashing; then wait for the next request to try again.
    if (this.crashTimes.length < (this.options.maxCrashesInWindow ?? 3)) {
      this.start().catch(() => undefined);
    }
  }

  private failPending(error: LumioError): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }

  private async request<T>(build: (requestId: number) => HostToWorker, onEvent?: (event: TurnEvent) => void): Promise<{ id: number; result: Promise<T> }> {
    await this.start();
    const channel = this.channel;
    if (!channel) throw new LumioError('ENGINE_CRASHED', 'The speech engine is not running.');
    const id = this.nextId++;
    const result = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(onEvent ? { onEvent } : {}) });
    });
    this.setStatus({ state: 'busy' });
    channel.send(build(id));
    return { id, result };
  }

  /**
   * Opens a spoken turn: its audio, context and end follow through the handle as they come. The
   * turn's events stream to onEvent; `result` settles when its reply has been spoken.
   */
  async session(start: WorkerTurnStart, onEvent: (event: TurnEvent) => void): Promise<SessionHandle> {
    const { id, result } = await this.request<WorkerTurnResult>((requestId) => ({ kind: 'session.begin', requestId, start }), onEvent);
    const send = (message: HostToWorker): void => {
      // After a crash the pending result has already failed; a late block has nowhere to go.
      if (this.pending.has(id)) this.channel?.send(message);
    };
    return {
      requestId: id,
      result,
      audio: (samples) => send({ kind: 'session.audio', requestId: id, samples }),
      context: (context) => send({ kind: 'session.context', requestId: id, context }),
      end: () => send({ kind: 'session.end', requestId: id }),
    };
  }

  /** A typed turn: the same reply path, with the words known at once. */
  async textTurn(
    start: WorkerTurnStart,
    text: string,
    context: WorkerTurnContext,
    onEvent: (event: TurnEvent) => void,
  ): Promise<{ requestId: number; result: Promise<WorkerTurnResult> }> {
    const { id, result } = await this.request<WorkerTurnResult>((requestId) => ({ kind: 'turn.text', requestId, start, text, context }), onEvent);
    return { requestId: id, result };
  }

  /** The next message as far as it is typed, for the chat model to read ahead; dropped if the engine cannot start. */
  draft(start: WorkerTurnStart, text: string, context: WorkerTurnContext): void {
    this.start()
      .then(() => this.channel?.send({ kind: 'draft', start, text, context }))
      .catch(() => undefined);
  }

  async transcribe(samples: Float32Array, language: LanguageSetting): Promise<Transcript> {
    const { result } = await this.request<Transcript>((requestId) => ({ kind: 'transcribe', requestId, samples, language }));
    return result;
  }

  async say(text: string, language: Language, voice: Voice, speed?: number): Promise<WorkerSayResult> {
    const { result } = await this.request<WorkerSayResult>((requestId) =>
      speed === undefined ? { kind: 'say', requestId, text, language, voice } : { kind: 'say', requestId, text, language, voice, speed },
    );
    return result;
  }

  /** Loads the models; with `prefill`, also reads a conversation into the chat model's cache. */
  async warmup(prefill?: Extract<HostToWorker, { kind: 'warmup' }>['prefill']): Promise<void> {
    const { result } = await this.request<unknown>((requestId) => (prefill ? { kind: 'warmup', requestId, prefill } : { kind: 'warmup', requestId }));
    await result;
  }

  abort(requestId: number): void {
    this.channel?.send({ kind: 'abort', requestId });
  }

  /** Stops the worker: politely first, then by force. */
  async stop(timeoutMs = 3000): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    this.stopping = true;
    const exited = new Promise<void>((resolve) => channel.onExit(() => resolve()));
    try {
      channel.send({ kind: 'shutdown' });
    } catch {
      // The pipe may already be closed.
    }
    const timer = setTimeout(() => channel.kill(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

/** How the worker ended, as a code the UI and the CLI put into words. */
export function exitKind(code: number | null, signal: string | null): EngineExit {
  if (signal === 'SIGSEGV' || code === 139) return 'segfault';
  if (signal === 'SIGABRT' || code === 134) return 'abort';
  if (signal === 'SIGKILL' || code === 137) return 'killed';
  return signal ? 'signal' : 'exit';
}

export function describeExit(code: number | null, signal: string | null): string {
  if (signal === 'SIGSEGV' || code === 139) return 'it crashed (segmentation fault)';
  if (signal === 'SIGABRT' || code === 134) return 'it crashed (aborted)';
  if (signal === 'SIGKILL' || code === 137) return 'it was killed, possibly for running out of memory';
  if (signal) return `it was stopped by ${signal}`;
  return `it exited with code ${code ?? 'unknown'}`;
}
