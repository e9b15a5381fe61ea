import { LumioError } from '../../shared/errors.js';
import { dot, filterBank, gcd, MAX_EXACT_PHASES, type FilterBank } from './resample.js';

/**
 * The same polyphase filter as `resample()`, fed in blocks as the microphone delivers them. The
 * renderer sends audio at the device's own rate while the talk key is held; this turns it into
 * 16 kHz in the core (one resampler for the app, the CLI and the benchmark, none on the UI thread).
 *
 * An output sample is written once the input reaches `halfWidth` samples past its instant (the
 * filter is centred, so it needs that much of the future); `end()` supplies the zeros after the
 * last sample. Concatenated, the blocks equal `resample()` of the whole recording (tested).
 */
export class StreamResampler {
  private readonly bank: FilterBank;
  private readonly up: number;
  private readonly down: number;
  private readonly exact: boolean;
  /** Input kept for the filter: absolute input index `base` is buffer[pad]. */
  private buffer: Float32Array;
  private used = 0;
  private base = 0;
  private readonly pad: number;
  private received = 0;
  private produced = 0;
  private ended = false;

  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    if (!(from > 0 && to > 0 && Number.isFinite(from) && Number.isFinite(to))) {
      throw new LumioError('INVALID_ARGUMENT', `Cannot resample from ${from} Hz to ${to} Hz.`);
    }
    const scale = Number.isInteger(from) && Number.isInteger(to) ? 1 : 1000;
    const a = Math.round(from * scale);
    const b = Math.round(to * scale);
    const g = gcd(a, b);
    this.up = b / g;
    this.down = a / g;
    this.exact = this.up <= MAX_EXACT_PHASES;
    this.bank = filterBank(from, to, this.exact ? this.up : MAX_EXACT_PHASES);
    this.pad = this.bank.halfWidth + 1;
    // Zeros before the first sample, as resample() pads.
    this.buffer = new Float32Array(this.pad + 4096);
    this.used = this.pad;
  }

  /** Resamples one block; returns the output samples that are now final. */
  push(samples: Float32Array): Float32Array {
    if (this.ended) throw new LumioError('INTERNAL', 'The recording has already ended.');
    if (this.from === this.to) {
      this.received += samples.length;
      this.produced += samples.length;
      return samples.slice();
    }
    this.append(samples);
    this.received += samples.length;
    return this.drain(false);
  }

  /** The last samples, computed against the silence after the recording. */
  end(): Float32Array {
    if (this.ended) return new Float32Array(0);
    this.ended = true;
    if (this.from === this.to) return new Float32Array(0);
    this.append(new Float32Array(this.pad + 1));
    return this.drain(true);
  }

  private append(samples: Float32Array): void {
    if (this.used + samples.length > this.buffer.length) {
      // Drop what no future output needs (everything before the oldest tap still in use).
      const keepFrom = Math.max(0, this.firstNeededIndex() - this.base);
      const keep = this.buffer.subarray(keepFrom, this.used);
      const next = new Float32Array(Math.max(4096, (keep.length + samples.length) * 2));
      next.set(keep);
      this.base += keepFrom;
      this.used = keep.length;
      this.buffer = next;
    }
    this.buffer.set(samples, this.used);
    this.used += samples.length;
  }

  /** Absolute buffer index (pad included) of the first input sample the next output reads. */
  private firstNeededIndex(): number {
    const { halfWidth } = this.bank;
    const i = this.exact ? Math.floor((this.produced * this.down) / this.up) : Math.floor((this.produced * this.from) / this.to);
    return i - halfWidth + 1 + this.pad - 1;
  }

  private drain(final: boolean): Float32Array {
    const { taps, halfWidth, table, phases } = this.bank;
    const total = final ? Math.round((this.received * this.to) / this.from) : Number.POSITIVE_INFINITY;
    const out: number[] = [];
    const x = this.buffer;
    for (;;) {
      const n = this.produced;
      if (n >= total) break;
      let i: number;
      let fp = 0;
      let p = 0;
      if (this.exact) {
        const pos = n * this.down;
        i = Math.floor(pos / this.up);
        p = pos - i * this.up;
      } else {
        const t = (n * this.from) / this.to;
        i = Math.floor(t);
        fp = (t - i) * phases;
      }
      // The last input the filter reads (one more for the interpolated path).
      const lastNeeded = i + halfWidth + 1;
      if (!final && lastNeeded >= this.received) break;
      const start = i - halfWidth + 1 + this.pad - this.base;
      if (this.exact) {
        out.push(dot(x, start, table, p * taps, taps));
      } else {
        const p0 = Math.floor(fp);
        const w1 = fp - p0;
        const row0 = p0 * taps;
        const acc0 = dot(x, start, table, row0, taps);
        const acc1 = p0 + 1 < phases ? dot(x, start, table, row0 + taps, taps) : dot(x, start + 1, table, 0, taps);
        out.push((1 - w1) * acc0 + w1 * acc1);
      }
      this.produced++;
    }
    return Float32Array.from(out);
  }
}
