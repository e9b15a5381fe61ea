import { createRequire } from 'node:module';

/**
 * Typed access to sherpa-onnx-node (a CommonJS package without type declarations).
 * Only the parts Lumio uses are declared. Loaded lazily so that importing a module that
 * mentions sherpa does not load the native addon until an engine is really created.
 */

export interface SherpaGeneratedAudio {
  samples: Float32Array;
  sampleRate: number;
}

export interface SherpaOfflineTts {
  readonly sampleRate: number;
  readonly numSpeakers: number;
  generate(request: SherpaTtsRequest): SherpaGeneratedAudio;
  /** Runs on a native worker thread; the JS event loop stays free meanwhile. */
  generateAsync?(request: SherpaTtsRequest): Promise<SherpaGeneratedAudio>;
}

export interface SherpaTtsRequest {
  text: string;
  sid: number;
  speed: number;
  enableExternalBuffer?: boolean;
}

export interface SherpaOfflineTtsConfig {
  model: {
    vits: {
      model: string;
      tokens: string;
      dataDir?: string;
      lexicon?: string;
      noiseScale?: number;
      noiseScaleW?: number;
      lengthScale?: number;
    };
    numThreads?: number;
    debug?: boolean | number;
    provider?: string;
  };
  maxNumSentences?: number;
  silenceScale?: number;
}

export interface SherpaSpeechSegment {
  start: number;
  samples: Float32Array;
}

export interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isEmpty(): boolean;
  front(enableExternalBuffer?: boolean): SherpaSpeechSegment;
  pop(): void;
  flush(): void;
  reset(): void;
  /** True while the detector is inside speech (a segment has started and not yet ended). */
  isDetected(): boolean;
}

export interface SherpaVadConfig {
  sileroVad: {
    model: string;
    threshold?: number;
    minSilenceDuration?: number;
    minSpeechDuration?: number;
    maxSpeechDuration?: number;
    windowSize?: number;
  };
  sampleRate: number;
  numThreads?: number;
  provider?: string;
  debug?: boolean | number;
}

export interface SherpaOnnxModule {
  OfflineTts: new (config: SherpaOfflineTtsConfig) => SherpaOfflineTts;
  Vad: new (config: SherpaVadConfig, bufferSizeInSeconds: number) => SherpaVad;
  version: string;
}

let cached: SherpaOnnxModule | undefined;

export function loadSherpaOnnx(): SherpaOnnxModule {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = require('sherpa-onnx-node') as SherpaOnnxModule;
  }
  return cached;
}
