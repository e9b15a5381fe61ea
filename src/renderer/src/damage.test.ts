import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_REASONS, type LumioErrorPayload } from '../../shared/errors.js';
import { errorHint, errorText } from './damage.js';
import { STRINGS } from './i18n.js';

const ru = STRINGS.ru;
/** Two Latin words in a row: an English phrase (names such as a model id or a path are one token). */
const englishPhrase = /[A-Za-z]{2,}[\s,.:;]+[A-Za-z]{2,}/;

describe('errors in the person’s language', () => {
  it('says every code and every reason in Russian, whatever English the core put in its message', () => {
    const cases: LumioErrorPayload[] = [
      ...ERROR_CODES.map((code) => ({ code, message: 'The core said this in English.' })),
      ...ERROR_REASONS.map((reason) => ({
        code: 'INVALID_ARGUMENT' as const,
        message: 'English words here.',
        params: { reason, path: '/tmp/x', model: 'llm-stories', setting: 'tone', language: 'ru' as const },
      })),
    ];
    for (const e of cases) {
      const text = errorText(ru, e);
      expect(text, e.code).toMatch(/[А-Яа-яЁё]{3,}/);
      expect(text, e.code).not.toMatch(englishPhrase);
      const hint = errorHint(ru, e);
      if (hint) expect(hint, e.code).not.toMatch(englishPhrase);
    }
  });

  it('names what the engine was doing when it crashed, and which models are missing', () => {
    const crash = errorText(ru, { code: 'ENGINE_CRASHED', message: 'x', params: { stage: 'loading-llm', exit: 'segfault', model: 'llm-stories' } });
    expect(crash).toBe('Речевой движок остановился на этапе «Загружаю языковую модель» (llm-stories): произошёл сбой. Перезапускаю.');
    expect(errorText(STRINGS.en, { code: 'ENGINE_CRASHED', message: 'x', params: { stage: 'transcribing', exit: 'killed' } })).toBe(
      'The speech engine stopped while recognising speech: it was stopped, possibly for lack of memory. It is restarting.',
    );
    expect(errorText(ru, { code: 'MODEL_MISSING', message: 'x', params: { roles: ['stt', 'tts'] } })).toMatch(/Распознавание речи, Голоса/);
    expect(errorHint(ru, { code: 'ENGINE_CRASHED', message: 'x', params: { stage: 'loading-stt', exit: 'abort' } })).toMatch(/файл модели/);
  });
});
