/**
 * Push-to-talk capture. The microphone is opened on press and closed on release, so it is never
 * live while Lumio speaks (no echo loop) and the system's "mic in use" light means what it says.
 * An AudioWorklet takes the audio at the device's own rate (mono, off the main thread) and hands
 * over blocks of about 85 ms, which go to the core at once, while the key is still held: the core
 * resamples (one resampler, not on the UI thread) and starts recognising before the release.
 * Nothing of the recording is kept here.
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

const WORKLET_URL = new URL('capture-worklet.js', document.baseURI).href;

export class Recorder {
  private frames = 0;
  private readonly levelBuffer: Float32Array<ArrayBuffer>;
  private onBlock: ((samples: Float32Array) => void) | null = null;

  private constructor(
    private readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly node: AudioWorkletNode,
    private readonly analyser: AnalyserNode,
  ) {
    this.levelBuffer = new Float32Array(analyser.fftSize);
    node.port.onmessage = (e: MessageEvent<unknown>) => {
      if (!(e.data instanceof Float32Array)) return;
      this.frames += e.data.length;
      this.onBlock?.(e.data);
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
      // The device's own rate: no resampling in the browser's graph, and none on this thread.
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

  /** The rate the blocks are at (the device's). */
  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** Where the blocks go, as they arrive. */
  onAudio(onBlock: (samples: Float32Array) => void): void {
    this.onBlock = onBlock;
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
    return (this.frames / this.context.sampleRate) * 1000;
  }

  /** Hands over what the worklet still holds, then closes the microphone. Returns the recording's length. */
  async stop(): Promise<{ durationMs: number }> {
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
    const durationMs = this.capturedMs;
    this.release();
    return { durationMs };
  }

  cancel(): void {
    this.release();
  }

  private release(): void {
    this.onBlock = null;
    for (const track of this.stream.getTracks()) track.stop();
    this.node.port.onmessage = null;
    this.node.disconnect();
    void this.context.close();
  }
}
