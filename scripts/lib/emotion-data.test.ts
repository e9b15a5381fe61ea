import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCedrHoldout, loadEmotionFile, parseCsv } from './emotion-data.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
const haveShared = existsSync(join(SHARED, 'goemotions', 'dev.tsv'));
if (!haveShared) console.log(`emotion-data: ${SHARED} not found; the real-data checks are skipped`);

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and newlines inside fields', () => {
    expect(parseCsv('a,b\n"x, y","he said ""hi""\nthen left"\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'he said "hi"\nthen left'],
    ]);
  });
});

describe('isCedrHoldout', () => {
  it('is deterministic and keeps about a fifth', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `text number ${i}`);
    const share = texts.filter(isCedrHoldout).length / texts.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    expect(isCedrHoldout('same')).toBe(isCedrHoldout('same'));
  });
});

describe.skipIf(!haveShared)('loadEmotionFile on the shared data', () => {
  it('reads GoEmotions dev with the Ekman mapping', () => {
    const { format, rows } = loadEmotionFile(join(SHARED, 'goemotions', 'dev.tsv'));
    expect(format).toBe('goemotions-tsv');
    expect(rows).toHaveLength(5426);
    expect(rows[2]).toMatchObject({ text: "I've never been this sad in my life!", labels: ['sadness'] });
    // "4,27" = approval + neutral → joy (neutral dropped next to an emotion)
    expect(rows[1]!.labels).toEqual(['joy']);
  });
  it('reads CEDR with [] as neutral and ru-goemotions via the GoEmotions ids', () => {
    const cedr = loadEmotionFile(join(SHARED, 'ru-emotion', 'cedr', 'cedr-main-train.csv'));
    expect(cedr.format).toBe('cedr-csv');
    expect(cedr.rows).toHaveLength(7528);
    expect(cedr.rows.filter((r) => r.labels[0] === 'neutral').length).toBe(3043);
    const ru = loadEmotionFile(join(SHARED, 'ru-emotion', 'ru-goemotions', 'ru-go-emotions-simplified-validation.csv'));
    expect(ru.format).toBe('ru-goemotions-csv');
    expect(ru.rows).toHaveLength(5426);
    expect(ru.rows[0]!.labels).toEqual(['neutral']);
  });
});
