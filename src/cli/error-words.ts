import type { ErrorReason, LumioErrorPayload } from '../shared/errors.js';
import type { EngineStage } from '../shared/ipc.js';

/**
 * The CLI's own English for errors, from their code and parameters (the renderer has its own
 * dictionary in both languages). Where the code and parameters say less than the core's message
 * (a file name, a parser's words), the message is the sentence: it is written in English for logs.
 */
// Reasons whose message says more than the parameters (why a setting or folder was refused, what
// the parser saw) keep the message: the CLI is read by someone who may want that detail.
const REASONS: Partial<Record<ErrorReason, (p: NonNullable<LumioErrorPayload['params']>) => string>> = {
  'models-dir-busy': () => 'A model is still downloading into the current models folder.',
  'model-not-installed': (p) => `The model ${p.model ?? ''} is not installed.`,
  'conversation-gone': () => 'That conversation no longer exists.',
  'no-voice': (p) => `No voice is installed for ${p.language === 'ru' ? 'Russian' : 'English'}.`,
};

const HINTS: Partial<Record<ErrorReason | LumioErrorPayload['code'], string>> = {
  MODEL_MISSING: 'Run: lumio models download',
  'no-voice': 'Run: lumio models download',
  'model-not-installed': 'Run: lumio models list',
};

const STAGES: Record<EngineStage, string> = {
  idle: 'idle',
  'loading-stt': 'loading speech recognition',
  'loading-vad': 'loading the voice detector',
  'loading-llm': 'loading the chat model',
  'loading-voice': 'loading a voice',
  listening: 'listening',
  transcribing: 'recognising speech',
  thinking: 'writing a reply',
  speaking: 'speaking',
  'reading-context': 'reading the conversation',
};

const EXITS = {
  segfault: 'it crashed (segmentation fault)',
  abort: 'it crashed (aborted)',
  killed: 'it was killed, possibly for running out of memory',
  signal: 'it was stopped by a signal',
  exit: 'it exited',
} as const;

export function cliErrorText(e: LumioErrorPayload): string {
  const p = e.params ?? {};
  const reason = p.reason && REASONS[p.reason];
  if (reason) return reason(p);
  if (e.code === 'ENGINE_CRASHED' && p.exit) {
    const stage = p.stage && p.stage in STAGES && p.stage !== 'idle' ? ` while ${STAGES[p.stage as EngineStage]}${p.model ? ` (${p.model})` : ''}` : '';
    return `The speech engine stopped${stage}: ${EXITS[p.exit]}. It is restarting.`;
  }
  if (e.code === 'MODEL_MISSING' && p.roles?.length) return `Models are missing: ${p.roles.join(', ')}.`;
  return e.message;
}

/** The CLI's hint: a command to run where there is one, else the core's own. */
export function cliErrorHint(e: LumioErrorPayload): string | undefined {
  return (e.params?.reason && HINTS[e.params.reason]) || HINTS[e.code] || e.hint;
}
