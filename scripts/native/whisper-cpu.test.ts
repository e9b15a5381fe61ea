import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compilerEnvForThisMachine, markerPath, readBuildMarker, whisperCompilerEnv } from './whisper-cpu.js';
import { PATCH_VERSION } from './whisper-patch.js';

const haswellLinux = 'flags\t\t: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi1 bmi2';

describe('whisperCompilerEnv', () => {
  it('asks gcc/clang for AVX2, FMA and F16C when the CPU has all three', () => {
    expect(whisperCompilerEnv({ platform: 'linux', arch: 'x64', cpuFeatures: haswellLinux, portable: false })).toEqual({
      CFLAGS: '-mavx2 -mfma -mf16c',
      CXXFLAGS: '-mavx2 -mfma -mf16c',
    });
  });

  it('reads macOS sysctl feature names (upper case) and uses CL for MSVC on Windows', () => {
    const mac = 'FPU VME SSE3 FMA F16C AVX1.0\nSMEP ERMS AVX2 BMI2';
    expect(whisperCompilerEnv({ platform: 'darwin', arch: 'x64', cpuFeatures: mac, portable: false }).CFLAGS).toContain('-mavx2');
    expect(whisperCompilerEnv({ platform: 'win32', arch: 'x64', cpuFeatures: 'avx2 fma f16c', portable: false })).toEqual({ CL: '/arch:AVX2' });
  });

  it('keeps the portable build when any feature is missing, on ARM, or when asked to', () => {
    const ivyBridge = 'flags : fpu sse sse2 avx f16c'; // AVX but no AVX2/FMA: the tuned binary would SIGILL here
    expect(whisperCompilerEnv({ platform: 'linux', arch: 'x64', cpuFeatures: ivyBridge, portable: false })).toEqual({});
    expect(whisperCompilerEnv({ platform: 'darwin', arch: 'arm64', cpuFeatures: '', portable: false })).toEqual({});
    expect(whisperCompilerEnv({ platform: 'linux', arch: 'x64', cpuFeatures: haswellLinux, portable: true })).toEqual({});
    // "avx2" must be a whole word: "avx512f" alone does not count as the three.
    expect(whisperCompilerEnv({ platform: 'linux', arch: 'x64', cpuFeatures: 'flags : avx512f fma4', portable: false })).toEqual({});
  });
});

describe('the installed smart-whisper', () => {
  const wanted = compilerEnvForThisMachine({});
  const whisperDir = path.dirname(createRequire(import.meta.url).resolve('smart-whisper/package.json'));

  it.skipIf(Object.keys(wanted).length === 0)('was rebuilt by postinstall with the vector extensions this CPU has', () => {
    // Fails when the postinstall step did not run or failed: STT would then be ~8x slower.
    const marker = markerPath(whisperDir);
    expect(fs.existsSync(marker), `${marker} missing: run \`npx tsx scripts/native/whisper-cpu.ts\``).toBe(true);
    expect(readBuildMarker(whisperDir)?.env).toEqual(wanted);
    expect(fs.existsSync(path.join(whisperDir, 'build', 'Release', 'smart-whisper.node'))).toBe(true);
  });

  it("carries Lumio's language-detection patch (whisper-patch.ts)", () => {
    // Without it, "auto" language costs a full 30 s encoder pass per turn and may answer a third language.
    expect(readBuildMarker(whisperDir)?.patch).toBe(PATCH_VERSION);
    const source = fs.readFileSync(path.join(whisperDir, 'whisper.cpp', 'src', 'whisper.cpp'), 'utf8');
    expect(source).toContain('lumio_allowed_language');
  });
});
