import type { ChatHistoryItem, Llama, LlamaChatSession, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { LumioError, toLumioError } from '../../shared/errors.js';
import type { ChatMessage, ChatModel, ChatReply, ChatRequest } from '../engines.js';
import { checkGgufModelFile } from '../models/check-gguf.js';

export interface LlamaChatOptions {
  modelPath: string;
  /** Tokens of context. Small models on small machines: 2048–4096 is plenty for a spoken conversation. */
  contextSize?: number;
  threads?: number;
  /** false = CPU only (always works); 'auto' lets node-llama-cpp pick Metal/CUDA/Vulkan and falls back to CPU. */
  gpu?: false | 'auto';
  /** Sampling seed, for reproducible benchmarks. */
  seed?: number;
}

export interface LlamaChatModel extends ChatModel {
  readonly contextSize: number;
  /** Which backend really runs the model ("cpu", "cuda", "metal", "vulkan"), to tell the person. */
  readonly backend: string;
  /** Generation constrained by a JSON schema (llama.cpp grammar); used to refine mood labels. */
  completeJson(prompt: string, schema: object, options?: { maxTokens?: number; signal?: AbortSignal }): Promise<unknown>;
  countTokens(text: string): number;
}

/** Tokens reserved for the chat template's own markup around each message. */
const TEMPLATE_OVERHEAD_PER_MESSAGE = 8;
const DEFAULT_MAX_TOKENS = 200;
/** Enough for a one-sentence question and a short JSON answer. */
const JSON_CONTEXT_TOKENS = 512;
/** A reply shorter than this is not worth generating; the system prompt gives way first. */
const MIN_REPLY_TOKENS = 48;

let llamaPromise: Promise<Llama> | null = null;
let llamaGpu: false | 'auto' | null = null;

async function getSharedLlama(gpu: false | 'auto'): Promise<Llama> {
  if (llamaPromise && llamaGpu === gpu) return llamaPromise;
  const { getLlama } = await import('node-llama-cpp');
  llamaGpu = gpu;
  // build: 'never' — compiling llama.cpp needs its sources from the network; the prebuilt binaries
  // shipped in the npm packages are what we run. A GPU build that fails to load falls back to CPU.
  llamaPromise = getLlama({ gpu, build: 'never', logLevel: 'error' as never }).catch(async (e: unknown) => {
    if (gpu === false) throw e;
    return getLlama({ gpu: false, build: 'never', logLevel: 'error' as never });
  });
  return llamaPromise;
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
  const contextSize = Math.max(256, Math.min(options.contextSize ?? 4096, trained > 0 ? trained : 4096));
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize,
      ...(options.threads ? { threads: options.threads } : {}),
    });
  } catch (e) {
    await model.dispose();
    throw new LumioError('INTERNAL', `Not enough memory to start the chat model with ${contextSize} tokens of context.`, {
      hint: 'Close other programs or pick a smaller model in Models.',
      cause: e,
    });
  }
  const { LlamaChatSession } = await import('node-llama-cpp');
  const session: LlamaChatSession = new LlamaChatSession({ contextSequence: context.getSequence() });
  return new LlamaChat(llama, model, context, session, contextSize, options.seed, options.threads);
}

class LlamaChat implements LlamaChatModel {
  private busy = false;

  constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly session: LlamaChatSession,
    readonly contextSize: number,
    private readonly seed: number | undefined,
    private readonly threads: number | undefined,
  ) {}

  /**
   * Short JSON answers run in a small context of their own: sharing the conversation's context
   * would evict its cached prompt, and the next reply would re-read the whole system prompt and
   * history (measured on the fixture model: time to first token 0.2 s → 1.0 s).
   */
  private jsonSession: Promise<{ context: LlamaContext; session: LlamaChatSession }> | null = null;

  private openJsonSession(): Promise<{ context: LlamaContext; session: LlamaChatSession }> {
    this.jsonSession ??= (async () => {
      const context = await this.model.createContext({ contextSize: Math.min(JSON_CONTEXT_TOKENS, this.contextSize), ...(this.threads ? { threads: this.threads } : {}) });
      const { LlamaChatSession } = await import('node-llama-cpp');
      return { context, session: new LlamaChatSession({ contextSequence: context.getSequence() }) };
    })();
    // A failed attempt (no memory) may be retried on the next call.
    this.jsonSession.catch(() => (this.jsonSession = null));
    return this.jsonSession;
  }

  get backend(): string {
    return this.llama.gpu === false ? 'cpu' : String(this.llama.gpu);
  }

  countTokens(text: string): number {
    return this.model.tokenize(text).length;
  }

  /**
   * Makes the request fit the context, in this order of sacrifice:
   * 1. the oldest history, in user/assistant pairs (the model never sees an answer without its question);
   * 2. the reply budget, down to MIN_REPLY_TOKENS;
   * 3. the tail of the system prompt (persona and tone come first in it; a tiny-context model keeps those).
   * Only a single utterance too long for the whole context is refused.
   */
  fitRequest(request: ChatRequest, maxTokens: number): { system: string; kept: ChatMessage[]; dropped: number; maxTokens: number } {
    const overhead = 2 * TEMPLATE_OVERHEAD_PER_MESSAGE;
    const userTokens = this.countTokens(request.user);
    const minReply = Math.min(maxTokens, MIN_REPLY_TOKENS);
    if (userTokens + overhead + minReply > this.contextSize) {
      throw new LumioError('INVALID_ARGUMENT', 'What you said is too long for the chat model to answer in one go.', {
        hint: 'Say it in shorter parts, or choose a model with a larger context.',
      });
    }
    let system = request.system;
    let systemTokens = this.model.tokenize(system);
    // At most half the context: when a reply runs to the end of the context, llama.cpp makes room by
    // compressing the history, and a system message larger than that cannot be compressed at all
    // ("Failed to compress chat history", seen with long memory on a 1024-token model).
    const systemRoom = Math.min(this.contextSize - userTokens - overhead - minReply, Math.floor(this.contextSize / 2));
    if (systemTokens.length > systemRoom) {
      systemTokens = systemTokens.slice(0, Math.max(0, systemRoom));
      system = this.model.detokenize(systemTokens);
    }
    const reply = Math.max(minReply, Math.min(maxTokens, this.contextSize - userTokens - overhead - systemTokens.length));
    let budget = this.contextSize - userTokens - overhead - systemTokens.length - reply;
    const costs = request.history.map((m) => this.countTokens(m.text) + TEMPLATE_OVERHEAD_PER_MESSAGE);
    let start = request.history.length;
    // Walk back from the newest message while it fits.
    while (start > 0 && budget - (costs[start - 1] ?? 0) >= 0) {
      budget -= costs[start - 1] ?? 0;
      start--;
    }
    while (start < request.history.length && request.history[start]?.role === 'assistant') start++;
    return { system, kept: request.history.slice(start), dropped: start, maxTokens: reply };
  }

  async reply(request: ChatRequest): Promise<ChatReply> {
    if (this.busy) throw new LumioError('ENGINE_BUSY', 'Lumio is still answering the previous message.');
    if (request.signal?.aborted) return { text: '', tokens: 0, aborted: true, droppedHistory: 0 };
    this.busy = true;
    try {
      const { system, kept, dropped, maxTokens } = this.fitRequest(request, request.maxTokens ?? DEFAULT_MAX_TOKENS);
      const history: ChatHistoryItem[] = [{ type: 'system', text: system }];
      for (const m of kept) {
        history.push(m.role === 'user' ? { type: 'user', text: m.text } : { type: 'model', response: [m.text] });
      }
      this.session.setChatHistory(history);
      let tokens = 0;
      const result = await this.session.promptWithMeta(request.user, {
        maxTokens,
        temperature: 0.7,
        topP: 0.9,
        repeatPenalty: { penalty: 1.1 },
        ...(this.seed === undefined ? {} : { seed: this.seed }),
        ...(request.signal ? { signal: request.signal, stopOnAbortSignal: true } : {}),
        onToken: (t) => {
          tokens += t.length;
        },
        onTextChunk: (text) => {
          if (text) request.onToken?.(text);
        },
      });
      return {
        text: result.responseText.trim(),
        tokens,
        aborted: result.stopReason === 'abort' || request.signal?.aborted === true,
        droppedHistory: dropped,
      };
    } catch (e) {
      if (request.signal?.aborted) return { text: '', tokens: 0, aborted: true, droppedHistory: 0 };
      throw toLumioError(e);
    } finally {
      this.busy = false;
    }
  }

  async completeJson(prompt: string, schema: object, options: { maxTokens?: number; signal?: AbortSignal } = {}): Promise<unknown> {
    if (this.busy) throw new LumioError('ENGINE_BUSY', 'The chat model is busy.');
    this.busy = true;
    try {
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
    } finally {
      this.busy = false;
    }
  }

  async dispose(): Promise<void> {
    const json = await this.jsonSession?.catch(() => null);
    if (json) {
      json.session.dispose({ disposeSequence: true });
      await json.context.dispose();
    }
    this.session.dispose({ disposeSequence: true });
    await this.context.dispose();
    await this.model.dispose();
  }
}
