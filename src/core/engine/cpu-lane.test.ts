import { describe, expect, it } from 'vitest';
import { CpuLane } from './cpu-lane.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CpuLane', () => {
  it('runs one job at a time, speech before waiting prefill, equals in order', async () => {
    const lane = new CpuLane();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await tick(5);
      running--;
      return name;
    };
    const done = Promise.all([
      lane.run('prefill', job('prefill-1')),
      lane.run('prefill', job('prefill-2')),
      lane.run('speech', job('speech-1')),
      lane.run('speech', job('speech-2')),
    ]);
    expect(await done).toEqual(['prefill-1', 'prefill-2', 'speech-1', 'speech-2']);
    expect(most).toBe(1);
    // prefill-1 had already started; the speech jobs overtook prefill-2.
    expect(log).toEqual(['start prefill-1', 'start speech-1', 'start speech-2', 'start prefill-2']);
    expect(lane.idle).toBe(true);
  });

  it('a failing job rejects its caller and frees the lane', async () => {
    const lane = new CpuLane();
    await expect(lane.run('speech', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lane.run('prefill', async () => 42)).resolves.toBe(42);
  });
});
