import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MODEL_MANIFEST_FILE, ModelManifestSchema } from '../../shared/models.js';
import { forkNodeWorker } from '../engine/node-channel.js';
import { LumioService, type ServiceEvent } from '../service.js';

/**
 * Memory that is used, on a real instruct model: a fact told in one conversation is extracted,
 * shown on the Memory screen, and brought up by the model in the next conversation when the
 * person asks about it. Skips (saying why) where no real instruct model has been gathered
 * (`npm run models:real`); the fixture models cannot say anything meaningful.
 */
const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

interface FoundModel {
  dir: string;
  id: string;
  role: string;
  synthetic: boolean;
}

/** The models with a valid manifest in a folder, one per subfolder. */
function modelsIn(root: string): FoundModel[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .flatMap((entry) => {
      const file = path.join(root, entry, MODEL_MANIFEST_FILE);
      if (!fs.existsSync(file)) return [];
      const m = ModelManifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      return m.success ? [{ dir: path.join(root, entry), id: m.data.id, role: m.data.role, synthetic: m.data.synthetic }] : [];
    });
}

function findInstructModel(): FoundModel | null {
  const roots = [process.env.LUMIO_REAL_MODELS_DIR, path.join(REPO_ROOT, '.fixtures', 'real-models')].filter((d): d is string => !!d);
  for (const root of roots) {
    // A base model (no chat template) does not follow a conversation: only instruct models say anything here.
    const found = modelsIn(root).find((m) => m.role === 'llm' && !m.synthetic && /instruct/.test(m.id));
    if (found) return found;
  }
  return null;
}

/**
 * A turn needs every role installed, though a typed one never listens: the instruct model's own
 * folder gives what it has (a real Whisper and voice where gathered), the fixture models the rest.
 */
function modelFolderFor(llm: FoundModel): string {
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-mem-models-'));
  const picked = modelsIn(path.dirname(llm.dir)).filter((m) => m.role !== 'llm');
  const roles = new Set(picked.map((m) => m.role));
  const fixtures = modelsIn(path.join(REPO_ROOT, '.fixtures', 'models')).filter((m) => m.role !== 'llm' && !roles.has(m.role));
  for (const m of [llm, ...picked, ...fixtures]) fs.symlinkSync(m.dir, path.join(models, path.basename(m.dir)), 'dir');
  return models;
}

const instructModel = findInstructModel();
if (!instructModel)
  console.log('[memory test] no real instruct chat model in $LUMIO_REAL_MODELS_DIR or .fixtures/real-models: skipping the cross-conversation memory test');

const temps: string[] = [];
afterAll(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

async function say(service: LumioService, turnId: string, text: string, conversationId?: string) {
  const done = new Promise<Extract<ServiceEvent, { type: 'turn.done' }>>((resolve, reject) => {
    const off = service.onEvent((e) => {
      if (!('turnId' in e) || e.turnId !== turnId) return;
      if (e.type === 'turn.done') {
        off();
        resolve(e);
      } else if (e.type === 'turn.error') {
        off();
        reject(new Error(e.error.message));
      }
    });
  });
  const r = await service.handle('turn.text', { turnId, text, options: conversationId ? { conversationId } : {} });
  if (!r.ok) throw new Error(r.error.message);
  return done;
}

describe('memory across conversations on a real chat model', () => {
  it.skipIf(!instructModel)(
    'brings up a fact from the last conversation when it is relevant',
    async () => {
      const llm = instructModel as FoundModel;
      const models = modelFolderFor(llm);
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-mem-home-'));
      temps.push(models, home);
      const service = await LumioService.open({ home, modelsDir: models, spawnWorker: () => forkNodeWorker() });
      try {
        await service.handle('settings.set', { tone: 'friendly', language: 'en', llmModel: llm.id });
        const first = await say(service, 'mem-1', 'Hi! I have a dog named Biscuit, he is a little corgi.');
        // The Memory screen shows what was learnt, in the person's words (the host learns just after turn.done).
        await new Promise((r) => setTimeout(r, 200));
        const memory = await service.handle('memory.list', {});
        expect(memory.ok && memory.value.facts.map((f) => f.text)).toContain('Has a dog named Biscuit');

        // A new conversation: the fact now comes from memory, not from the conversation in view.
        const second = await say(service, 'mem-2', 'I just got back from the park with my dog. Do you remember his name?');
        expect(second.conversationId).not.toBe(first.conversationId);
        expect(second.replyText).toMatch(/Biscuit/i);
      } finally {
        await service.close();
      }
    },
    300_000,
  );
});
