import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLumioError } from '../shared/errors.js';
import { MODEL_MANIFEST_FILE, ModelManifestSchema } from '../shared/models.js';
import { closest, parseCommandArgs, type CommandSpec } from './args.js';

/**
 * The `lumio` command as a shell user meets it: strict flags (a typo exits 2 and says what was
 * meant), only the result on stdout, and a damaged model named with exit code 4. The commands
 * run as child processes on the fixture models, exactly as `npx lumio` runs.
 */
const fixtureModels = process.env.LUMIO_FIXTURE_MODELS ?? path.resolve('.fixtures/models');
const jfk = path.resolve('../shared/models/audio/jfk.wav');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-cli-'));

function lumio(args: string[], modelsDir = fixtureModels): { code: number | null; stdout: string; stderr: string } {
  const home = fs.mkdtempSync(path.join(work, 'home-'));
  const r = spawnSync(process.execPath, [path.resolve('bin/lumio.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, LUMIO_HOME: home, LUMIO_MODELS_DIR: modelsDir },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the fixture models with one model's file cut to a third. */
function withDamaged(id: string): string {
  const dir = fs.mkdtempSync(path.join(work, `models-${id}-`));
  for (const m of fs.readdirSync(fixtureModels)) {
    if (fs.existsSync(path.join(fixtureModels, m, MODEL_MANIFEST_FILE))) fs.cpSync(path.join(fixtureModels, m), path.join(dir, m), { recursive: true });
  }
  const manifest = ModelManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, id, MODEL_MANIFEST_FILE), 'utf8')));
  const file = path.join(dir, id, manifest.files.model);
  fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3));
  return dir;
}

const haveVoices = fs.existsSync(path.join(fixtureModels, 'voice-mini-en-female'));
const haveJfk = fs.existsSync(jfk);
if (!haveJfk) console.warn(`[cli.test] ${jfk} is absent (../shared): the transcribe cases skip`);

beforeAll(() => fs.mkdirSync(work, { recursive: true }));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('argument parsing', () => {
  const spec: CommandSpec = {
    name: 'talk',
    summary: '',
    usage: [],
    options: {
      lang: { type: 'string', choices: ['auto', 'ru', 'en'], help: '' },
      out: { type: 'string', help: '' },
      json: { type: 'boolean', help: '' },
    },
  };
  const refused = (argv: string[]): string => {
    try {
      parseCommandArgs(argv, spec);
    } catch (e) {
      if (isLumioError(e) && e.code === 'INVALID_ARGUMENT') return e.message;
      throw e;
    }
    throw new Error(`accepted ${argv.join(' ')}`);
  };

  it('refuses an unknown flag and names the one that was meant', () => {
    expect(refused(['--lnag', 'ru'])).toMatch(/Unknown option --lnag.*did you mean --lang\?/);
    expect(refused(['--ot', 'x.wav'])).toMatch(/did you mean --out\?/);
    expect(refused(['--verbose'])).not.toMatch(/did you mean/);
    expect(refused(['-x'])).toMatch(/Unknown option -x/);
  });

  it('refuses a missing value, a value for a switch, and a value outside the choices', () => {
    expect(refused(['--out'])).toMatch(/--out needs a value/);
    expect(refused(['--json=yes'])).toMatch(/--json takes no value/);
    expect(refused(['--lang', 'de'])).toMatch(/--lang must be one of: auto, ru, en \(got "de"\)/);
  });

  it('accepts what it knows', () => {
    const a = parseCommandArgs(['--lang', 'ru', 'file.wav', '--json', '--out=x.wav'], spec);
    expect(a.values).toMatchObject({ lang: 'ru', json: true, out: 'x.wav' });
    expect(a.positionals).toEqual(['file.wav']);
  });

  it('suggests only names that are close', () => {
    expect(closest('lnag', ['lang', 'out'])).toBe('lang');
    expect(closest('conversaton', ['conversation', 'text'])).toBe('conversation');
    expect(closest('zzzz', ['lang', 'out'])).toBeNull();
  });
});

describe('lumio on the command line', () => {
  it('`talk --text hi --lnag ru` exits 2 with "did you mean --lang?" and prints nothing on stdout', () => {
    const r = lumio(['talk', '--text', 'hi', '--lnag', 'ru']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean --lang\?/);
    expect(r.stdout).toBe('');
  });

  it('has --help for every subcommand, on stdout with exit 0', () => {
    for (const command of ['talk', 'transcribe', 'say', 'history', 'models']) {
      const r = lumio([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toMatch(/Usage:[\s\S]*Options:[\s\S]*--help/);
    }
  });

  it.skipIf(!haveJfk)('`transcribe jfk.wav` prints exactly one line on stdout; the language and time go to stderr', () => {
    const r = lumio(['transcribe', jfk]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.split('\n').length, JSON.stringify(r.stdout)).toBe(2); // one line and its newline
    expect(r.stdout.trim().length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/\((en|ru), \d+ ms\)/);
  });

  it.skipIf(!haveVoices)('a damaged chosen voice: the reply is shown, the voice named, no other voice used, exit 4', () => {
    const r = lumio(['talk', '--text', 'Tell me something calm.', '--voice', 'female', '--lang', 'en', '--json'], withDamaged('voice-mini-en-female'));
    expect(r.code, r.stderr).toBe(4);
    const out = JSON.parse(r.stdout) as { reply: string; audio: unknown; speechError?: { code: string; model?: { id: string } } };
    expect(out.reply.length).toBeGreaterThan(0);
    expect(out.audio).toBeNull();
    expect(out.speechError).toMatchObject({ code: 'MODEL_CORRUPT', model: { id: 'voice-mini-en-female' } });
    expect(r.stderr).toMatch(/The female English voice \(voice-mini-en-female\) is damaged: its file is shorter than published\./);
  });

  it.skipIf(!haveJfk)('a damaged speech recognizer is named, not called missing, with exit 4', () => {
    const r = lumio(['transcribe', jfk], withDamaged('whisper-mini'));
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/The speech recognition model \(whisper-mini\) is damaged: its file is shorter than published\./);
  });

  it('a damaged chat model is named, not "Models are missing", with exit 4', () => {
    const r = lumio(['talk', '--text', 'hello'], withDamaged('llm-stories'));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/The conversation model \(llm-stories\) is damaged/);
    expect(r.stderr).not.toMatch(/missing/i);
  });

  it.skipIf(!haveJfk)('a damaged speech detector is named; the transcript still comes, without silence trimming, exit 4', () => {
    const r = lumio(['transcribe', jfk], withDamaged('vad-silero'));
    expect(r.code).toBe(4);
    expect(r.stdout.split('\n').length).toBe(2);
    expect(r.stderr).toMatch(/The speech detection model \(vad-silero\) is damaged.*Lumio runs without it/);
  });
});
