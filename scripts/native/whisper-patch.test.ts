import { describe, expect, it } from 'vitest';
import { patchWhisperSource } from './whisper-patch.js';

/** The three places the patch is anchored on, as they stand in the whisper.cpp smart-whisper 0.8.1 ships. */
const SNIPPET = [
  'int whisper_full_with_state(',
  '        struct whisper_context * ctx,',
  '    // auto-detect language if not specified',
  '    if (params.language == nullptr) {',
  '        std::vector<float> probs(whisper_lang_max_id() + 1, 0.0f);',
  '        const auto lang_id = whisper_lang_auto_detect_with_state(ctx, state, 0, params.n_threads, probs.data());',
  '    }',
  '    state->exp_n_audio_ctx = params.audio_ctx;',
  '',
].join('\n');

describe('patchWhisperSource', () => {
  it('sets the encoder window before detection and limits detection to the allowed languages', () => {
    const { text, state } = patchWhisperSource(SNIPPET);
    expect(state).toBe('applied');
    // The window is set before the detection block, not only after it as upstream does.
    expect(text.indexOf('getenv("LUMIO_WHISPER_DETECT_CTX")')).toBeLessThan(text.indexOf('// auto-detect language'));
    expect(text).toContain('static int lumio_allowed_language(');
    expect(text.indexOf('static int lumio_allowed_language(')).toBeLessThan(text.indexOf('int whisper_full_with_state('));
    expect(text).toContain('lang_id = lumio_allowed_language(lang_id, probs);');
    expect(text).not.toContain('const auto lang_id');
  });

  it('is idempotent and refuses a source it does not recognise', () => {
    const once = patchWhisperSource(SNIPPET).text;
    expect(patchWhisperSource(once)).toEqual({ text: once, state: 'present' });
    const other = SNIPPET.replace('// auto-detect language if not specified', '// detect the language');
    expect(patchWhisperSource(other)).toEqual({ text: other, state: 'unsupported' });
  });
});
