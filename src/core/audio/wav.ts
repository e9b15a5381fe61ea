import { LumioError } from '../../shared/errors.js';

/**
 * WAV (RIFF/WAVE) reading and writing, written for what people actually hand us: files from
 * phone recorders, sox, browsers and DAWs. Supported: little-endian RIFF (and RF64, the
 * 64-bit streaming variant, by reading to the end of the file), PCM 8/16/24/32-bit, IEEE float
 * 32/64-bit, G.711 A-law/µ-law (telephony), WAVE_FORMAT_EXTENSIBLE wrapping any of those.
 * Not supported: big-endian RIFX (rare; the message says to re-save as an ordinary WAV) and
 * compressed codecs (ADPCM, MP3-in-WAV).
 */

export interface DecodedWav {
  /** Mono mixdown (mean of all channels), in [-1, 1] for integer formats. */
  samples: Float32Array;
  sampleRate: number;
  /** Channels in the file (before the mixdown). */
  channels: number;
  /** As declared in the file's format chunk. */
  bitsPerSample: number;
  durationMs: number;
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;

const NOT_WAV_HINT = 'Record again, or convert the file to WAV (for example: sox input.mp3 output.wav).';

function fourCC(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
}

/** Names common non-WAV formats so the message can say what the file really is. */
function sniffOtherFormat(b: Uint8Array): string | null {
  const head = fourCC(b, 0);
  if (head.startsWith('ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return 'an MP3 file';
  if (head === 'OggS') return 'an Ogg (Vorbis/Opus) file';
  if (head === 'fLaC') return 'a FLAC file';
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'a WebM/Matroska file';
  if (fourCC(b, 4) === 'ftyp') return 'an MP4/M4A file';
  if (head === 'FORM') return 'an AIFF file';
  if (head === 'RIFF' && fourCC(b, 8) !== 'WAVE' && b.length >= 12) return `a RIFF file of type "${fourCC(b, 8)}"`;
  // Mostly printable ASCII/UTF-8 in the first bytes: someone passed a text file.
  const n = Math.min(b.length, 64);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] ?? 0;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc0) printable++;
  }
  if (n > 0 && printable === n) return 'a text file';
  return null;
}

interface FormatChunk {
  formatTag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function readFormatChunk(view: DataView, at: number, size: number): FormatChunk {
  if (size < 16) {
    throw new LumioError('AUDIO_INVALID', 'The WAV file is damaged: its format section is too short.', {
      hint: NOT_WAV_HINT,
    });
  }
  let formatTag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (formatTag === FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4) then the sub-format GUID whose first two bytes are the real tag.
    if (size < 40) {
      throw new LumioError('AUDIO_INVALID', 'The WAV file is damaged: its extended format section is cut short.', {
        hint: NOT_WAV_HINT,
      });
    }
    formatTag = view.getUint16(at + 24, true);
  }
  return { formatTag, channels, sampleRate, blockAlign, bitsPerSample };
}

function describeFormat(f: FormatChunk): string {
  return `format code 0x${f.formatTag.toString(16).padStart(4, '0')}, ${f.bitsPerSample}-bit`;
}

/** G.711 µ-law byte → linear sample in [-1, 1] (ITU-T G.711 expansion). */
function mulawToFloat(u: number): number {
  const v = ~u & 0xff;
  const sign = v & 0x80;
  const exponent = (v >> 4) & 0x07;
  const mantissa = v & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return (sign ? -magnitude : magnitude) / 32768;
}

/** G.711 A-law byte → linear sample in [-1, 1]. */
function alawToFloat(a: number): number {
  const v = a ^ 0x55;
  const sign = v & 0x80;
  const exponent = (v >> 4) & 0x07;
  const mantissa = v & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return (sign ? magnitude : -magnitude) / 32768;
}

type SampleReader = (view: DataView, at: number) => number;

