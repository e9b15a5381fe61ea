import { COMMANDS, type CommandName } from '../../shared/ipc.js';

/**
 * Seeded payloads for LumioService.handle, each with what the contract says must happen to it:
 * `valid` (well formed; may still meet a domain refusal such as NOT_FOUND or MODEL_MISSING) or
 * `invalid` (must be refused with IPC_INVALID or INVALID_ARGUMENT). Mixes payloads built from the
 * contract with arbitrary names and values, hostile objects and the probe's findings 1–4.
 * Not a test itself; service.fuzz.test.ts runs it.
 */
export interface FuzzCase {
  command: unknown;
  request: unknown;
  expect: 'valid' | 'invalid';
  /** What the case is about, for a failure message. */
  why: string;
}

export interface FuzzWorld {
  /** Folders that may be chosen as models folders (created under the sandbox). */
  goodModelsDir(): string;
  /** Paths that must be refused as models folders: files, links into /proc, places that cannot be created. */
  badModelsDirs: string[];
  installedStt: string;
  installedLlm: string;
  catalogIds: string[];
  conversationIds: () => string[];
}

export function rng(seed: number): { next(): number; int(n: number): number; pick<T>(a: readonly T[]): T; chance(p: number): boolean } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (a) => a[int(a.length)]!, chance: (p) => next() < p };
}

type R = ReturnType<typeof rng>;

/** The names the probe found `handle` throwing on: Object.prototype's own properties. */
export const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

function text(r: R, max: number): string {
  const alphabets = ['abcdefghij klmnop', 'привет мир ёж', '"\'*-()NEAR AND OR:^', '\u0000\u0007\ud83d\ude00\u202e\uffff', '../\\/etc/%00'];
  const a = r.pick(alphabets);
  const n = 1 + r.int(max);
  let s = '';
  for (let i = 0; i < n; i++) s += a[r.int(a.length)];
  return s;
}

/** Any JSON-ish value, nested a little: what an attacker can put in a field. */
export function arbitrary(r: R, depth = 0): unknown {
  switch (r.int(depth > 2 ? 7 : 10)) {
    case 0:
      return r.pick([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, 2 ** 53, -(2 ** 31)]);
    case 1:
      return text(r, 40);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return r.pick(['constructor', '__proto__', 'toString', '', ' ', 'x'.repeat(5000)]);
    case 6:
      return new ArrayBuffer(r.int(16));
    case 7:
      return Array.from({ length: r.int(4) }, () => arbitrary(r, depth + 1));
    case 8:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [r.pick(['a', 'format', 'path', 'text', 'constructor', '__proto__']), arbitrary(r, depth + 1)]),
      );
    default:
      return JSON.parse(`{"__proto__": {"polluted": true}, "x": ${r.int(9)}}`) as unknown;
  }
}

/** A turn id as the renderer makes them: letters, digits, - and _. */
function turnId(r: R): string {
  const a = 'abcdefXYZ0189_-';
  return Array.from({ length: 1 + r.int(40) }, () => a[r.int(a.length)]).join('');
}

