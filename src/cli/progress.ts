/**
 * One status line on stderr for anything that takes more than a moment (model loading,
 * transcription, downloads). On a terminal it rewrites itself; in a pipe or CI log it prints
 * each new state once, so logs stay readable.
 */
export class Progress {
  private current = '';
  private readonly tty: boolean;
  private readonly started = performance.now();

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.tty = stream.isTTY === true;
  }

  update(text: string): void {
    if (text === this.current) return;
    this.current = text;
    const elapsed = ((performance.now() - this.started) / 1000).toFixed(1);
    if (this.tty) this.stream.write(`\r\x1b[2K… ${text} (${elapsed} s)`);
    else this.stream.write(`… ${text}\n`);
  }

  /** A permanent line, printed above the status line. */
  line(text: string): void {
    if (this.tty && this.current) this.stream.write('\r\x1b[2K');
    this.stream.write(`${text}\n`);
    if (this.tty && this.current) this.update(this.current);
  }

  done(): void {
    if (this.tty && this.current) this.stream.write('\r\x1b[2K');
    this.current = '';
  }
}
