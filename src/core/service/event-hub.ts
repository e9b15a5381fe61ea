/** One list of listeners for the service's events; a listener that throws stops neither the others nor the turn. */
export class EventHub<E> {
  private readonly listeners = new Set<(event: E) => void>();

  on(listener: (event: E) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not stop the others or the turn.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