/** A well-formed request for `command`, as a careful renderer would send it. */
function validRequest(r: R, command: CommandName, w: FuzzWorld): unknown {
  switch (command) {
    case 'settings.set': {
      const patch: Record<string, unknown> = {};
      const fields: Array<[string, () => unknown]> = [
        ['voice', () => r.pick(['female', 'male'])],
        ['tone', () => r.pick(['friendly', 'supportive', 'neutral'])],
        ['language', () => r.pick(['auto', 'ru', 'en'])],
        ['uiLanguage', () => r.pick(['ru', 'en'])],
        ['pushToTalkKey', () => r.pick(['Space', 'KeyT', 'F8'])],
        ['globalShortcut', () => r.pick(['', 'CommandOrControl+Shift+Space', 'Alt+L'])],
        ['microphoneId', () => (r.chance(0.5) ? null : text(r, 200))],
        ['memoryEnabled', () => r.chance(0.5)],
        ['onboarded', () => r.chance(0.5)],
        ['modelsDir', () => (r.chance(0.3) ? null : w.goodModelsDir())],
        ['sttModel', () => (r.chance(0.5) ? null : w.installedStt)],
        ['llmModel', () => (r.chance(0.5) ? null : w.installedLlm)],
      ];
      for (const [k, v] of fields) if (r.chance(0.25)) patch[k] = v();
      return patch;
    }
    case 'history.list':
      return r.chance(0.5) ? {} : { limit: 1 + r.int(500), ...(r.chance(0.5) ? { before: new Date(r.int(2e12)).toISOString() } : {}) };
    case 'history.get':
    case 'history.delete':
      return { conversationId: r.chance(0.5) && w.conversationIds().length ? r.pick(w.conversationIds()) : text(r, 64).trim() || 'c' };
    case 'history.search':
      return { query: text(r, 200), ...(r.chance(0.5) ? { limit: 1 + r.int(200) } : {}) };
    case 'history.export':
      return { format: r.pick(['json', 'md']), ...(r.chance(0.3) && w.conversationIds().length ? { conversationId: r.pick(w.conversationIds()) } : {}) };
    case 'history.wipe':
      return { confirm: true };
    case 'history.import':
      return {
        text: r.chance(0.5)
          ? text(r, 300) || '{}'
          : JSON.stringify({ format: 'lumio-history', version: 1, exportedAt: new Date(0).toISOString(), conversations: [], memoryFacts: [] }),
      };
    case 'memory.delete':
      return { kind: r.pick(['fact', 'summary']), id: text(r, 64).trim() || 'f' };
    case 'models.download':
      return { ids: [r.pick(w.catalogIds)] };
    case 'models.pause':
    case 'models.cancel':
      return { id: r.pick(w.catalogIds) };
    case 'storage.recover':
      return { confirm: true };
    case 'turn.begin':
      return { turnId: turnId(r), sampleRate: r.pick([16000, 44100, 48000]), ...(r.chance(0.5) ? { options: { tone: 'neutral' } } : {}) };
    case 'turn.audio':
      return { turnId: turnId(r), seq: r.int(10), pcm: new Float32Array(r.int(4000)).map(() => r.next() - 0.5).buffer };
    case 'turn.end':
    case 'turn.cancel':
      return { turnId: turnId(r) };
    case 'turn.text':
      return {
        text: `${text(r, 200)}x`,
        ...(r.chance(0.5) ? { turnId: turnId(r) } : {}),
        ...(r.chance(0.5) ? { options: { language: r.pick(['auto', 'ru', 'en']) } } : {}),
      };
    case 'turn.draft':
      return { text: text(r, 200), ...(r.chance(0.5) ? { options: { language: r.pick(['auto', 'ru', 'en']) } } : {}) };
    case 'turn.abort':
      return { turnId: turnId(r), ...(r.chance(0.5) ? { spokenChars: r.int(500) } : {}) };
    default:
      return {};
  }
}

/** One way to break a valid request, with its name. Every one must be refused. */
function mutate(r: R, command: CommandName, valid: unknown): FuzzCase {
  const base = typeof valid === 'object' && valid !== null ? (valid as Record<string, unknown>) : {};
  const keys = Object.keys(base);
  const choice = r.int(7);
  if (choice === 0) {
    const key = r.pick(['path', 'extra', 'constructor', 'modelsDirectory', 'Tone', 'file']);
    return { command, request: { ...base, [key]: arbitrary(r) ?? 1 }, expect: 'invalid', why: `unknown key "${key}"` };
  }
  if (choice === 1) return { command, request: r.pick(['a string', 42, [base], true]), expect: 'invalid', why: 'not an object' };
  if (choice === 2) {
    // A hostile object: reading any property throws.
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('gotcha');
        },
        ownKeys: () => {
          throw new Error('gotcha');
        },
        getOwnPropertyDescriptor: () => {
          throw new Error('gotcha');
        },
      },
    );
    return { command, request: hostile, expect: 'invalid', why: 'a proxy that throws' };
  }
  if (choice === 3 && keys.length > 0) {
    const key = r.pick(keys);
    // A value of the wrong kind, or far too long.
    const wrong = typeof base[key] === 'string' ? 'x'.repeat(r.chance(0.1) ? 10_000_000 : 5000) : typeof base[key] === 'number' ? -1.5 : { nested: true };
    return { command, request: { ...base, [key]: wrong }, expect: 'invalid', why: `${key} of the wrong kind or size` };
  }
  // Commands without fields (or choice 4–6): a field they do not have.
  return { command, request: { ...base, [r.pick(['zz', 'debug', 'path'])]: arbitrary(r) ?? 0 }, expect: 'invalid', why: 'a field the command does not have' };
}

