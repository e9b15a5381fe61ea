import os from 'node:os';

/**
 * CPU threads per engine. Speech recognition is a stage the person waits through with nothing else
 * running, so it takes every core: on the 2-core build machine Whisper base went from RTF 0.70 with
 * one thread to 0.39 with two. The chat model reads the new words on every core too (Qwen2.5 1.5B:
 * 80 prompt tokens/s on two threads, 37 on one); while the voice synthesizes a sentence it gives
 * one core back (LlamaChatModel.reserveCore), so the two never spin against each other.
 */
export function sttThreads(): number {
  return Math.max(1, os.availableParallelism());
}

export function llmThreads(): number {
  return Math.max(1, os.availableParallelism());
}
