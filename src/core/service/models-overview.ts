import fs from 'node:fs';
import os from 'node:os';
import type { ModelsOverview } from '../../shared/ipc.js';
import type { Catalog } from '../../shared/models.js';
import type { ResolvedModels } from '../host/engine-models.js';
import type { DownloadManager } from '../models/download-manager.js';

/** The Models screen's whole picture: the catalog with each entry's state, what is installed, and the room left. */
export async function modelsOverview(catalog: Catalog, resolved: ResolvedModels, downloads: DownloadManager, modelsDir: string): Promise<ModelsOverview> {
  const installedIds = new Set(resolved.installed.map((m) => m.manifest.id));
  let freeDiskBytes: number | null = null;
  try {
    const s = await fs.promises.statfs(modelsDir);
    freeDiskBytes = s.bavail * s.bsize;
  } catch {
    // Not every file system reports it.
  }
  const damagedById = new Map(resolved.damaged.map((d) => [d.id, d]));
  return {
    modelsDir,
    catalog: catalog.models.map((entry) => {
      const job = downloads.status(entry.id);
      const files = entry.sources[0]!.files;
      const sizes = files.map((f) => f.sizeBytes);
      const sizeBytes = sizes.every((b) => b !== null) ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
      const damage = damagedById.get(entry.id);
      // A repair in progress shows as a download; until then a damaged model says so.
      const state = job
        ? job.state === 'queued' || job.state === 'verifying'
          ? 'downloading'
          : job.state
        : installedIds.has(entry.id)
          ? 'installed'
          : damage
            ? 'damaged'
            : 'missing';
      return {
        id: entry.id,
        role: entry.role,
        name: entry.name,
        description: entry.description,
        languages: entry.languages,
        ...(entry.gender ? { gender: entry.gender } : {}),
        default: entry.default,
        sizeBytes,
        memoryBytes: entry.memoryBytes ?? null,
        license: entry.license,
        commercialUse: entry.commercialUse,
        ...(entry.licenseNote ? { licenseNote: entry.licenseNote } : {}),
        unverifiedFiles: files.filter((f) => f.sha256 === null).length,
        unpinnedFiles: files.filter((f) => f.revision === null).length,
        sources: entry.sources.length,
        state,
        receivedBytes: job?.receivedBytes ?? 0,
        ...(damage ? { damage } : {}),
        ...(job?.error ? { error: job.error } : {}),
      };
    }),
    installed: resolved.installed.map((m) => ({
      id: m.manifest.id,
      role: m.manifest.role,
      name: m.manifest.name,
      languages: m.manifest.languages,
      ...(m.manifest.gender ? { gender: m.manifest.gender } : {}),
      sizeBytes: m.manifest.sizeBytes,
      synthetic: m.manifest.synthetic,
      catalogId: catalog.models.some((c) => c.id === m.manifest.id) ? m.manifest.id : null,
    })),
    missingRoles: resolved.missingRoles,
    damaged: resolved.damaged,
    freeMemoryBytes: os.freemem(),
    freeDiskBytes,
  };
}
