/**
 * A stand-in worker process for the supervisor's tests: it speaks the real protocol and then
 * really dies the way native engines kill a process (SIGSEGV, abort), so the supervisor's crash
 * handling is tested against real process deaths, not simulated events.
 */
import type { HostToWorker, WorkerToHost } from './protocol.js';

const send = (m: WorkerToHost) => process.send?.(m);
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const m = raw as HostToWorker;
  switch (m.kind) {
    case 'transcribe':
      send({ kind: 'result', requestId: m.requestId, ok: true, value: { text: `echo ${m.samples.length}`, language: 'en', segments: [] } });
      break;
    case 'warmup':
      send({ kind: 'stage', stage: 'loading-stt', detail: 'broken-model' });
      setTimeout(() => process.kill(process.pid, 'SIGSEGV'), 20);
      break;
    case 'say':
      send({ kind: 'stage', stage: 'loading-voice', detail: 'broken-voice' });
      setTimeout(() => process.abort(), 20);
      break;
    case 'shutdown':
      process.exit(0);
  }
});
send({ kind: 'ready', pid: process.pid });
