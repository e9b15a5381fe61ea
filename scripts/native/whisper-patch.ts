/**
 * Two small edits to the whisper.cpp that smart-whisper compiles at install, applied before the
 * rebuild in whisper-cpu.ts. Both concern language detection, which Lumio runs on the first speech
 * segment of every turn when the person left the language on "auto":
 *
 * 1. Detection reads an encoder window Lumio chooses (LUMIO_WHISPER_DETECT_CTX positions; by
 *    default the transcription's own shortened window). whisper.cpp sets `audio_ctx` only after it
 *    has detected the language, so detection always encoded the full 30 s window: on Whisper base
 *    with 2 threads about 2 s before the first word of a 3-second turn.
 * 2. Detection chooses only among the languages named in LUMIO_WHISPER_LANGUAGES (Lumio sets
 *    "en,ru"). Whisper otherwise picks from 99 languages and, on short or synthetic Russian,
 *    sometimes answers Polish or German; Lumio then received a Polish transcript.
 *
 * The edits are anchored on exact lines; when an anchor is missing (a different whisper.cpp) the
 * patch is reported as not applied and Lumio falls back to whisper's own detection.
 */

export const PATCH_VERSION = 2;
const MARK = '// lumio-patch';

const DETECT_ANCHOR = '    // auto-detect language if not specified\n';
const DETECT_CALL = '        const auto lang_id = whisper_lang_auto_detect_with_state(ctx, state, 0, params.n_threads, probs.data());\n';
const FULL_ANCHOR = 'int whisper_full_with_state(\n';

const WINDOW_FIRST =
  `    ${MARK}: detect the language on a window of LUMIO_WHISPER_DETECT_CTX positions (0: the full 30 s),\n` +
  '    // or, unset, on the window the transcription will use (audio_ctx)\n' +
  '    {\n' +
  '        const char * detect = getenv("LUMIO_WHISPER_DETECT_CTX");\n' +
  '        const int n = detect != nullptr ? atoi(detect) : params.audio_ctx;\n' +
  '        if (n > 0 && n <= whisper_n_audio_ctx(ctx)) state->exp_n_audio_ctx = n;\n' +
  '        else if (detect != nullptr) state->exp_n_audio_ctx = 0;\n' +
  '    }\n';

const ALLOWED_HELPER =
  `${MARK}: the most probable language among those named in LUMIO_WHISPER_LANGUAGES ("en,ru")\n` +
  'static int lumio_allowed_language(int detected, const std::vector<float> & probs) {\n' +
  '    const char * allowed = getenv("LUMIO_WHISPER_LANGUAGES");\n' +
  '    if (allowed == nullptr || allowed[0] == 0) return detected;\n' +
  '    std::string list(allowed);\n' +
  '    int best = -1;\n' +
  '    size_t start = 0;\n' +
  '    while (start <= list.size()) {\n' +
  "        size_t end = list.find(',', start);\n" +
  '        if (end == std::string::npos) end = list.size();\n' +
  '        const int id = whisper_lang_id(list.substr(start, end - start).c_str());\n' +
  '        if (id >= 0 && id < (int) probs.size() && (best < 0 || probs[id] > probs[best])) best = id;\n' +
  '        start = end + 1;\n' +
  '    }\n' +
  '    return best >= 0 ? best : detected;\n' +
  '}\n\n';

const ALLOWED_CALL =
  '        auto lang_id = whisper_lang_auto_detect_with_state(ctx, state, 0, params.n_threads, probs.data());\n' +
  `        if (lang_id >= 0) lang_id = lumio_allowed_language(lang_id, probs); ${MARK}\n`;

export interface PatchResult {
  text: string;
  /** 'applied' now, 'present' from an earlier run, or 'unsupported' when an anchor is missing. */
  state: 'applied' | 'present' | 'unsupported';
}

/** Applies both edits to the text of whisper.cpp's src/whisper.cpp. Pure, so it is tested on a snippet. */
export function patchWhisperSource(source: string): PatchResult {
  if (source.includes(MARK)) return { text: source, state: 'present' };
  if (![DETECT_ANCHOR, DETECT_CALL, FULL_ANCHOR].every((anchor) => source.split(anchor).length === 2)) {
    return { text: source, state: 'unsupported' };
  }
  const text = source
    .replace(FULL_ANCHOR, ALLOWED_HELPER + FULL_ANCHOR)
    .replace(DETECT_ANCHOR, WINDOW_FIRST + DETECT_ANCHOR)
    .replace(DETECT_CALL, ALLOWED_CALL);
  return { text, state: 'applied' };
}
