import type { ChatHistoryItem, Llama, LlamaChat as NativeChat, LlamaChatSession, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import os from 'node:os';
import { LumioError, toLumioError } from '../../shared/errors.js';
import type { ChatContext, ChatMessage, ChatModel, ChatReply, ChatRequest } from '../engines.js';
import { checkGgufModelFile } from '../models/check-gguf.js';
import { planWindow, turnsInView, type WindowLimits, type WindowTurn } from './chat-window.js';

export interface LlamaChatOptions {
  modelPath: string;
  /** Tokens of context: a 30-turn spoken conversation with its system prompt needs about 5,000. */
  contextSize?: number;
  threads?: number;
  /** false = CPU only (always works); 'auto' lets node-llama-cpp pick Metal/CUDA/Vulkan and falls back to CPU. */
  gpu?: false | 'auto';
  /** Sampling seed, for reproducible benchmarks. */
  seed?: number;
}

export interface LlamaChatModel extends ChatModel {
  /**
   * Takes one CPU core away from the chat model until the returned function is called: the voice
   * synthesizes a sentence meanwhile, and llama.cpp's spinning threads would otherwise fight it for
   * the cores. The model reads prompts on every core and writes on the rest.
   */
  reserveCore(): () => void;
  readonly contextSize: number;
  /** Which backend really runs the model ("cpu", "cuda", "metal", "vulkan"), to tell the person. */
  readonly backend: string;
  /** Generation constrained by a JSON schema (llama.cpp grammar); used for second opinions. */
  completeJson(prompt: string, schema: object, options?: { maxTokens?: number; signal?: AbortSignal }): Promise<unknown>;
  countTokens(text: string): number;
}

const DEFAULT_CONTEXT = 8192;
const DEFAULT_MAX_TOKENS = 200;
/** Enough for a one-sentence question and a short JSON answer. */
const JSON_CONTEXT_TOKENS = 512;
/** A reply shorter than this is not worth generating; the system prompt gives way first. */
const MIN_REPLY_TOKENS = 48;
/** The room a reply asks for: what it wants, never under the minimum worth generating. */
const replyRoom = (maxTokens: number | undefined): number => Math.max(MIN_REPLY_TOKENS, maxTokens ?? DEFAULT_MAX_TOKENS);
/** The conversation is read into the cache in steps this size, so a stop or a speech segment waits at most one step. */
const PREFILL_STEP = 64;
/**
 * A draft is read in smaller steps: the message it belongs to may be sent at any moment, and the
 * reply waits for the step in progress (64 tokens took about a second on 2 cores).
 */
const DRAFT_STEP = 16;
/** A fold keeps about this share of the window, so the next fold is several turns away. */
const FOLD_TO = 0.55;
/**
 * The conversation the model sees is kept under this many tokens, however large the context: on a
 * CPU, reading a turn costs more the more it attends to (Qwen2.5-1.5B, 2 cores: 60 new tokens took
 * 0.68 s after 400 cached tokens, 0.85 s after 2,000, 1.04 s after 3,000), so an unbounded window
 * makes every reply of a long conversation slower. Older turns fold into the summary and memory;
 * the rest of the context is room for one long turn and its reply.
 */
const WINDOW_TOKENS = 1792;
/** What a new turn usually costs (note, words, markup), for planning before its words are known. */
const TYPICAL_NEW_TURN = 80;
/**
 * Repetition: llama.cpp's repeat and presence penalties see only the reply being written. DRY
 * ("don't repeat yourself") penalises continuing a sequence already seen, longer than a few
 * tokens. node-llama-cpp documents lastTokens: null as "the whole context", but on
 * Qwen2.5-Coder-1.5B whole replies from earlier turns still came back word for word (eval/
 * replies-*.md, Russian): its sampler apparently sees only the tokens it generated. So it guards
 * within a reply; across turns the turn note's "already asked" list is what works, and a check
 * that drops a repeated sentence is still to do.
 */
const REPLY_DRY = { strength: 0.8, base: 1.75, allowedLength: 4, lastTokens: null } as const;
/** Within a reply: the same word over and over is how a small model loops. */
const REPLY_PRESENCE_PENALTY = 0.2;

interface Reservation {
  getAllocationToConsume(): [number, { dispose(): void }] | Promise<[number, { dispose(): void }]>;
  dispose(): void;
}

/** Runs one step of reading into the cache (the worker passes its CPU lane, so speech can go between steps). */
export type StepRunner = <T>(job: () => Promise<T>) => Promise<T>;

let llamaPromise: Promise<Llama> | null = null;
let llamaGpu: false | 'auto' | null = null;

async function getSharedLlama(gpu: false | 'auto'): Promise<Llama> {
  if (llamaPromise && llamaGpu === gpu) return llamaPromise;
  const { getLlama } = await import('node-llama-cpp');
  llamaGpu = gpu;
  // build: 'never' — compiling llama.cpp needs its sources from the network; the prebuilt binaries
  // shipped in the npm packages are what we run. A GPU build that fails to load falls back to CPU.
  // maxThreads: the cores there are (node-llama-cpp's own floor is 4), so a reserved core (reserveCore) really is taken away.
  const maxThreads = os.availableParallelism();
  llamaPromise = getLlama({ gpu, build: 'never', logLevel: 'error' as never, maxThreads }).catch(async (e: unknown) => {
    if (gpu === false) throw e;
    return getLlama({ gpu: false, build: 'never', logLevel: 'error' as never, maxThreads });
  });
  return llamaPromise;
}

/** When the window folds, and down to how much: the smaller of the context and the steady window. */
export function windowLimits(contextSize: number): WindowLimits {
  const hard = contextSize - 32;
  const high = Math.min(hard, WINDOW_TOKENS);
  // The reserve stays well under the low mark, or a small context would fold everything away.
  return { high, low: Math.floor(high * FOLD_TO), reserve: Math.min(TYPICAL_NEW_TURN + DEFAULT_MAX_TOKENS, Math.floor(high / 4)), hard };
}

export async function loadLlamaChat(options: LlamaChatOptions): Promise<LlamaChatModel> {
  checkGgufModelFile(options.modelPath);
  const llama = await getSharedLlama(options.gpu ?? false);
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath });
  } catch (e) {
    throw new LumioError('MODEL_CORRUPT', `The chat model could not be loaded: ${toLumioError(e).message}`, {
      hint: 'The file may be damaged or made for a newer llama.cpp. Download it again in Models.',
      cause: e,
    });
  }
  const trained = model.trainContextSize;
  const contextSize = Math.max(256, Math.min(options.contextSize ?? DEFAULT_CONTEXT, trained > 0 ? trained : DEFAULT_CONTEXT));
  let context: LlamaContext;
  try {
    // At least one thread always; the rest when no one else (the voice) holds a core (reserveCore).
    context = await model.createContext({ contextSize, ...(options.threads ? { threads: { ideal: options.threads, min: 1 } } : {}) });
  } catch (e) {
    await model.dispose();
    throw new LumioError('INTERNAL', `Not enough memory to start the chat model with ${contextSize} tokens of context.`, {
      hint: 'Close other programs or pick a smaller model in Models.',
      cause: e,
    });
  }
  const { LlamaChat } = await import('node-llama-cpp');
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence });
  return new LlamaChatEngine(llama, model, context, sequence, chat, contextSize, options);
}

