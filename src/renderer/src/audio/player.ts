/**
 * Plays the reply's audio chunks back to back without gaps: each chunk is scheduled on the
 * AudioContext clock to start exactly where the previous one ends (setTimeout-style playback
 * would leave clicks and pauses between sentences). `stop()` silences everything at once and
 * reports how much of each chunk was heard, so an interrupted reply keeps only what was spoken.
 */
interface Scheduled {
  index: number;
  source: AudioBufferSourceNode;
  start: number;
  end: number;
}

export class ReplyPlayer {
  private context: AudioContext | null = null;
  private scheduled: Scheduled[] = [];
  private nextStart = 0;
  private drainListeners = new Set<() => void>();
  /** Chunk indices that finished playing in the current reply. */
  private heard = new Set<number>();
  /** Total seconds of audio actually scheduled (for tests and the e2e check that audio played). */
  scheduledSeconds = 0;
  chunksPlayed = 0;

  /** Must be called from a user gesture the first time (autoplay policy). */
  unlock(): void {
    if (!this.context) this.context = new AudioContext({ latencyHint: 'interactive' });
    if (this.context.state === 'suspended') void this.context.resume();
  }

  enqueue(index: number, pcm: Float32Array, sampleRate: number): void {
    this.unlock();
    const ctx = this.context;
    if (!ctx || pcm.length === 0) return;
    const buffer = ctx.createBuffer(1, pcm.length, sampleRate);
    buffer.copyToChannel(pcm as Float32Array<ArrayBuffer>, 0);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    // A small lead keeps the first chunk from starting in the past while the context wakes up.
    const start = Math.max(ctx.currentTime + 0.03, this.nextStart);
    const end = start + buffer.duration;
    source.start(start);
    this.nextStart = end;
    this.scheduledSeconds += buffer.duration;
    const entry: Scheduled = { index, source, start, end };
    this.scheduled.push(entry);
    source.onended = () => {
      this.chunksPlayed++;
      this.heard.add(index);
      this.scheduled = this.scheduled.filter((s) => s !== entry);
      if (this.scheduled.length === 0) for (const l of this.drainListeners) l();
    };
  }

  get playing(): boolean {
    return this.scheduled.length > 0;
  }

  /** Called whenever the last scheduled chunk has finished. */
  onDrained(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  /** Forget the previous reply's bookkeeping before a new one starts. */
  reset(): void {
    this.heard.clear();
  }

  /** Share (0…1) of each chunk index heard so far in this reply. */
  playedFractions(): Map<number, number> {
    const now = this.context?.currentTime ?? 0;
    const out = new Map<number, number>();
    for (const index of this.heard) out.set(index, 1);
    for (const s of this.scheduled) {
      const f = s.end > s.start ? (now - s.start) / (s.end - s.start) : 0;
      out.set(s.index, Math.min(1, Math.max(0, f)));
    }
    return out;
  }

  /** Stops at once. Returns the fractions heard of the chunks that were still queued or playing. */
  stop(): Map<number, number> {
    const fractions = this.playedFractions();
    const stopped = this.scheduled;
    this.scheduled = [];
    for (const s of stopped) {
      s.source.onended = null;
      try {
        s.source.stop();
      } catch {
        // already stopped
      }
      s.source.disconnect();
    }
    this.nextStart = 0;
    for (const l of this.drainListeners) l();
    return fractions;
  }
}
