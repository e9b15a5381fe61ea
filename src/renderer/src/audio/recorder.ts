import { concatFloat32, ENGINE_SAMPLE_RATE, resample } from './resample.js';

/**
 * Push-to-talk capture. The microphone is opened on press and closed on release, so it is never
 * live while Lumio speaks (no echo loop) and the system's "mic in use" light means what it says.
 * Audio is taken at the device's own rate by an AudioWorklet (mono, off the main thread), then
 * resampled to 16 kHz Float32 once, when the person lets go.
 */
export type MicProblem = 'no-microphone' | 'denied' | 'failed';

export class MicError extends Error {
  constructor(
    readonly problem: MicProblem,
    message: string,
  ) {
    super(message);
  }
}

export interface Recording {
  samples: Float32Array;
  sampleRate: number;
  durationMs: number;
}

const WORKLET_URL = new URL('capture-worklet.js', document.baseURI).href;

export class Recorder {
  private blocks: Float32Array[] = [];
  private readonly levelBuffer: Float32Array<ArrayBuffer>;

  private constructor(
    private readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly node: AudioWorkletNode,
    private readonly analyser: AnalyserNode,
  ) {
    this.levelBuffer = new Float32Array(analyser.fftSize);
    node.port.onmessage = (e: MessageEvent<Float32Array>) => {
      this.blocks.push(e.data);
    };
  }

  static async open(deviceId: string | null): Promise<Recorder> {
    if (!navigator.mediaDevices?.getUserMedia) throw new MicError('no-microphone', 'getUserMedia is not available');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: {
          ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
          channelCount: { ideal: 1 },
          echoCancellation: true,
          noiseSuppression: true,
          autoGainControl: true,
        },
        video: false,
      });
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      if (name === 'NotAllowedError' || name === 'SecurityError') throw new MicError('denied', String(e));
      if (name === 'NotFoundError' || name === 'OverconstrainedError') throw new MicError('no-microphone', String(e));
      throw new MicError('failed', String(e));
    }
    try {
      // The device's own rate: no resampling inside the browser's graph, one good resample at the end.
      const context = new AudioContext({ latencyHint: 'interactive' });
      await context.audioWorklet.addModule(WORKLET_URL);
      const source = context.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(context, 'lumio-capture', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      const mute = context.createGain();
      mute.gain.value = 0;
      source.connect(node);
      source.connect(analyser);
      // The worklet must be pulled by the graph to run; a muted path to the output does that silently.
      node.connect(mute).connect(context.destination);
      if (context.state === 'suspended') await context.resume();
      return new Recorder(context, stream, node, analyser);
    } catch (e) {
      for (const track of stream.getTracks()) track.stop();
      throw new MicError('failed', String(e));
    }
  }

  /** Input level 0…1 (RMS of the latest block, scaled so normal speech fills most of the meter). */
  level(): number {
    this.analyser.getFloatTimeDomainData(this.levelBuffer);
    let sum = 0;
    for (const s of this.levelBuffer) sum += s * s;
    const rmsValue = Math.sqrt(sum / this.levelBuffer.length);
    // dBFS mapped from -60..-10 onto 0..1 reads like people expect a meter to move.
    const db = 20 * Math.log10(rmsValue + 1e-9);
    return Math.min(1, Math.max(0, (db + 60) / 50));
  }

  get capturedMs(): number {
    let n = 0;
    for (const b of this.blocks) n += b.length;
    return (n / this.context.sampleRate) * 1000;
  }

  /** Stops the microphone and returns 16 kHz mono Float32. */
  async stop(): Promise<Recording> {
    // Ask the worklet for what it still holds before closing.
    await new Promise<void>((resolve) => {
      const done = (e: MessageEvent): void => {
        if (e.data === 'flushed') {
          this.node.port.removeEventListener('message', done);
          resolve();
        }
      };
      this.node.port.addEventListener('message', done);
      this.node.port.postMessage('flush');
      setTimeout(resolve, 150);
    });
    const rate = this.context.sampleRate;
    const raw = concatFloat32(this.blocks.filter((b) => b instanceof Float32Array));
    this.release();
    const samples = resample(raw, rate, ENGINE_SAMPLE_RATE);
    return { samples, sampleRate: ENGINE_SAMPLE_RATE, durationMs: (raw.length / rate) * 1000 };
  }

  cancel(): void {
    this.release();
  }

  private release(): void {
    this.blocks = this.blocks.length ? [] : this.blocks;
    for (const track of this.stream.getTracks()) track.stop();
    this.node.port.onmessage = null;
    this.node.disconnect();
    void this.context.close();
  }
}
