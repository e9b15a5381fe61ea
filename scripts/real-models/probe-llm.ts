/** Child process: loads a GGUF with node-llama-cpp and times a short EN and RU chat reply. */
import { getLlama, LlamaChatSession } from 'node-llama-cpp';

const modelPath = process.argv[2];
if (!modelPath) throw new Error('usage: probe-llm.ts <model.gguf>');

const t0 = performance.now();
const llama = await getLlama({ gpu: false, build: 'never' });
const model = await llama.loadModel({ modelPath });
const loadMs = performance.now() - t0;
// One thread by default: llama.cpp's worker threads spin-wait, and on a busy 2-core machine two of
// them were measured ~300x slower than one (20 s per token vs 15 tokens/s). LUMIO_LLM_THREADS overrides.
const threads = Number(process.env.LUMIO_LLM_THREADS ?? 1);
const context = await model.createContext({ contextSize: 1024, threads, sequences: 2 });

let chatWrapper = '';
async function ask(prompt: string) {
  // A fresh sequence per question so the RU answer is not conditioned on the EN one.
  const sequence = context.getSequence();
  const session = new LlamaChatSession({ contextSequence: sequence });
  chatWrapper = session.chatWrapper.wrapperName;
  const start = performance.now();
  let first = 0;
  let tokens = 0;
  const text = await session.prompt(prompt, {
    maxTokens: 48,
    temperature: 0,
    onToken(t) {
      if (tokens === 0) first = performance.now();
      tokens += t.length;
    },
  });
  const end = performance.now();
  session.dispose();
  await sequence.dispose();
  return {
    prompt,
    reply: text.trim(),
    tokens,
    ttftMs: Math.round(first - start),
    tokensPerSecond: tokens > 1 ? Number(((tokens - 1) / ((end - first) / 1000)).toFixed(1)) : null,
  };
}

const en = await ask('Hello! In one sentence, what is the Moon?');
const ru = await ask('Привет! Одним предложением: что такое Луна?');
console.log(
  'RESULT ' +
    JSON.stringify({
      engine: `node-llama-cpp (${llama.gpu === false ? 'cpu' : llama.gpu})`,
      loadMs: Math.round(loadMs),
      threads,
      chatWrapper,
      en,
      ru,
    }),
);
await context.dispose();
await model.dispose();
