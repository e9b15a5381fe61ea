import { EventEmitter } from 'node:events';
import type { LumioErrorPayload } from '../../shared/errors.js';
import { LumioError, toLumioError } from '../../shared/errors.js';
import type { DownloadProgressEvent } from '../../shared/ipc.js';
import type { Catalog, CatalogEntry } from '../../shared/models.js';
import { findCatalogEntry } from './catalog.js';
import { discardPartialDownload, downloadModel, type FetchLike } from './download.js';

export type DownloadJobState = 'queued' | 'downloading' | 'verifying' | 'paused' | 'failed';

interface Job {
  entry: CatalogEntry;
  state: DownloadJobState;
  receivedBytes: number;
  totalBytes: number | null;
  controller: AbortController | null;
  /** Why the job was stopped: pause keeps the .part file, cancel removes it. */
  stopReason: 'pause' | 'cancel' | null;
  error?: LumioErrorPayload;
}

/**
 * Downloads catalog models one at a time (a second parallel download would only share the
 * same bandwidth and double the chance of a half-written disk), with pause, resume and cancel.
 * Emits 'progress' (DownloadProgressEvent), 'installed' (model id) and 'log' (a line: which source
 * was skipped and why, which one was installed).
 */
export class DownloadManager extends EventEmitter {
  private readonly jobs = new Map<string, Job>();
  private running: Promise<void> | null = null;
  private active: { job: Job; run: Promise<void> } | null = null;

  constructor(
    private readonly catalog: Catalog,
    private modelsDir: string,
    private readonly fetchImpl?: FetchLike,
  ) {
    super();
  }

  /** True while a download is queued, running or being checked. */
  get busy(): boolean {
    return [...this.jobs.values()].some((j) => j.state === 'queued' || j.state === 'downloading' || j.state === 'verifying');
  }

  /**
   * Downloads go to another models folder from now on. Refused while one runs (it would finish in
   * the old folder); paused and failed jobs are forgotten (their partial files stay where they are).
   */
  setModelsDir(dir: string): void {
    if (dir === this.modelsDir) return;
    if (this.busy) {
      throw new LumioError('INVALID_ARGUMENT', 'A model is still downloading into the current models folder.', {
        params: { reason: 'models-dir-busy' },
        hint: 'Pause or cancel the download, then change the folder.',
      });
    }
    this.jobs.clear();
    this.modelsDir = dir;
  }

  status(id: string): Pick<Job, 'state' | 'receivedBytes' | 'totalBytes' | 'error'> | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    return { state: job.state, receivedBytes: job.receivedBytes, totalBytes: job.totalBytes, ...(job.error ? { error: job.error } : {}) };
  }

  /** Queues downloads (a paused one resumes where it stopped). */
  start(ids: string[]): void {
    for (const id of ids) {
      const entry = findCatalogEntry(this.catalog, id);
      if (!entry) throw new LumioError('NOT_FOUND', `There is no model "${id}" in the catalog.`);
      const job = this.jobs.get(id);
      if (job && (job.state === 'downloading' || job.state === 'verifying' || job.state === 'queued')) continue;
      this.jobs.set(id, {
        entry,
        state: 'queued',
        receivedBytes: job?.receivedBytes ?? 0,
        totalBytes: job?.totalBytes ?? null,
        controller: null,
        stopReason: null,
      });
    }
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
  }

  pause(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.stopReason = 'pause';
    if (job.controller) job.controller.abort();
    else if (job.state === 'queued') this.report(job, 'paused');
  }

  async cancel(id: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job) {
      job.stopReason = 'cancel';
      job.controller?.abort();
      // Waits for this job's own run to stop (its partial file is then closed), not for the whole
      // queue: cancelling one model must not wait for every other download to finish.
      if (this.active?.job === job) await this.active.run;
    }
    // Out of the queue before the partial file goes, so the next drain step cannot pick it up.
    if (this.jobs.get(id) === job) this.jobs.delete(id);
    const entry = job?.entry ?? findCatalogEntry(this.catalog, id);
    if (entry) await discardPartialDownload(this.modelsDir, entry);
    this.emitProgress({ type: 'models.progress', id, receivedBytes: 0, totalBytes: null, state: 'cancelled' });
  }

  /** Waits until nothing is downloading. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const job = [...this.jobs.values()].find((j) => j.state === 'queued');
      if (!job) return;
      const run = this.run(job);
      this.active = { job, run };
      try {
        await run;
      } finally {
        this.active = null;
      }
    }
  }

  private async run(job: Job): Promise<void> {
    job.controller = new AbortController();
    job.stopReason = null;
    this.report(job, 'downloading');
    try {
      await downloadModel(job.entry, {
        modelsDir: this.modelsDir,
        signal: job.controller.signal,
        ...(this.fetchImpl ? { fetchImpl: this.fetchImpl } : {}),
        onLog: (line) => this.emit('log', line),
        onProgress: (p) => {
          job.receivedBytes = p.receivedBytes;
          job.totalBytes = p.totalBytes;
          job.state = p.state === 'installed' ? job.state : p.state;
          if (p.state !== 'installed') this.report(job, p.state);
        },
      });
      this.jobs.delete(job.entry.id);
      this.emitProgress({
        type: 'models.progress',
        id: job.entry.id,
        receivedBytes: job.receivedBytes,
        totalBytes: job.totalBytes,
        state: 'installed',
      });
      this.emit('installed', job.entry.id);
    } catch (e) {
      job.controller = null;
      if (job.stopReason === 'pause') {
        this.report(job, 'paused');
      } else if (job.stopReason === 'cancel') {
        // cancel() reports it once the partial file is gone.
      } else {
        job.error = toLumioError(e, 'DOWNLOAD_FAILED').toPayload();
        this.report(job, 'failed');
      }
    } finally {
      job.controller = null;
    }
  }

  private report(job: Job, state: 'downloading' | 'verifying' | 'paused' | 'failed'): void {
    job.state = state;
    this.emitProgress({
      type: 'models.progress',
      id: job.entry.id,
      receivedBytes: job.receivedBytes,
      totalBytes: job.totalBytes,
      state,
      ...(state === 'failed' && job.error ? { error: job.error } : {}),
    });
  }

  private emitProgress(event: DownloadProgressEvent): void {
    this.emit('progress', event);
  }
}
