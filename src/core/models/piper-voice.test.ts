import { describe, expect, it } from 'vitest';
import { addOnnxMetadata, piperTokensTxt, readOnnxMetadata } from './piper-voice.js';

// A hand-encoded ModelProto: ir_version = 8 (field 1, varint), producer_name = "t" (field 2),
// opset_import { version = 13 } (field 8, message). Enough to check that a real walker skips them.
const tiny = Uint8Array.from([0x08, 0x08, 0x12, 0x01, 0x74, 0x42, 0x02, 0x10, 0x0d]);

describe('ONNX metadata_props editing', () => {
  it('appends entries that a walker reads back, leaving the original bytes untouched', () => {
    expect(readOnnxMetadata(tiny).size).toBe(0);
    const { bytes, added } = addOnnxMetadata(tiny, { model_type: 'vits', sample_rate: 22050, language: 'Русский' });
    expect(added).toEqual(['model_type', 'sample_rate', 'language']);
    expect(Array.from(bytes.subarray(0, tiny.length))).toEqual(Array.from(tiny));
    const meta = readOnnxMetadata(bytes);
    expect(Object.fromEntries(meta)).toEqual({ model_type: 'vits', sample_rate: '22050', language: 'Русский' });
  });

  it('is idempotent: keys already there are not added twice', () => {
    const once = addOnnxMetadata(tiny, { a: '1' }).bytes;
    const twice = addOnnxMetadata(once, { a: '2', b: '3' });
    expect(twice.added).toEqual(['b']);
    expect(Object.fromEntries(readOnnxMetadata(twice.bytes))).toEqual({ a: '1', b: '3' });
  });

  it('encodes long values with multi-byte lengths', () => {
    const long = 'x'.repeat(300);
    expect(readOnnxMetadata(addOnnxMetadata(tiny, { k: long }).bytes).get('k')).toBe(long);
  });

  it('rejects bytes that are not a protobuf message', () => {
    expect(() => readOnnxMetadata(Uint8Array.from([0x0f, 0x00]))).toThrow();
  });

  it('writes piper tokens, including the space symbol', () => {
    expect(piperTokensTxt({ _: [0], ' ': [3], a: [14, 99], '\n': [5] })).toBe('_ 0\n  3\na 14\n');
  });
});
