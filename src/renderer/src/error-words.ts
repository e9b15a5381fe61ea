import type { EngineExit, ErrorCode, ErrorParams, ErrorReason, ModelsDirProblem } from '../../shared/errors.js';

/**
 * Every error the core can send, in the person's words, made from its code and parameters (the
 * core's own message is English for logs and is never shown). A code with several causes has a
 * sentence per reason; every code has one of its own, so nothing reaches the screen untranslated.
 * `stage` is the engine stage already said in this language ("loading the chat model").
 */
export interface ErrorWords {
  generic: string;
  dismiss: string;
  codes: Record<ErrorCode, (p: ErrorParams) => string>;
  reasons: Record<ErrorReason, (p: ErrorParams) => string>;
  /** What the person can do, where there is something. */
  hints: Partial<Record<ErrorCode | ErrorReason, (p: ErrorParams) => string>>;
  exits: Record<EngineExit, string>;
  /** `stage` as the Talk screen names it ('Loading the chat model'), `model` the id it was loading. */
  crashWhile: (stage: string | null, model: string | undefined, exit: string) => string;
}

/** Why a models folder was refused, said after the folder's name. */
const enDirProblems: Record<ModelsDirProblem, string> = {
  'not-absolute': 'it is not a full path (one that starts with / or with a drive, such as C:\\)',
  'dot-parts': 'the path has “.” or “..” in it; write it out in full',
  'bad-character': 'the path has a character no folder name can have',
  'too-long': 'the path is too long',
  'system-folder': 'it is in a system folder (/proc, /sys or /dev) that holds no files',
  'is-a-file': 'it is a file, not a folder',
  'part-is-a-file': 'a part of the path is a file, not a folder',
  'not-writable': 'Lumio is not allowed to write there',
  'disk-full': 'the disk is full',
  unreachable: 'it cannot be reached',
  'cannot-create': 'it cannot be created',
};

const ruDirProblems: Record<ModelsDirProblem, string> = {
  'not-absolute': 'это не полный путь (он начинается с / или с диска, например C:\\)',
  'dot-parts': 'в пути есть «.» или «..»; напишите его полностью',
  'bad-character': 'в пути есть символ, которого не бывает в именах папок',
  'too-long': 'путь слишком длинный',
  'system-folder': 'она внутри системной папки (/proc, /sys или /dev), где не бывает файлов',
  'is-a-file': 'это файл, а не папка',
  'part-is-a-file': 'часть пути — файл, а не папка',
  'not-writable': 'Lumio не разрешено туда записывать',
  'disk-full': 'диск заполнен',
  unreachable: 'до неё не добраться',
  'cannot-create': 'её не удаётся создать',
};

