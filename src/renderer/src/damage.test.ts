import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_REASONS, ModelsDirProblemSchema, type LumioErrorPayload, type ModelsDirProblem } from '../../shared/errors.js';
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

  it('says why a models folder was refused, for every problem, in both languages', () => {
    const refused = (dirProblem: ModelsDirProblem): LumioErrorPayload => ({
      code: 'INVALID_ARGUMENT',
      message: 'English for logs.',
      params: { reason: 'models-dir-unusable', dirProblem, path: '/tmp/x' },
    });
    const seen = { en: new Set<string>(), ru: new Set<string>() };
    for (const problem of ModelsDirProblemSchema.options) {
      const text = errorText(ru, refused(problem));
      // The folder, then why, in Russian words.
      expect(text, problem).toMatch(/^В папке \/tmp\/x нельзя хранить модели: .*[А-Яа-яЁё]{3,}.*\.$/);
      expect(text, problem).not.toMatch(englishPhrase);
      seen.ru.add(text);
      seen.en.add(errorText(STRINGS.en, refused(problem)));
    }
    // Each problem has words of its own.
    expect(seen.ru.size).toBe(ModelsDirProblemSchema.options.length);
    expect(seen.en.size).toBe(ModelsDirProblemSchema.options.length);
    expect(errorText(STRINGS.en, refused('not-absolute'))).toBe(
      'The folder /tmp/x can’t hold models: it is not a full path (one that starts with / or with a drive, such as C:\\).',
    );
    expect(errorHint(ru, refused('is-a-file'))).toMatch(/существующую папку/);
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