function sampleReader(f: FormatChunk, bytesPerSample: number): SampleReader | null {
  if (f.formatTag === FORMAT_PCM) {
    switch (bytesPerSample) {
      case 1:
        return (v, at) => (v.getUint8(at) - 128) / 128; // 8-bit WAV is unsigned
      case 2:
        return (v, at) => v.getInt16(at, true) / 32768;
      case 3:
        return (v, at) => (v.getUint8(at) | (v.getUint8(at + 1) << 8) | (v.getInt8(at + 2) << 16)) / 8388608;
      case 4:
        return (v, at) => v.getInt32(at, true) / 2147483648;
      default:
        return null;
    }
  }
  if (f.formatTag === FORMAT_FLOAT) {
    if (bytesPerSample === 4) return (v, at) => v.getFloat32(at, true);
    if (bytesPerSample === 8) return (v, at) => v.getFloat64(at, true);
    return null;
  }
  if (f.formatTag === FORMAT_MULAW && bytesPerSample === 1) return (v, at) => mulawToFloat(v.getUint8(at));
  if (f.formatTag === FORMAT_ALAW && bytesPerSample === 1) return (v, at) => alawToFloat(v.getUint8(at));
  return null;
}

/** What the header says, without decoding: enough to reject a file before spending memory on it. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Whole frames actually present in the file. */
  frames: number;
  durationMs: number;
}

interface WavLayout extends WavInfo {
  read: SampleReader;
  format: FormatChunk;
  bytesPerSample: number;
  dataStart: number;
}

/**
 * Reads and checks a WAV header. Same errors as decodeWav (which it is the first half of).
 */
export function readWavInfo(bytes: Uint8Array): WavInfo {
  const { sampleRate, channels, bitsPerSample, frames, durationMs } = readWavLayout(bytes);
  return { sampleRate, channels, bitsPerSample, frames, durationMs };
}

function readWavLayout(bytes: Uint8Array): WavLayout {
  if (bytes.length === 0) {
    throw new LumioError('AUDIO_EMPTY', 'The recording is empty (0 bytes).', {
      hint: 'Hold the talk key while speaking, and check that the microphone works.',
    });
  }
  const riff = fourCC(bytes, 0);
  if (riff === 'RIFX') {
    throw new LumioError('AUDIO_INVALID', 'This is a big-endian (RIFX) WAV file, which Lumio does not read.', {
      hint: 'Save it as an ordinary little-endian WAV (for example: sox input.wav -L output.wav).',
    });
  }
  const looksLikeWav = (riff === 'RIFF' || riff === 'RF64') && (bytes.length < 12 || fourCC(bytes, 8) === 'WAVE');
  if (!looksLikeWav) {
    const what = sniffOtherFormat(bytes);
    throw new LumioError('AUDIO_INVALID', `This is not a WAV file${what ? ` (it looks like ${what})` : ''}.`, {
      hint: NOT_WAV_HINT,
    });
  }
  if (bytes.length < 12) {
    throw new LumioError('AUDIO_INVALID', `The WAV file is cut off: only ${bytes.length} bytes, not even a whole header.`, {
      hint: 'The file was probably not saved completely. Record or export it again.',
    });
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: FormatChunk | null = null;
  let dataStart = -1;
  let dataSize = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourCC(bytes, offset);
    const declared = view.getUint32(offset + 4, true);
    const bodyStart = offset + 8;
    const available = bytes.length - bodyStart;
    if (id === 'fmt ') {
      if (declared > available) {
        throw new LumioError('AUDIO_INVALID', 'The WAV file is cut off inside its header (format section).', {
          hint: 'The file was probably not saved completely. Record or export it again.',
        });
      }
      format = readFormatChunk(view, bodyStart, declared);
    } else if (id === 'data') {
      dataStart = bodyStart;
      // 0xFFFFFFFF (or any size past the end) is what streaming writers leave when they could not
      // seek back to fill in the size, and what a cut-off download looks like: use what is there.
      dataSize = declared === 0xffffffff || declared > available ? available : declared;
      if (format !== null) break;
    }
    if (declared > available) break; // an unknown chunk running past the end: nothing more to find
    offset = bodyStart + declared + (declared & 1); // chunks are padded to an even size
  }

  if (format === null) {
    throw new LumioError(
      'AUDIO_INVALID',
      dataStart >= 0
        ? 'The WAV file is damaged: it has audio data but no format section saying how to read it.'
        : 'The WAV file is cut off or damaged: its header has no format section.',
      { hint: 'The file was probably not saved completely. Record or export it again.' },
    );
  }
  const f = format;
  if (f.channels === 0 || f.sampleRate < 1000 || f.sampleRate > 768_000) {
    throw new LumioError('AUDIO_INVALID', `The WAV header is damaged: ${f.channels} channel(s) at ${f.sampleRate} Hz is not a real recording format.`, {
      hint: NOT_WAV_HINT,
    });
  }
  // Container size per sample: blockAlign is authoritative (a 20-bit file sits in 3-byte containers).
  const bytesPerSample = f.blockAlign > 0 && f.blockAlign % f.channels === 0 ? f.blockAlign / f.channels : Math.ceil(f.bitsPerSample / 8);
  const read = sampleReader(f, bytesPerSample);
  if (read === null) {
    throw new LumioError('AUDIO_INVALID', `This WAV file uses an encoding Lumio does not read (${describeFormat(f)}).`, {
      hint: 'Convert it to 16-bit PCM WAV (for example: sox input.wav -b 16 -e signed-integer output.wav).',
    });
  }
  if (dataStart < 0) {
    throw new LumioError('AUDIO_INVALID', 'The WAV file is cut off: the header ends before the audio data begins.', {
      hint: 'The file was probably not saved completely. Record or export it again.',
    });
  }

  const frameBytes = bytesPerSample * f.channels;
  // A data chunk cut mid-frame keeps its whole frames; the partial one is dropped.
  const frames = Math.floor(dataSize / frameBytes);
  if (frames === 0) {
    throw new LumioError('AUDIO_EMPTY', 'The WAV file holds no audio (its data section is empty).', {
      hint: 'Hold the talk key while speaking, and check that the microphone works.',
    });
  }
  return {
    sampleRate: f.sampleRate,
    channels: f.channels,
    bitsPerSample: f.bitsPerSample,
    frames,
    durationMs: (frames / f.sampleRate) * 1000,
    read,
    format: f,
    bytesPerSample,
    dataStart,
  };
}