/** One conversation's messages as turns: a user message and the reply that followed it. */
export function pairTurns(history: ChatMessage[]): WindowTurn[] {
  const turns: WindowTurn[] = [];
  for (let i = 0; i < history.length; i++) {
    const m = history[i] as ChatMessage;
    if (m.role !== 'user') continue;
    const next = history[i + 1];
    const reply = next?.role === 'assistant' ? next.text : '';
    turns.push({ user: m.text, reply, ...(m.note ? { note: m.note } : {}) });
    if (next?.role === 'assistant') i++;
  }
  return turns;
}

function turnItems(turn: WindowTurn): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [];
  // The note comes before the words: the model reads "this person sounds tired" and then what they said.
  if (turn.note) items.push({ type: 'system', text: turn.note });
  items.push({ type: 'user', text: turn.user }, { type: 'model', response: [turn.reply] });
  return items;
}

/** A folding turn's note begins with its head, then the summary of the turns that left the window (a prefill reads the same start). */
function joinFoldSummary(head: string, summary: string): string {
  return head ? `${head} ${summary}` : summary;
}

/** A turn's note with the fold's summary put in after its head (which a prefill may already have read). */
function withFoldSummary(note: string, noteHead: string | undefined, summary: string): string {
  if (!summary) return note;
  if (!note) return summary;
  const head = noteHead && note.startsWith(noteHead) ? noteHead : '';
  return `${joinFoldSummary(head, summary)}\n${note.slice(head.length).trimStart()}`;
}

