import fsp from 'node:fs/promises';

/**
 * Reads the key/value metadata of a GGUF file (header → KV pairs) without loading tensors, to
 * tell a chat (instruct) model from a base one before handing it to llama.cpp. Arrays are
 * summarised by type and length except short ones, since a vocabulary has 100k+ entries.
 */
export type GgufValue = number | bigint | boolean | string | { arrayOf: number; length: number; head: GgufValue[] };

const SIZES: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

export async function readGgufMetadata(file: string): Promise<{ version: number; tensorCount: bigint; kv: Map<string, GgufValue> }> {
  const fh = await fsp.open(file, 'r');
  try {
    let buf = Buffer.alloc(0);
    let fileOffset = 0;
    let pos = 0;
    const need = async (n: number) => {
      while (pos + n > buf.length) {
        const chunk = Buffer.alloc(Math.max(4 << 20, n));
        const { bytesRead } = await fh.read(chunk, 0, chunk.length, fileOffset);
        if (bytesRead === 0) throw new Error('GGUF metadata runs past the end of the file');
        fileOffset += bytesRead;
        buf = Buffer.concat([buf.subarray(pos), chunk.subarray(0, bytesRead)]);
        pos = 0;
      }
    };
    const u32 = async () => (await need(4), (pos += 4), buf.readUInt32LE(pos - 4));
    const u64 = async () => (await need(8), (pos += 8), buf.readBigUInt64LE(pos - 8));
    const str = async () => {
      const len = Number(await u64());
      await need(len);
      pos += len;
      return buf.toString('utf8', pos - len, pos);
    };
    const scalar = async (type: number): Promise<number | bigint | boolean | string> => {
      if (type === 8) return str();
      const size = SIZES[type];
      if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
      await need(size);
      const at = pos;
      pos += size;
      switch (type) {
        case 0:
          return buf.readUInt8(at);
        case 1:
          return buf.readInt8(at);
        case 2:
          return buf.readUInt16LE(at);
        case 3:
          return buf.readInt16LE(at);
        case 4:
          return buf.readUInt32LE(at);
        case 5:
          return buf.readInt32LE(at);
        case 6:
          return buf.readFloatLE(at);
        case 7:
          return buf.readUInt8(at) !== 0;
        case 10:
          return buf.readBigUInt64LE(at);
        case 11:
          return buf.readBigInt64LE(at);
        default:
          return buf.readDoubleLE(at);
      }
    };

    await need(24);
    if (buf.toString('latin1', 0, 4) !== 'GGUF') throw new Error('not a GGUF file');
    pos = 4;
    const version = await u32();
    const tensorCount = await u64();
    const kvCount = Number(await u64());
    const kv = new Map<string, GgufValue>();
    for (let i = 0; i < kvCount; i++) {
      const key = await str();
      const type = await u32();
      if (type !== 9) {
        kv.set(key, await scalar(type));
        continue;
      }
      const itemType = await u32();
      const length = Number(await u64());
      const head: GgufValue[] = [];
      for (let j = 0; j < length; j++) {
        const v = await scalar(itemType);
        if (j < 8) head.push(v);
      }
      kv.set(key, { arrayOf: itemType, length, head });
    }
    return { version, tensorCount, kv };
  } finally {
    await fh.close();
  }
}
