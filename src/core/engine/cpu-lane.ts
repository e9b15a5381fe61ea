/**
 * One heavy native job at a time. ggml (whisper.cpp and llama.cpp) spins its threads while they
 * wait for each other, so two engines that each take both cores of a 2-core machine run several
 * times slower side by side than one after the other (measured: 5× for two whisper passes). While
 * the person speaks, the worker has two kinds of such work — recognising the finished speech
 * segments and reading the conversation into the chat model's cache — and this lane orders them:
 * the waiting job with the highest priority goes next, in arrival order among equals.
 *
 * The reply itself does not take the lane: the chat model writes while the voice speaks the
 * sentences before, on threads chosen for that (engine/threads.ts).
 */
export type LanePriority = 'speech' | 'prefill';

const RANK: Record<LanePriority, number> = { speech: 0, prefill: 1 };

interface Waiting {
  rank: number;
  order: number;
  start(): void;
}

export class CpuLane {
  private busy = false;
  private readonly waiting: Waiting[] = [];
  private order = 0;

  /** Runs `job` when the lane is free; resolves or rejects with it. */
  run<T>(priority: LanePriority, job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = (): void => {
        this.busy = true;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.busy = false;
            this.next();
          });
      };
      this.waiting.push({ rank: RANK[priority], order: this.order++, start });
      if (!this.busy) this.next();
    });
  }

  get idle(): boolean {
    return !this.busy && this.waiting.length === 0;
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      const w = this.waiting[i] as Waiting;
      const b = this.waiting[best] as Waiting;
      if (w.rank < b.rank || (w.rank === b.rank && w.order < b.order)) best = i;
    }
    const [chosen] = this.waiting.splice(best, 1);
    chosen?.start();
  }
}
