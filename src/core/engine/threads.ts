import os from 'node:os';

/**
 * CPU threads per engine. Speech recognition is a stage the person waits through with nothing else
 * running, so it takes every core: on the 2-core build machine Whisper base went from RTF 0.70 with
 * one thread to 0.39 with two. The chat model writes while the voice speaks the sentences before,
 * so it leaves one core for TTS, audio and IPC.
 */
export function sttThreads(): number {
  return Math.max(1, os.availableParallelism());
}

export function llmThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
