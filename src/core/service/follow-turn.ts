import type { LumioService, ServiceEvent } from '../service.js';

/**
 * Every event of one turn, gathered from the moment this is called, and the event that ended it
 * (turn.done or turn.error). For headless drivers of the service: the benchmark and the evaluations.
 * Call it before sending the turn's first command, or its first events are missed.
 */
export function followTurn(service: Pick<LumioService, 'onEvent'>, turnId: string): { events: ServiceEvent[]; finished: Promise<ServiceEvent> } {
  const events: ServiceEvent[] = [];
  const finished = new Promise<ServiceEvent>((resolve) => {
    const off = service.onEvent((e) => {
      if (!('turnId' in e) || e.turnId !== turnId) return;
      events.push(e);
      if (e.type === 'turn.done' || e.type === 'turn.error') {
        off();
        resolve(e);
      }
    });
  });
  return { events, finished };
}