export const enErrors: ErrorWords = {
  generic: 'Something went wrong.',
  dismiss: 'Dismiss',
  codes: {
    AUDIO_EMPTY: () => 'Nothing was recorded.',
    AUDIO_INVALID: () => 'The recording could not be read.',
    AUDIO_TOO_LONG: () => 'The recording is too long.',
    NO_SPEECH: () => 'No speech was heard in that recording.',
    MODEL_MISSING: () => 'Some models are missing, so Lumio can’t talk yet.',
    MODEL_CORRUPT: () => 'A model file is damaged.',
    ENGINE_CRASHED: () => 'The speech engine stopped; it is restarting.',
    ENGINE_BUSY: () => 'The speech engine is still busy with the last turn.',
    ABORTED: () => 'Stopped.',
    DB_LOCKED: () => 'Another Lumio window or program is using the history, so it could not be saved or read just now.',
    DB_READONLY: () => 'The history can’t be saved: its folder is read-only.',
    DB_DAMAGED: () => 'Your history file is damaged. Lumio reads what it can and writes nothing more to it.',
    DISK_FULL: () => 'The disk is full, so the history could not be saved.',
    IPC_INVALID: () => 'Lumio received a request it could not understand.',
    DOWNLOAD_FAILED: () => 'The download failed.',
    HASH_MISMATCH: () => 'The downloaded file differs from the published one, so it was not used.',
    NOT_FOUND: () => 'That is no longer there.',
    INVALID_ARGUMENT: () => 'That value can’t be used.',
    INTERNAL: () => 'Something went wrong inside Lumio.',
  },
  reasons: {
    'models-dir-unusable': (p) => `The folder ${p.path ?? ''} can’t hold models${p.dirProblem ? `: ${enDirProblems[p.dirProblem]}` : ''}.`,
    'models-dir-busy': () => 'A model is still downloading into the current models folder.',
    'model-not-installed': (p) => `The model ${p.model ?? ''} is not installed.`,
    'setting-refused': (p) => `The saved setting “${p.setting ?? ''}” could not be used, so the default is used instead.`,
    'models-dir-fallback': (p) => `The models folder in your settings can’t be used, so Lumio uses its own: ${p.path ?? ''}.`,
    'conversation-gone': () => 'That conversation no longer exists.',
    'engine-start': () => 'The speech engine could not start.',
    'no-voice': (p) => `No voice is installed for ${p.language === 'ru' ? 'Russian' : 'English'}.`,
    'not-an-export': () => 'That file is not a history exported by Lumio (JSON), so nothing was imported.',
  },
  hints: {
    AUDIO_EMPTY: () => 'Hold the button a little longer while you speak.',
    NO_SPEECH: () => 'Hold the button while you speak, a little closer to the microphone.',
    AUDIO_TOO_LONG: () => 'Say it in shorter parts.',
    MODEL_MISSING: () => 'Open Models and download the default set.',
    MODEL_CORRUPT: () => 'Repair it in Models.',
    ENGINE_CRASHED: (p) =>
      p.stage?.startsWith('loading')
        ? 'The model file may be damaged or too large for this computer. Check it in Models.'
        : 'Try again. If it keeps happening, check the models in Models.',
    ENGINE_BUSY: () => 'Wait a moment and try again.',
    DB_LOCKED: () => 'Close the other Lumio window (or the program that has the history open) and try again.',
    DB_READONLY: (p) => `Check that the folder ${p.path ? `${p.path} ` : ''}is writable and not on a full drive.`,
    DB_DAMAGED: () => 'Export what can still be read, then start a new history: the damaged file is kept beside it.',
    DISK_FULL: () => 'Free some disk space and try again. Nothing already saved was lost.',
    DOWNLOAD_FAILED: () => 'Check the connection and try again; the download resumes where it stopped.',
    HASH_MISMATCH: () => 'Try the download again.',
    'models-dir-unusable': () => 'Choose an existing folder you can write to, or leave it empty for the default.',
    'models-dir-busy': () => 'Pause or cancel the download, then change the folder.',
    'model-not-installed': () => 'Choose one of the models listed under Models.',
    'no-voice': () => 'Open Models and download a voice.',
  },
  exits: {
    segfault: 'it crashed',
    abort: 'it crashed',
    killed: 'it was stopped, possibly for lack of memory',
    signal: 'it was stopped',
    exit: 'it quit',
  },
  crashWhile: (stage, model, exit) =>
    `The speech engine stopped${stage ? ` while ${stage.toLowerCase()}${model ? ` (${model})` : ''}` : ''}: ${exit}. It is restarting.`,
};