/** The probe's findings 1–4, every one of which must be refused with a typed error. */
export function findingPayloads(w: FuzzWorld): FuzzCase[] {
  const out: FuzzCase[] = [];
  for (const dir of [
    '/proc/self/x',
    '/proc/self/x/y',
    '/sys/kernel/x',
    '/dev/shm/../x',
    'relative/models',
    './m',
    '/tmp/a\u0000b',
    '/tmp/../proc/self',
    '/dev/null/x',
    ...w.badModelsDirs,
  ]) {
    out.push({ command: 'settings.set', request: { modelsDir: dir }, expect: 'invalid', why: `finding 1: modelsDir ${JSON.stringify(dir)}` });
  }
  for (const name of PROTOTYPE_NAMES) out.push({ command: name, request: {}, expect: 'invalid', why: `finding 2: command "${name}"` });
  for (const p of ['../../../../.bashrc', '/root/.bashrc', '/tmp/x.json', 'C:\\Windows\\x', '']) {
    out.push({ command: 'history.export', request: { format: 'json', path: p }, expect: 'invalid', why: `finding 3: export path ${JSON.stringify(p)}` });
  }
  const huge = 'x'.repeat(100 * 1024 * 1024);
  out.push({ command: 'settings.set', request: { sttModel: huge }, expect: 'invalid', why: 'finding 4: a 100 MB sttModel' });
  out.push({ command: 'settings.set', request: { llmModel: huge }, expect: 'invalid', why: 'finding 4: a 100 MB llmModel' });
  out.push({ command: 'settings.set', request: { sttModel: 'not-installed-model' }, expect: 'invalid', why: 'finding 4: a model that is not installed' });
  out.push({ command: 'settings.set', request: { sttModel: w.installedLlm }, expect: 'invalid', why: 'finding 4: a chat model as speech recognition' });
  out.push({ command: 'history.list', request: { before: huge }, expect: 'invalid', why: 'finding 4: an unbounded before' });
  out.push({ command: 'turn.abort', request: { turnId: huge }, expect: 'invalid', why: 'finding 4: an unbounded turnId' });
  out.push({ command: 'settings.set', request: { tone: 'neutral', notASetting: true }, expect: 'invalid', why: 'finding 4: an unknown settings key' });
  return out;
}

/** `count` seeded cases: mostly from the contract (half broken on purpose), some arbitrary names and values. */
export function fuzzCases(seed: number, count: number, w: FuzzWorld): FuzzCase[] {
  const r = rng(seed);
  const cases: FuzzCase[] = [];
  while (cases.length < count) {
    const roll = r.next();
    if (roll < 0.1) {
      // An arbitrary name: a prototype property, a near miss, random text, or not a string at all.
      const name = r.pick<unknown>([
        r.pick(PROTOTYPE_NAMES),
        `${r.pick(COMMAND_NAMES)} `,
        r.pick(COMMAND_NAMES).toUpperCase(),
        text(r, 30),
        42,
        null,
        undefined,
        { toString: () => 'settings.get' },
        Symbol('x'),
        ['settings.get'],
      ]);
      if (typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name)) continue;
      cases.push({ command: name, request: arbitrary(r), expect: 'invalid', why: 'not a command' });
      continue;
    }
    // Rare on purpose: each wipes the history the other cases read.
    const command = r.pick(COMMAND_NAMES.filter((c) => c !== 'history.wipe' || r.chance(0.05)));
    const valid = validRequest(r, command, w);
    if (roll < 0.55) cases.push({ command, request: valid, expect: 'valid', why: 'well formed' });
    else cases.push(mutate(r, command, valid));
  }
  return cases;
}
