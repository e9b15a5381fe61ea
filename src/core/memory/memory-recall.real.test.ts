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

function findInstructModel(): string | null {
  const roots = [process.env.LUMIO_REAL_MODELS_DIR, path.join(REPO_ROOT, '.fixtures', 'real-models')].filter((d): d is string => !!d);
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root).sort()) {
      const file = path.join(root, entry, MODEL_MANIFEST_FILE);
      if (!fs.existsSync(file)) continue;
      const m = ModelManifestSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      // A base model (no chat template) does not follow a conversation: only instruct models say anything here.
      if (m.success && m.data.role === 'llm' && !m.data.synthetic && /instruct/.test(m.data.id)) return path.join(root, entry);
    }
  }
  return null;
}

const modelDir = findInstructModel();
if (!modelDir)
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
  it.skipIf(!modelDir)(
    'brings up a fact from the last conversation when it is relevant',
    async () => {
      const models = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-mem-models-'));
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lumio-mem-home-'));
      temps.push(models, home);
      fs.symlinkSync(modelDir as string, path.join(models, path.basename(modelDir as string)), 'dir');
      const service = await LumioService.open({ home, modelsDir: models, spawnWorker: () => forkNodeWorker() });
      try {
        await service.handle('settings.set', { tone: 'friendly', language: 'en' });
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
