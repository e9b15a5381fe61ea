import path from 'node:path';
import { LumioError } from '../../shared/errors.js';
import type { CommandName, CommandResponse, StorageStatus } from '../../shared/ipc.js';
import type { TurnCoordinator } from '../host/turn-coordinator.js';
import { exportHistory, importJsonText, type ExportResult } from '../store/export.js';
import type { LumioStore } from '../store/history.js';
import { startFreshHistory } from '../store/recover.js';
import type { ModelsHost } from './models-host.js';
import type { ParsedRequest } from './requests.js';

export type Handlers = { [C in CommandName]: (request: ParsedRequest<C>) => Promise<CommandResponse<C>> };

export interface CommandContext {
  store: LumioStore;
  models: ModelsHost;
  turns: TurnCoordinator;
  exportDir: string;
  storageStatus: () => StorageStatus;
}

const gone = (): LumioError => new LumioError('NOT_FOUND', 'That conversation no longer exists.', { params: { reason: 'conversation-gone' } });

/** history.export into `file`, the whole history or one conversation. */
export function exportFile(store: LumioStore, file: string, r: { format: 'json' | 'md'; conversationId?: string | undefined }): ExportResult {
  if (r.conversationId && !store.getConversation(r.conversationId)) throw gone();
  return exportHistory(store, { format: r.format, file, ...(r.conversationId ? { conversationId: r.conversationId } : {}) });
}

/** What each command of the contract does, on requests already parsed with its schema. */
export function commandHandlers(c: CommandContext): Handlers {
  const { store, models, turns } = c;
  /** A turn needs a history it can write and every model role; a turn in progress is no obstacle (a new press stops it). */
  const assertReadyForTurn = async (): Promise<void> => {
    store.assertWritable();
    await models.assertReady();
  };
  const done = { ok: true as const };
  return {
    'settings.get': async () => store.getSettings(),
    'settings.set': async (patch) => {
      models.checkPatch(patch);
      const before = store.getSettings();
      const after = store.patchSettings(patch);
      await models.applySettings(before, after);
      return after;
    },
    'history.list': async (r) => store.listConversations(r.before === undefined ? { limit: r.limit } : { limit: r.limit, before: r.before }),
    'history.get': async (r) => {
      if (!store.getConversation(r.conversationId)) throw gone();
      return store.getTurns(r.conversationId);
    },
    'history.search': async (r) => store.searchTurns(r.query, r.limit),
    'history.export': async (r) => {
      const name = `lumio-${r.conversationId ? 'conversation' : 'history'}-${new Date().toISOString().slice(0, 10)}.${r.format}`;
      return exportFile(store, path.join(c.exportDir, name), r);
    },
    'history.import': async (r) => {
      store.assertWritable();
      return importJsonText(store, r.text);
    },
    'history.delete': async (r) => {
      store.deleteConversation(r.conversationId);
      return done;
    },
    'history.wipe': async () => {
      store.wipeAll();
      return done;
    },
    'memory.list': async () => ({ enabled: store.getSettings().memoryEnabled, facts: store.listFacts(), summaries: store.listSummaries() }),
    'memory.delete': async (r) => {
      if (r.kind === 'fact') store.deleteFact(r.id);
      else store.deleteSummary(r.id);
      return done;
    },
    'models.list': async () => models.overview(),
    'models.download': async (r) => {
      models.downloads.start(r.ids);
      return done;
    },
    'models.pause': async (r) => {
      models.downloads.pause(r.id);
      return done;
    },
    'models.cancel': async (r) => {
      await models.downloads.cancel(r.id);
      return done;
    },
    'engine.status': async () => models.engineStatus(),
    'turn.begin': async (r) => {
      await assertReadyForTurn();
      return turns.begin(r.turnId, r.sampleRate, r.options);
    },
    'turn.audio': async (r) => {
      turns.audio(r.turnId, r.seq, r.pcm);
      return done;
    },
    'turn.end': async (r) => {
      turns.end(r.turnId);
      return done;
    },
    'turn.cancel': async (r) => {
      turns.cancel(r.turnId);
      return done;
    },
    'turn.text': async (r) => {
      await assertReadyForTurn();
      return turns.text(r.turnId, r.text, r.options);
    },
    'turn.draft': async (r) => {
      // Only a head start for the chat model: with a model missing or damaged, or a history that cannot
      // be written, there is nothing to read into, and nothing to tell the person.
      const ready = await assertReadyForTurn().then(
        () => true,
        () => false,
      );
      if (ready) turns.draft(r.text, r.options);
      return done;
    },
    'turn.abort': async (r) => {
      turns.abort(r.turnId, r.spokenChars);
      return done;
    },
    'storage.status': async () => c.storageStatus(),
    'storage.recover': async () => {
      // A turn being saved finishes first (none can start while the history is damaged).
      await turns.idle();
      return startFreshHistory(store);
    },
  };
}