export const ruErrors: ErrorWords = {
  generic: 'Что-то пошло не так.',
  dismiss: 'Закрыть',
  codes: {
    AUDIO_EMPTY: () => 'Ничего не записалось.',
    AUDIO_INVALID: () => 'Запись не удалось прочитать.',
    AUDIO_TOO_LONG: () => 'Запись слишком длинная.',
    NO_SPEECH: () => 'В этой записи не слышно речи.',
    MODEL_MISSING: () => 'Не хватает моделей, поэтому Lumio пока не может говорить.',
    MODEL_CORRUPT: () => 'Файл модели повреждён.',
    ENGINE_CRASHED: () => 'Речевой движок остановился и перезапускается.',
    ENGINE_BUSY: () => 'Речевой движок ещё занят прошлой репликой.',
    ABORTED: () => 'Остановлено.',
    DB_LOCKED: () => 'Историю сейчас использует другое окно Lumio или другая программа, поэтому её не удалось сохранить или прочитать.',
    DB_READONLY: () => 'Историю нельзя сохранить: её папка доступна только для чтения.',
    DB_DAMAGED: () => 'Файл истории повреждён. Lumio читает то, что удаётся, и больше ничего в него не записывает.',
    DISK_FULL: () => 'Диск заполнен, поэтому историю не удалось сохранить.',
    IPC_INVALID: () => 'Lumio получил запрос, который не смог понять.',
    DOWNLOAD_FAILED: () => 'Загрузка не удалась.',
    HASH_MISMATCH: () => 'Скачанный файл отличается от опубликованного, поэтому он не используется.',
    NOT_FOUND: () => 'Этого уже нет.',
    INVALID_ARGUMENT: () => 'Это значение нельзя использовать.',
    INTERNAL: () => 'Внутри Lumio что-то пошло не так.',
  },
  reasons: {
    'models-dir-unusable': (p) => `В папке ${p.path ?? ''} нельзя хранить модели${p.dirProblem ? `: ${ruDirProblems[p.dirProblem]}` : ''}.`,
    'models-dir-busy': () => 'В текущую папку моделей ещё скачивается модель.',
    'model-not-installed': (p) => `Модель ${p.model ?? ''} не установлена.`,
    'setting-refused': (p) => `Сохранённую настройку «${p.setting ?? ''}» не удалось использовать, поэтому действует значение по умолчанию.`,
    'models-dir-fallback': (p) => `Папку моделей из настроек нельзя использовать, поэтому Lumio берёт свою: ${p.path ?? ''}.`,
    'conversation-gone': () => 'Этого разговора больше нет.',
    'engine-start': () => 'Речевой движок не удалось запустить.',
    'no-voice': (p) => `Не установлен голос для ${p.language === 'ru' ? 'русского' : 'английского'} языка.`,
    'not-an-export': () => 'Этот файл — не история, выгруженная из Lumio (JSON), поэтому ничего не импортировано.',
  },
  hints: {
    AUDIO_EMPTY: () => 'Удерживайте кнопку чуть дольше, пока говорите.',
    NO_SPEECH: () => 'Удерживайте кнопку, пока говорите, и говорите чуть ближе к микрофону.',
    AUDIO_TOO_LONG: () => 'Скажите это по частям.',
    MODEL_MISSING: () => 'Откройте «Модели» и скачайте набор по умолчанию.',
    MODEL_CORRUPT: () => 'Восстановите её в разделе «Модели».',
    ENGINE_CRASHED: (p) =>
      p.stage?.startsWith('loading')
        ? 'Возможно, файл модели повреждён или слишком велик для этого компьютера. Проверьте его в разделе «Модели».'
        : 'Попробуйте ещё раз. Если это повторяется, проверьте модели в разделе «Модели».',
    ENGINE_BUSY: () => 'Подождите немного и попробуйте снова.',
    DB_LOCKED: () => 'Закройте другое окно Lumio (или программу, которая открыла историю) и попробуйте снова.',
    DB_READONLY: (p) => `Проверьте, что в папку ${p.path ? `${p.path} ` : ''}можно записывать и что диск не заполнен.`,
    DB_DAMAGED: () => 'Экспортируйте то, что ещё читается, и начните новую историю: повреждённый файл останется рядом.',
    DISK_FULL: () => 'Освободите место на диске и попробуйте снова. Уже сохранённое не потеряно.',
    DOWNLOAD_FAILED: () => 'Проверьте соединение и попробуйте снова: загрузка продолжится с того места, где остановилась.',
    HASH_MISMATCH: () => 'Скачайте файл ещё раз.',
    'models-dir-unusable': () => 'Выберите существующую папку, в которую можно записывать, или оставьте поле пустым.',
    'models-dir-busy': () => 'Приостановите или отмените загрузку, затем смените папку.',
    'model-not-installed': () => 'Выберите одну из моделей в разделе «Модели».',
    'no-voice': () => 'Откройте «Модели» и скачайте голос.',
  },
  exits: {
    segfault: 'произошёл сбой',
    abort: 'произошёл сбой',
    killed: 'его остановила система, возможно, из-за нехватки памяти',
    signal: 'его остановили',
    exit: 'он завершился',
  },
  crashWhile: (stage, model, exit) => `Речевой движок остановился${stage ? ` на этапе «${stage}»${model ? ` (${model})` : ''}` : ''}: ${exit}. Перезапускаю.`,
};
