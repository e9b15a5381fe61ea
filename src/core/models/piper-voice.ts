import fsp from 'node:fs/promises';
import path from 'node:path';
import { LumioError } from '../../shared/errors.js';
import { writeFileAtomic } from '../atomic-write.js';

/**
 * Makes a Piper voice, as its authors publish it (.onnx + .onnx.json), into what sherpa-onnx's
 * VITS engine runs: the metadata sherpa reads appended to the ONNX file, and tokens.txt written from
 * the config's phoneme map. Used by the downloader for a voice's Piper source and by
 * `npm run models:real` for the voice it gathers from PyPI.
 *
 * Adds `metadata_props` entries to a serialized ONNX ModelProto without an ONNX library.
 *
 * Protobuf allows a repeated field to appear anywhere in a message, and ModelProto is the
 * top-level message of an .onnx file, so appending encoded field-14 entries (StringStringEntryProto
 * {key = 1, value = 2}) to the end of the file is a valid edit that leaves every other byte as is.
 * sherpa-onnx reads what kind of VITS model it has (piper, sample rate, espeak voice) from there.
 */

const METADATA_PROPS_FIELD = 14;
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    const b = buf[pos + i];
    if (b === undefined) throw new Error('truncated varint');
    value += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return [value, pos + i + 1];
    mul *= 128;
  }
  throw new Error('varint too long');
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  const head = [...varint((field << 3) | WIRE_LEN), ...varint(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Walks the top-level fields of a message and returns the metadata_props it already has. */
export function readOnnxMetadata(model: Uint8Array): Map<string, string> {
  const found = new Map<string, string>();
  let pos = 0;
  while (pos < model.length) {
    const [tag, afterTag] = readVarint(model, pos);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    pos = afterTag;
    if (wire === WIRE_VARINT) pos = readVarint(model, pos)[1];
    else if (wire === WIRE_I64) pos += 8;
    else if (wire === WIRE_I32) pos += 4;
    else if (wire === WIRE_LEN) {
      const [len, start] = readVarint(model, pos);
      pos = start + len;
      if (pos > model.length) throw new Error('truncated field');
      if (field === METADATA_PROPS_FIELD) {
        const entry = parseEntry(model.subarray(start, pos));
        found.set(entry.key, entry.value);
      }
    } else throw new Error(`unsupported wire type ${wire} at byte ${afterTag}: not an ONNX model?`);
  }
  return found;
}

function parseEntry(buf: Uint8Array): { key: string; value: string } {
  let key = '';
  let value = '';
  let pos = 0;
  const dec = new TextDecoder();
  while (pos < buf.length) {
    const [tag, a] = readVarint(buf, pos);
    const [len, start] = readVarint(buf, a);
    const text = dec.decode(buf.subarray(start, start + len));
    if (tag >> 3 === 1) key = text;
    else if (tag >> 3 === 2) value = text;
    pos = start + len;
  }
  return { key, value };
}

/** Returns the model with the given entries appended; keys it already has are left alone. */
export function addOnnxMetadata(model: Uint8Array, props: Record<string, string | number>): { bytes: Uint8Array; added: string[] } {
  const existing = readOnnxMetadata(model);
  const enc = new TextEncoder();
  const added: string[] = [];
  const parts: Uint8Array[] = [model];
  for (const [key, value] of Object.entries(props)) {
    if (existing.has(key)) continue;
    const entry = concat([lengthDelimited(1, enc.encode(key)), lengthDelimited(2, enc.encode(String(value)))]);
    parts.push(lengthDelimited(METADATA_PROPS_FIELD, entry));
    added.push(key);
  }
  return { bytes: concat(parts), added };
}

/** sherpa-onnx tokens.txt from a piper voice config: "<symbol> <id>" per line, first id of each symbol. */
export function piperTokensTxt(phonemeIdMap: Record<string, number[]>): string {
  let out = '';
  for (const [symbol, ids] of Object.entries(phonemeIdMap)) {
    // A newline symbol cannot be written as a line of its own; piper never emits it for speech.
    if (symbol === '\n' || ids[0] === undefined) continue;
    out += `${symbol} ${ids[0]}\n`;
  }
  return out;
}

/** The parts of a Piper .onnx.json this assembly reads. */
export interface PiperVoiceConfig {
  audio: { sample_rate: number };
  espeak: { voice: string };
  num_speakers?: number;
  phoneme_type?: string;
  language?: { name_english?: string };
  phoneme_id_map: Record<string, number[]>;
}

export function parsePiperConfig(text: string, what: string): PiperVoiceConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LumioError('MODEL_CORRUPT', `${what} is not JSON: ${(e as Error).message}`);
  }
  const c = json as Partial<PiperVoiceConfig>;
  if (!c?.audio?.sample_rate || !c.espeak?.voice || !c.phoneme_id_map || typeof c.phoneme_id_map !== 'object') {
    throw new LumioError('MODEL_CORRUPT', `${what} is not a Piper voice config (audio.sample_rate, espeak.voice or phoneme_id_map missing).`);
  }
  if (c.phoneme_type && c.phoneme_type !== 'espeak') {
    throw new LumioError('MODEL_CORRUPT', `${what} uses phoneme_type ${c.phoneme_type}; sherpa-onnx's Piper support needs espeak phonemes.`);
  }
  return c as PiperVoiceConfig;
}

/** The metadata sherpa-onnx reads from a Piper VITS model (it exit()s when one is missing). */
export function sherpaPiperMetadata(config: PiperVoiceConfig, fallbackLanguage: string): Record<string, string | number> {
  return {
    model_type: 'vits',
    comment: 'piper',
    language: config.language?.name_english ?? fallbackLanguage,
    voice: config.espeak.voice,
    has_espeak: 1,
    n_speakers: config.num_speakers ?? 1,
    sample_rate: config.audio.sample_rate,
  };
}

/**
 * Assembles a downloaded Piper voice in place: `model` gets the metadata (written to a temp file
 * and renamed, so a failure leaves the original), `tokens` is written from `config`.
 * Returns the metadata keys that were added.
 */
export async function assemblePiperVoice(o: { dir: string; model: string; config: string; tokens: string; fallbackLanguage: string }): Promise<string[]> {
  const configPath = path.join(o.dir, o.config);
  const config = parsePiperConfig(await fsp.readFile(configPath, 'utf8'), o.config);
  const modelPath = path.join(o.dir, o.model);
  const original = await fsp.readFile(modelPath);
  let result: { bytes: Uint8Array; added: string[] };
  try {
    result = addOnnxMetadata(original, sherpaPiperMetadata(config, o.fallbackLanguage));
  } catch (e) {
    throw new LumioError('MODEL_CORRUPT', `${o.model} is not an ONNX model: ${(e as Error).message}`);
  }
  // Whole or not at all: a model file cut short by a crash here would fail its check forever after.
  writeFileAtomic(modelPath, result.bytes);
  const tokensPath = path.join(o.dir, o.tokens);
  await fsp.mkdir(path.dirname(tokensPath), { recursive: true });
  await fsp.writeFile(tokensPath, piperTokensTxt(config.phoneme_id_map));
  return result.added;
}
