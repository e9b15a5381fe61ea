import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LumioError } from '../../shared/errors.js';
import type { HostToWorker, WorkerChannel, WorkerToHost } from './protocol.js';
import { tsxLoaderUrl } from './node-channel.js';
import { EngineSupervisor, describeExit } from './supervisor.js';

function spawnTestWorker(): WorkerChannel {
  const entry = fileURLToPath(new URL('./supervisor.test-worker.ts', import.meta.url));
  // Core dumps would only litter the disk; the crash itself is what we test.
  const child = fork(entry, [], { serialization: 'advanced', execArgv: ['--import', tsxLoaderUrl()], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const exits: Array<(c: number | null, s: string | null) => void> = [];
  let exited: [number | null, string | null] | null = null;
  child.on('exit', (c, s) => {
    exited = [c, s];
    for (const l of exits) l(c, s);
  });
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: (m: HostToWorker) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l: (m: WorkerToHost) => void) => child.on('message', (m) => l(m as WorkerToHost)),
    onExit: (l) => (exited ? l(exited[0], exited[1]) : exits.push(l)),
    kill: () => child.kill('SIGKILL'),
  };
}

const config = { models: { stt: null, llm: null, vad: null, voices: [] } };

describe('EngineSupervisor', () => {
  it('answers requests through a live worker', async () => {
    const supervisor = new EngineSupervisor({ spawn: spawnTestWorker });
    supervisor.configure(config);
    const t = await supervisor.transcribe(new Float32Array(1600), 'auto');
    expect(t.text).toBe('echo 1600');
    await supervisor.stop();
    expect(supervisor.status.state).toBe('stopped');
  });

  it('turns a segfault while loading into ENGINE_CRASHED that names the stage, then restarts', async () => {
    const supervisor = new EngineSupervisor({ spawn: spawnTestWorker });
    supervisor.configure(config);
    await supervisor.start();
    const firstPid = (supervisor as unknown as { channel: WorkerChannel }).channel.pid;
    const crashes: string[] = [];
    supervisor.on('crash', (m: string) => crashes.push(m));

    const error = await supervisor.warmup().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LumioError);
    expect((error as LumioError).code).toBe('ENGINE_CRASHED');
    expect((error as LumioError).message).toContain('loading the speech recognition model');
    expect((error as LumioError).message).toContain('broken-model');
    expect((error as LumioError).message).toContain('segmentation fault');
    expect(crashes).toHaveLength(1);

    // A new worker serves the next request.
    const t = await supervisor.transcribe(new Float32Array(320), 'en');
    expect(t.text).toBe('echo 320');
    const secondPid = (supervisor as unknown as { channel: WorkerChannel }).channel.pid;
    expect(secondPid).not.toBe(firstPid);
    expect(supervisor.status.restarts).toBe(1);
    await supervisor.stop();
  });

  it('reports an abort (sherpa-onnx style) and stops restarting on its own after repeated crashes', async () => {
    const supervisor = new EngineSupervisor({ spawn: spawnTestWorker, maxCrashesInWindow: 2 });
    supervisor.configure(config);
    const first = await supervisor.say('hi', 'en', 'female').catch((e: LumioError) => e);
    expect((first as LumioError).code).toBe('ENGINE_CRASHED');
    expect((first as LumioError).message).toContain('aborted');
    const second = await supervisor.say('hi', 'en', 'female').catch((e: LumioError) => e);
    expect((second as LumioError).code).toBe('ENGINE_CRASHED');
    // Two crashes inside the window: no automatic restart…
    await new Promise((r) => setTimeout(r, 300));
    expect(supervisor.status.state).toBe('crashed');
    // …but the next request still gets a fresh worker.
    const t = await supervisor.transcribe(new Float32Array(16), 'en');
    expect(t.text).toBe('echo 16');
    await supervisor.stop();
  });

  it('describes exits in plain words', () => {
    expect(describeExit(null, 'SIGSEGV')).toContain('segmentation fault');
    expect(describeExit(134, null)).toContain('aborted');
    expect(describeExit(null, 'SIGKILL')).toContain('memory');
    expect(describeExit(3, null)).toContain('code 3');
  });
});
