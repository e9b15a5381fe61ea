/**
 * smart-whisper compiles whisper.cpp's ggml from source with `-O3` and nothing else, so on x86-64
 * ggml falls back to its scalar code paths: no AVX2, FMA or F16C. Measured on this project's
 * 2-core x86-64 build machine with Whisper base on an 11 s clip (1 thread): RTF 5.9 as npm builds
 * it, RTF 0.70 rebuilt with `-mavx2 -mfma -mf16c`, the same transcript. That is the difference
 * between a companion that answers and one that does not, so the install rebuilds the addon
 * with the vector extensions the CPU has.
 *
 * This module decides the flags (a pure function, tested) and, run as a script, rebuilds the
 * addon with them. `LUMIO_WHISPER_PORTABLE=1` turns it off (builds meant to run on other CPUs).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PATCH_VERSION, patchWhisperSource } from './whisper-patch.js';

export interface CpuFlagsInput {
  platform: NodeJS.Platform;
  arch: string;
  /** Linux: the flags line of /proc/cpuinfo; macOS: sysctl's machdep.cpu feature lists; Windows: from kernel32. */
  cpuFeatures: string;
  portable: boolean;
}

/** What to hand the compiler: gcc/clang read CFLAGS/CXXFLAGS through node-gyp's Makefile; MSVC reads `CL`. */
export interface CompilerEnv {
  CFLAGS?: string;
  CXXFLAGS?: string;
  CL?: string;
}

/**
 * The x86-64-v3 core that ggml's fast paths use (AVX2 + FMA + F16C), only when the CPU has all
 * three: a binary built with them dies with SIGILL on a CPU without them. ARM64 needs nothing
 * (NEON is always on), and anything else keeps the portable build.
 */
export function whisperCompilerEnv(input: CpuFlagsInput): CompilerEnv {
  if (input.portable || input.arch !== 'x64') return {};
  const words = new Set(input.cpuFeatures.toLowerCase().split(/[\s,]+/));
  if (!['avx2', 'fma', 'f16c'].every((name) => words.has(name))) return {};
  if (input.platform === 'win32') return { CL: '/arch:AVX2' };
  const flags = '-mavx2 -mfma -mf16c';
  return { CFLAGS: flags, CXXFLAGS: flags };
}

function readCpuFeatures(): string {
  if (process.platform === 'linux') {
    try {
      return (
        fs
          .readFileSync('/proc/cpuinfo', 'utf8')
          .split('\n')
          .find((l) => l.startsWith('flags')) ?? ''
      );
    } catch {
      return '';
    }
  }
  if (process.platform === 'darwin') {
    const r = spawnSync('sysctl', ['-n', 'machdep.cpu.features', 'machdep.cpu.leaf7_features'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : '';
  }
  if (process.platform === 'win32') {
    // Windows has no feature list to read, but kernel32 answers IsProcessorFeaturePresent
    // (PF_AVX2_INSTRUCTIONS_AVAILABLE = 40, winnt.h). Every CPU with AVX2 also has FMA and F16C.
    // Not run on this project's Linux build machine.
    const script =
      'Add-Type -Namespace Lumio -Name Cpu -MemberDefinition \'[DllImport("kernel32.dll")] public static extern bool IsProcessorFeaturePresent(uint f);\'; [Lumio.Cpu]::IsProcessorFeaturePresent(40)';
    const r = spawnSync('powershell', ['-NoProfile', '-Command', script], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.trim() === 'True' ? 'avx2 fma f16c' : '';
  }
  return '';
}

export function compilerEnvForThisMachine(env: NodeJS.ProcessEnv = process.env): CompilerEnv {
  return whisperCompilerEnv({
    platform: process.platform,
    arch: process.arch,
    cpuFeatures: readCpuFeatures(),
    portable: env.LUMIO_WHISPER_PORTABLE === '1',
  });
}

/** The marker the rebuild leaves beside the addon, so a second install does not compile again. */
export function markerPath(whisperDir: string): string {
  return path.join(whisperDir, 'build', 'lumio-cpu-flags.json');
}

/** What the marker records: the compiler flags and the version of Lumio's whisper.cpp patch (null: not applied). */
export interface BuildMarker {
  env: CompilerEnv;
  patch: number | null;
}

export function readBuildMarker(whisperDir: string): BuildMarker | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(markerPath(whisperDir), 'utf8')) as Partial<BuildMarker>;
    return parsed && typeof parsed === 'object' && 'env' in parsed ? { env: parsed.env ?? {}, patch: parsed.patch ?? null } : null;
  } catch {
    return null;
  }
}

/** Applies whisper-patch.ts to the sources smart-whisper compiles; returns the patch version now in them. */
function patchSources(whisperDir: string): number | null {
  const file = path.join(whisperDir, 'whisper.cpp', 'src', 'whisper.cpp');
  if (!fs.existsSync(file)) return null;
  const result = patchWhisperSource(fs.readFileSync(file, 'utf8'));
  if (result.state === 'unsupported') {
    console.warn("smart-whisper: its whisper.cpp differs from the one Lumio patches; language detection stays whisper's own.");
    return null;
  }
  if (result.state === 'applied') fs.writeFileSync(file, result.text);
  return PATCH_VERSION;
}

function rebuild(): number {
  const require = createRequire(import.meta.url);
  const whisperDir = path.dirname(require.resolve('smart-whisper/package.json'));
  const wanted: BuildMarker = { env: compilerEnvForThisMachine(), patch: patchSources(whisperDir) };
  const already = readBuildMarker(whisperDir);
  if (Object.keys(wanted.env).length === 0 && wanted.patch === null) {
    console.log('smart-whisper: no CPU-specific flags for this machine and nothing to patch; keeping the portable build.');
    return 0;
  }
  if (already && JSON.stringify(already) === JSON.stringify(wanted)) {
    console.log(`smart-whisper: already built with ${JSON.stringify(wanted)}.`);
    return 0;
  }
  // npm tells scripts where its node-gyp is; outside npm, the copy npm ships beside itself.
  const nodeGyp =
    process.env.npm_config_node_gyp ??
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const addon = path.join(whisperDir, 'build', 'Release', 'smart-whisper.node');
  const backup = `${addon}.portable`;
  if (fs.existsSync(addon)) fs.copyFileSync(addon, backup);
  console.log(`smart-whisper: rebuilding whisper.cpp with ${JSON.stringify(wanted)} (about a minute)…`);
  const t0 = Date.now();
  const env = { ...process.env };
  for (const [k, v] of Object.entries(wanted.env)) env[k] = [process.env[k], v].filter(Boolean).join(' ');
  const r = spawnSync(process.execPath, [nodeGyp, 'rebuild'], { cwd: whisperDir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 || !fs.existsSync(addon)) {
    console.warn(`${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
    // A failed rebuild must not leave the app without speech recognition: put the portable one back.
    if (fs.existsSync(backup)) {
      fs.mkdirSync(path.dirname(addon), { recursive: true });
      fs.copyFileSync(backup, addon);
    }
    console.warn('smart-whisper: the tuned rebuild failed; keeping the portable (slower) build.');
    return 0;
  }
  fs.rmSync(backup, { force: true });
  fs.writeFileSync(markerPath(whisperDir), JSON.stringify(wanted));
  console.log(`smart-whisper: rebuilt in ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
  return 0;
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--print-env')) {
    // For shell scripts (start.sh) that rebuild native modules for Electron and must keep the flags.
    for (const [k, v] of Object.entries(compilerEnvForThisMachine())) console.log(`export ${k}="${v}"`);
  } else {
    process.exitCode = rebuild();
  }
}