/**
 * Decodes a WAV file held in memory into mono Float32 samples.
 * Throws LumioError: AUDIO_EMPTY (no bytes, or no whole audio frame), AUDIO_INVALID (not a WAV,
 * header cut off or damaged, unsupported encoding).
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const layout = readWavLayout(bytes);
  const { frames, channels, bytesPerSample, dataStart, read, format: f } = layout;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Float32Array(frames);
  if (channels === 1 && f.formatTag === FORMAT_PCM && bytesPerSample === 2) {
    // The common case (16-bit mono) without a closure call per sample.
    for (let i = 0, at = dataStart; i < frames; i++, at += 2) samples[i] = view.getInt16(at, true) / 32768;
  } else {
    const scale = 1 / channels;
    for (let i = 0, at = dataStart; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++, at += bytesPerSample) sum += read(view, at);
      samples[i] = sum * scale;
    }
  }
  return { samples, sampleRate: layout.sampleRate, channels, bitsPerSample: layout.bitsPerSample, durationMs: layout.durationMs };
}

function writeHeader(view: DataView, dataBytes: number, formatTag: number, sampleRate: number, bits: number): void {
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  const blockAlign = bits / 8;
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, formatTag, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bits, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
}

function checkRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff / 4) {
    throw new LumioError('INVALID_ARGUMENT', `Cannot write a WAV file at ${sampleRate} Hz.`);
  }
}

/** Mono 16-bit PCM WAV. Samples outside [-1, 1] are clipped; NaN becomes silence. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  checkRate(sampleRate);
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  writeHeader(view, samples.length * 2, FORMAT_PCM, sampleRate, 16);
  for (let i = 0, at = 44; i < samples.length; i++, at += 2) {
    const s = samples[i] ?? 0;
    const clipped = s > 1 ? 1 : s < -1 ? -1 : s === s ? s : 0;
    view.setInt16(at, clipped < 0 ? Math.round(clipped * 32768) : Math.round(clipped * 32767), true);
  }
  return out;
}

/** Mono 32-bit float WAV: lossless for Float32 audio (tests and debugging dumps). */
export function encodeWavFloat(samples: Float32Array, sampleRate: number): Uint8Array {
  checkRate(sampleRate);
  const out = new Uint8Array(44 + samples.length * 4);
  const view = new DataView(out.buffer);
  writeHeader(view, samples.length * 4, FORMAT_FLOAT, sampleRate, 32);
  for (let i = 0, at = 44; i < samples.length; i++, at += 4) view.setFloat32(at, samples[i] ?? 0, true);
  return out;
}