/** The tokens two renderings share from the start: what the prompt will begin with whichever way it goes on. */
function commonStart(a: Token[], b: Token[]): Token[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return a.slice(0, n);
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /** Runs `job` after every job queued before it, whether they succeeded or not. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

class LlamaChatEngine implements LlamaChatModel {
  /** The conversation's sequence: a reply and a prefill never run on it at the same time. */
  private readonly lock = new Mutex();
  private readonly tokenCache = new Map<string, number>();
  private jsonSession: Promise<{ context: LlamaContext; session: LlamaChatSession }> | null = null;
  private readonly jsonLock = new Mutex();

  constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly sequence: LlamaContextSequence,
    private readonly chat: NativeChat,
    readonly contextSize: number,
    private readonly options: LlamaChatOptions,
  ) {}

  get backend(): string {
    return this.llama.gpu === false ? 'cpu' : String(this.llama.gpu);
  }

  countTokens(text: string): number {
    return this.model.tokenize(text).length;
  }

  reserveCore(): () => void {
    // node-llama-cpp shares the threads it may use among its contexts through this splitter
    // (internal in 3.21.1, hence the checks): holding one of them leaves the rest to the chat model
    // from its next decoded token on.
    const splitter = (this.llama as unknown as { _threadsSplitter?: { maxThreads: number; createConsumer(w: number, m: number): Reservation } })
      ._threadsSplitter;
    if (!splitter || splitter.maxThreads < 2) return () => undefined;
    const consumer = splitter.createConsumer(1, 1);
    let release: { dispose(): void } | null = null;
    let done = false;
    void Promise.resolve(consumer.getAllocationToConsume()).then(([, handle]) => {
      if (done) handle.dispose();
      else release = handle;
    });
    return () => {
      done = true;
      release?.dispose();
      consumer.dispose();
    };
  }

  private render(items: ChatHistoryItem[]): Token[] {
    return this.chat.chatWrapper.generateContextState({ chatHistory: items }).contextText.tokenize(this.model.tokenizer);
  }

  /** Tokens of a piece of the prompt, rendered with its markup; remembered, since every turn re-plans the window. */
  private cost(key: string, items: ChatHistoryItem[]): number {
    const known = this.tokenCache.get(key);
    if (known !== undefined) return known;
    // Each piece is measured after a one-word exchange: right after a system message, a turn's
    // note would be merged into it and its markup not counted.
    const head: ChatHistoryItem[] = [
      { type: 'system', text: 'x' },
      { type: 'user', text: 'x' },
      { type: 'model', response: ['x'] },
    ];
    const base = this.render(head).length;
    const tokens = Math.max(1, this.render([...head, ...items]).length - base);
    if (this.tokenCache.size > 4000) this.tokenCache.clear();
    this.tokenCache.set(key, tokens);
    return tokens;
  }

  private turnCost(turn: WindowTurn): number {
    return this.cost(`t\u0000${turn.note ?? ''}\u0000${turn.user}\u0000${turn.reply}`, turnItems(turn));
  }

  /**
   * Makes the system prompt fit: at most half the context (when a reply runs to the end of the
   * context llama.cpp makes room by compressing the history, and a system message larger than that
   * cannot be compressed), keeping its head (persona and tone come first; memory goes).
   */
  private fitSystem(system: string, longTurn = 0): { system: string; tokens: number } {
    const tokens = this.model.tokenize(system);
    // The same room every turn (a cut that moved would change the prompt's first tokens and void
    // the cache), unless one turn is too long for it: then, for that turn, the system prompt gives way.
    const steady = Math.max(16, Math.min(Math.floor(this.contextSize / 2), this.contextSize - 2 * TYPICAL_NEW_TURN - MIN_REPLY_TOKENS));
    const room = Math.max(0, Math.min(steady, this.contextSize - longTurn - MIN_REPLY_TOKENS - 8));
    if (tokens.length <= room) return { system, tokens: this.cost(`s\u0000${system}`, [{ type: 'system', text: system }]) };
    const cut = this.model.detokenize(tokens.slice(0, room));
    return { system: cut, tokens: this.cost(`s\u0000${cut}`, [{ type: 'system', text: cut }]) };
  }

  /** The window for the next turn: which past turns are shown, and whether this turn folds. */
  private plan(context: ChatContext, newTurnTokens: number, longTurn = 0) {
    const turns = pairTurns(context.history);
    const { system, tokens: systemTokens } = this.fitSystem(context.system, longTurn);
    const plan = planWindow(
      systemTokens,
      turns.map((t) => this.turnCost(t)),
      newTurnTokens,
      windowLimits(this.contextSize),
    );
    return { system, turns, plan };
  }

  private historyItems(system: string, turns: WindowTurn[]): ChatHistoryItem[] {
    return [{ type: 'system', text: system }, ...turns.flatMap(turnItems)];
  }

  /**
   * The tokens certain to start the next prompt: the history followed by any new turn whose note
   * starts with `noteHead`. Rendered twice with different placeholder notes and words; where the
   * two agree is what the real turn will share.
   */
  private prefixTokens(history: ChatHistoryItem[], noteHead = ''): Token[] {
    const next = (x: string): ChatHistoryItem[] => [
      { type: 'system', text: noteHead ? `${noteHead} ${x}` : x },
      { type: 'user', text: x },
    ];
    return commonStart(this.render([...history, ...next('a')]), this.render([...history, ...next('b')]));
  }

  /**
   * The tokens certain to start the next prompt if the message goes on from `user` (or is sent as
   * it is): rendered with two different words after it, where the two agree. The draft's last word
   * is still read whole: a pre-tokenizer splits words from what follows them.
   */
  private draftTokens(history: ChatHistoryItem[], note: string, user: string): Token[] {
    const next = (x: string): ChatHistoryItem[] => [
      ...history,
      ...(note ? [{ type: 'system' as const, text: note }] : []),
      { type: 'user', text: `${user} ${x}` },
    ];
    return commonStart(this.render(next('a')), this.render(next('b')));
  }

  /**
   * A fold drops turns from the middle of the window. Instead of reading everything after them
   * again, their tokens are erased from the cache and the rest is shifted into place (llama.cpp
   * moves the cached positions), when the cache holds exactly the window before the fold.
   */
  private async applyFold(system: string, turns: WindowTurn[], from: number, to: number): Promise<void> {
    const before = this.prefixTokens(this.historyItems(system, turnsInView(turns, { start: from, fold: null, previousStart: from })));
    const after = this.prefixTokens(this.historyItems(system, turnsInView(turns, { start: to, fold: null, previousStart: to })));
    const p = commonStart(before, after).length;
    const removed = before.length - after.length;
    if (removed <= 0) return;
    // The cache must hold the window before the fold up to the end of the dropped turns (what
    // follows them may be shorter: the last reply's closing marker is read with the next turn).
    const cached = this.sequence.contextTokens;
    if (cached.length < p + removed) return;
    for (let i = 0; i < p + removed; i++) if (cached[i] !== before[i]) return;
    await this.sequence.eraseContextTokenRanges([{ start: p, end: p + removed }]);
  }

  /** Brings the cache to `tokens`: keeps the common prefix, reads the rest in small steps. */
  private async readInto(tokens: Token[], signal?: AbortSignal, runStep: StepRunner = (job) => job(), stepSize = PREFILL_STEP): Promise<void> {
    await this.sequence.adaptStateToTokens(tokens, false);
    for (let at = this.sequence.nextTokenIndex; at < tokens.length; at = this.sequence.nextTokenIndex) {
      if (signal?.aborted) return;
      const step = tokens.slice(at, Math.min(tokens.length, at + stepSize));
      await runStep(() => this.sequence.evaluateWithoutGeneratingNewTokens(step));
    }
  }

  prefill(context: ChatContext, signal?: AbortSignal, runStep?: StepRunner): Promise<number> {
    return this.lock.run(async () => {
      if (signal?.aborted) return 0;
      const before = this.sequence.tokenMeter.usedInputTokens;
      const { draft } = context;
      // A draft's size is known, as the reply's will be; otherwise a typical turn's.
      const newTokens = draft
        ? this.turnCost({ user: draft.user, reply: '', note: draft.note }) + replyRoom(draft.maxTokens)
        : TYPICAL_NEW_TURN + DEFAULT_MAX_TOKENS;
      const { system, turns, plan } = this.plan(context, newTokens);
      let summary = '';
      if (plan.fold) {
        await this.applyFold(system, turns, plan.fold.from, plan.fold.to);
        // The next turn folds (the plan depends only on turns already known): its note will start
        // with the head and then the summary of what leaves the window, so both are read now.
        summary = context.foldNote?.(turns.slice(plan.fold.from, plan.fold.to)) ?? '';
      }
      const history = this.historyItems(system, turnsInView(turns, plan));
      const tokens = draft
        ? this.draftTokens(history, withFoldSummary(draft.note, context.noteHead, summary), draft.user)
        : this.prefixTokens(history, summary ? joinFoldSummary(context.noteHead ?? '', summary) : (context.noteHead ?? ''));
      await this.readInto(tokens, signal, runStep, draft ? DRAFT_STEP : PREFILL_STEP);
      return this.sequence.tokenMeter.usedInputTokens - before;
    });
  }

  reply(request: ChatRequest): Promise<ChatReply> {
    return this.lock.run(() => this.replyNow(request));
  }

  private async replyNow(request: ChatRequest): Promise<ChatReply> {
    const empty = (droppedHistory = 0): ChatReply => ({ text: '', tokens: 0, aborted: true, droppedHistory, promptTokens: 0, note: request.note ?? '' });
    if (request.signal?.aborted) return empty();
    const wanted = replyRoom(request.maxTokens);
    const words = this.turnCost({ user: request.user, reply: '' });
    if (words + MIN_REPLY_TOKENS + 8 > this.contextSize) {
      throw new LumioError('INVALID_ARGUMENT', 'What you said is too long for the chat model to answer in one go.', {
        hint: 'Say it in shorter parts, or choose a model with a larger context.',
      });
    }
    // The note is advice, the words are the turn: on a tiny context the note gives way.
    let note = request.note ?? '';
    const steadyRoom = this.contextSize - this.fitSystem(request.system).tokens - MIN_REPLY_TOKENS;
    if (note && this.turnCost({ user: request.user, reply: '', note }) > steadyRoom) note = '';
    const newTurn: WindowTurn = { user: request.user, reply: '', ...(note ? { note } : {}) };
    const newTokens = this.turnCost(newTurn) + wanted;
    const longTurn = this.turnCost(newTurn) > steadyRoom ? this.turnCost(newTurn) : 0;
    const { system, turns, plan } = this.plan(request, newTokens, longTurn);
    const systemTokens = this.fitSystem(request.system, longTurn).tokens;
    if (plan.fold) {
      // What the window lets go of is kept as a few lines, in this turn's note (stored with the turn).
      note = withFoldSummary(note, request.noteHead, request.foldNote?.(turns.slice(plan.fold.from, plan.fold.to)) ?? '');
      if (request.freshContext !== true) await this.applyFold(system, turns, plan.fold.from, plan.fold.to);
    }
    const shown = turnsInView(turns, plan);
    const items: ChatHistoryItem[] = [...this.historyItems(system, shown)];
    if (note) items.push({ type: 'system', text: note });
    items.push({ type: 'user', text: request.user }, { type: 'model', response: [] });

    // Whatever is left of the context is the reply's room (a long system prompt or window shrinks it).
    const used = systemTokens + shown.reduce((n, t) => n + this.turnCost(t), 0) + newTokens - wanted;
    const maxTokens = Math.max(MIN_REPLY_TOKENS, Math.min(wanted, this.contextSize - used - 8));
    if (request.freshContext === true) await this.sequence.clearHistory();
    const before = this.sequence.tokenMeter.usedInputTokens;
    let tokens = 0;
    try {
      const result = await this.chat.generateResponse(items, {
        maxTokens,
        temperature: 0.7,
        topP: 0.9,
        repeatPenalty: { penalty: 1.1, presencePenalty: REPLY_PRESENCE_PENALTY },
        dryRepeatPenalty: REPLY_DRY,
        ...(this.options.seed === undefined ? {} : { seed: this.options.seed }),
        ...(request.signal ? { signal: request.signal, stopOnAbortSignal: true } : {}),
        onToken: (t) => {
          tokens += t.length;
        },
        onTextChunk: (text) => {
          if (text) request.onToken?.(text);
        },
      });
      return {
        text: result.response.trim(),
        tokens,
        aborted: result.metadata.stopReason === 'abort' || request.signal?.aborted === true,
        cutShort: result.metadata.stopReason === 'maxTokens',
        droppedHistory: turns.length - shown.length,
        promptTokens: this.sequence.tokenMeter.usedInputTokens - before,
        note,
      };
    } catch (e) {
      if (request.signal?.aborted) return empty(turns.length - shown.length);
      throw toLumioError(e);
    }
  }

  /**
   * Short JSON answers run in a small context of their own: sharing the conversation's context
   * would evict its cached prompt, and the next reply would re-read the whole system prompt and
   * history (measured on the fixture model: time to first token 0.2 s → 1.0 s). Its own lock, so a
   * second opinion can run beside a reply.
   */
  private openJsonSession(): Promise<{ context: LlamaContext; session: LlamaChatSession }> {
    this.jsonSession ??= (async () => {
      const context = await this.model.createContext({
        contextSize: Math.min(JSON_CONTEXT_TOKENS, this.contextSize),
        ...(this.options.threads ? { threads: this.options.threads } : {}),
      });
      const { LlamaChatSession } = await import('node-llama-cpp');
      return { context, session: new LlamaChatSession({ contextSequence: context.getSequence() }) };
    })();
    // A failed attempt (no memory) may be retried on the next call.
    this.jsonSession.catch(() => (this.jsonSession = null));
    return this.jsonSession;
  }

  completeJson(prompt: string, schema: object, options: { maxTokens?: number; signal?: AbortSignal } = {}): Promise<unknown> {
    return this.jsonLock.run(async () => {
      if (options.signal?.aborted) throw new LumioError('ABORTED', 'The question was withdrawn.');
      const grammar = await this.llama.createGrammarForJsonSchema(schema as never);
      const { session } = await this.openJsonSession();
      session.resetChatHistory();
      const text = await session.prompt(prompt, {
        grammar,
        maxTokens: options.maxTokens ?? 64,
        temperature: 0,
        ...(options.signal ? { signal: options.signal, stopOnAbortSignal: true } : {}),
      });
      try {
        return grammar.parse(text);
      } catch {
        // Cut off by maxTokens or the signal before the JSON closed.
        throw new LumioError('INTERNAL', 'The chat model did not finish its JSON answer.');
      }
    });
  }

  async dispose(): Promise<void> {
    const json = await this.jsonSession?.catch(() => null);
    if (json) {
      json.session.dispose({ disposeSequence: true });
      await json.context.dispose();
    }
    this.chat.dispose({ disposeSequence: true });
    await this.context.dispose();
    await this.model.dispose();
  }
}
