import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test-only helpers: real speech from espeak-ng and real files from sox, written to one temp
 * folder that `cleanup()` removes. Nothing here is used by the product.
 */

function has(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const HAVE_ESPEAK = has('espeak-ng');
export const HAVE_SOX = has('sox');

export interface SpeakOptions {
  voice: 'en' | 'ru';
  /** espeak-ng -p (0–99), -s (words per minute), -a (0–200). */
  pitch: number;
  speed: number;
  amplitude: number;
}

export class TempAudioDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'lumio-audio-test-'));
  private n = 0;

  path(name: string): string {
    return join(this.dir, `${this.n++}-${name}`);
  }

  /** espeak-ng speech as written by espeak (22.05 kHz mono 16-bit); returns the file's path. */
  speakToFile(text: string, o: SpeakOptions): string {
    const raw = this.path('espeak.wav');
    execFileSync('espeak-ng', ['-v', o.voice, '-p', String(o.pitch), '-s', String(o.speed), '-a', String(o.amplitude), '-w', raw, text]);
    return raw;
  }

  /** espeak-ng speech, padded with 0.3 s of silence at both ends by sox (as a recording would be). */
  speak(text: string, o: SpeakOptions): Uint8Array {
    const raw = this.speakToFile(text, o);
    const padded = this.path('padded.wav');
    execFileSync('sox', [raw, padded, 'pad', '0.3', '0.3']);
    return readFileSync(padded);
  }

  /** `sox <args>` writing to a fresh file in the temp dir; returns the bytes. */
  sox(name: string, args: (out: string) => string[]): Uint8Array {
    const out = this.path(name);
    execFileSync('sox', args(out));
    return readFileSync(out);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
