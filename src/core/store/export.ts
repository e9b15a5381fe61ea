import fs from 'node:fs';
import { type Language, type Mood } from '../../shared/domain.js';
import { LumioError } from '../../shared/errors.js';
import { writeFileAtomic, type WriteOps } from '../atomic-write.js';
import { guarded } from './db.js';
import { LumioExportSchema, type LumioExport } from './export-schema.js';
import type { LumioStore } from './history.js';

export { ExportedConversationSchema, LumioExportSchema, type ExportedConversation, type LumioExport } from './export-schema.js';

export interface ExportResult {
  path: string;
  bytes: number;
  turns: number;
}

export interface ExportOptions {
  /** One conversation (with its summary and the facts told in it) instead of everything. */
  conversationId?: string;
  /** For tests: inject file-system failures. */
  ops?: WriteOps;
}

export function buildExport(store: LumioStore, o: { conversationId?: string } = {}): LumioExport {
  // A damaged file is read row range by row range (salvage.ts): what is readable, not all or nothing.
  if (store.health.state === 'damaged') return salvagedExport(store, o);
  return guarded(store.file, () =>
    store.db
      .transaction(() => {
        // One read transaction: a turn saved meanwhile is either wholly in the export or not at all.
        const conversations =
          o.conversationId === undefined ? store.listConversations({ limit: 10_000_000 }).reverse() : [store.getConversation(o.conversationId)];
        if (conversations[0] === null) throw new LumioError('NOT_FOUND', `No conversation ${o.conversationId}.`);
        const facts = store.listFacts().filter((f) => o.conversationId === undefined || f.conversationId === o.conversationId);
        return {
          format: 'lumio-history' as const,
          version: 1 as const,
          exportedAt: new Date().toISOString(),
          conversations: conversations.map((c) => ({
            id: c!.id,
            title: c!.title,
            startedAt: c!.startedAt,
            updatedAt: c!.updatedAt,
            turns: store.getTurns(c!.id),
            summary: store.getSummary(c!.id),
          })),
          memoryFacts: facts,
          ...(o.conversationId === undefined ? { settings: store.getSettings() } : {}),
        };
      })
      .deferred(),
  );
}

function salvagedExport(store: LumioStore, o: { conversationId?: string }): LumioExport {
  const all = store.salvage().data;
  if (o.conversationId === undefined) return { ...all, exportedAt: new Date().toISOString() };
  const conversations = all.conversations.filter((c) => c.id === o.conversationId);
  if (conversations.length === 0) throw new LumioError('NOT_FOUND', `No conversation ${o.conversationId}.`);
  return {
    ...all,
    exportedAt: new Date().toISOString(),
    conversations,
    memoryFacts: all.memoryFacts.filter((f) => f.conversationId === o.conversationId),
    settings: undefined,
  };
}

const countTurns = (e: LumioExport): number => e.conversations.reduce((n, c) => n + c.turns.length, 0);

export function exportJson(store: LumioStore, target: string, o: ExportOptions = {}): ExportResult {
  const data = buildExport(store, o);
  return { ...writeFileAtomic(target, JSON.stringify(data, null, 2) + '\n', o.ops), turns: countTurns(data) };
}

export function exportMarkdown(store: LumioStore, target: string, o: ExportOptions & MarkdownOptions = {}): ExportResult {
  const data = buildExport(store, o);
  return { ...writeFileAtomic(target, renderMarkdown(data, o), o.ops), turns: countTurns(data) };
}

/** One entry point for the host: JSON or Markdown, everything or one conversation. */
export function exportHistory(store: LumioStore, o: { format: 'json' | 'md'; file: string } & ExportOptions & MarkdownOptions): ExportResult {
  return o.format === 'json' ? exportJson(store, o.file, o) : exportMarkdown(store, o.file, o);
}

export interface ImportResult {
  conversations: number;
  turns: number;
  facts: number;
  summaries: number;
}

/**
 * Merges an export into the store: rows whose id already exists are kept as they are (so importing
 * the same file twice adds nothing); a summary is replaced only by a newer one. Settings in the
 * file are not applied. All or nothing: one transaction.
 */
/** An export's text (what the person picked in the app, or the CLI read) merged into the store. */
export function importJsonText(store: LumioStore, text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new LumioError('INVALID_ARGUMENT', `Not a Lumio JSON export (${e instanceof Error ? e.message : String(e)}).`, {
      cause: e,
      params: { reason: 'not-an-export' },
    });
  }
  return importExport(store, raw);
}

export function importJson(store: LumioStore, file: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
    if (code === 'ENOENT') throw new LumioError('NOT_FOUND', `There is no file at ${file}.`, { cause: e });
    throw new LumioError('INVALID_ARGUMENT', `${file} is not a Lumio JSON export (${e instanceof Error ? e.message : String(e)}).`, { cause: e });
  }
  return importExport(store, raw);
}

export function importExport(store: LumioStore, raw: unknown): ImportResult {
  const parsed = LumioExportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new LumioError('INVALID_ARGUMENT', `Not a Lumio history export: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}.`, {
      params: { reason: 'not-an-export' },
    });
  }
  const data = parsed.data;
  const db = store.db;
  return guarded(store.file, () =>
    db
      .transaction(() => {
        const r: ImportResult = { conversations: 0, turns: 0, facts: 0, summaries: 0 };
        const exists = db.prepare('SELECT 1 FROM conversations WHERE id = ?');
        const upsertConversation = db.prepare(
          `INSERT INTO conversations(id, title, started_at, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET started_at = min(started_at, excluded.started_at),
             updated_at = max(updated_at, excluded.updated_at), title = coalesce(title, excluded.title)`,
        );
        const insertTurn = db.prepare(
          `INSERT INTO turns(id, conversation_id, created_at, user_text, reply_text, language, tone, voice, mood, timings, interrupted, crisis)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`,
        );
        const upsertSummary = db.prepare(
          `INSERT INTO memory_summaries(id, conversation_id, text, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(conversation_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at
             WHERE excluded.updated_at > memory_summaries.updated_at
           ON CONFLICT DO NOTHING`,
        );
        const insertFact = db.prepare(
          `INSERT INTO memory_facts(id, text, created_at, conversation_id)
           VALUES (?, ?, ?, (SELECT id FROM conversations WHERE id = ?)) ON CONFLICT(id) DO NOTHING`,
        );
        for (const c of data.conversations) {
          if (!exists.get(c.id)) r.conversations++;
          upsertConversation.run(c.id, c.title.trim() ? c.title : null, c.startedAt, c.updatedAt);
          for (const t of c.turns) {
            r.turns += insertTurn.run(
              t.id,
              c.id,
              t.createdAt,
              t.userText,
              t.replyText,
              t.language,
              t.tone,
              t.voice,
              t.mood === null ? null : JSON.stringify(t.mood),
              JSON.stringify(t.timings),
              t.interrupted ? 1 : 0,
              t.crisis ? 1 : 0,
            ).changes;
          }
          if (c.summary) r.summaries += upsertSummary.run(c.summary.id, c.id, c.summary.text, c.summary.updatedAt).changes;
        }
        for (const f of data.memoryFacts) r.facts += insertFact.run(f.id, f.text, f.createdAt, f.conversationId).changes;
        return r;
      })
      .immediate(),
  );
}

// ── Markdown ──────────────────────────────────────────────────────────────────────────────

export interface MarkdownOptions {
  /** Language of the headings and mood words. Default 'en'. */
  language?: Language;
  /** IANA zone for dates and times. Default: this machine's zone. */
  timeZone?: string;
}

const WORDS = {
  en: {
    title: 'Lumio — conversation history',
    exported: 'Exported',
    conversations: 'conversations',
    turns: 'turns',
    untitled: 'Conversation',
    started: 'Started',
    summary: 'What Lumio remembers from this conversation',
    facts: 'What Lumio remembers about you',
    you: 'You',
    lumio: 'Lumio',
    stopped: '(stopped early)',
    crisis: '(support information was shown)',
    seemed: 'You seemed',
    voice: 'your voice sounded',
    mood: { anger: 'upset', disgust: 'put off', fear: 'worried', joy: 'cheerful', sadness: 'a little down', surprise: 'surprised', neutral: 'calm' },
  },
  ru: {
    title: 'Lumio — история разговоров',
    exported: 'Экспорт',
    conversations: 'разговоров',
    turns: 'реплик',
    untitled: 'Разговор',
    started: 'Начат',
    summary: 'Что Lumio запомнил из этого разговора',
    facts: 'Что Lumio помнит о вас',
    you: 'Вы',
    lumio: 'Lumio',
    stopped: '(прервано)',
    crisis: '(показана информация о помощи)',
    seemed: 'Казалось, вы',
    voice: 'голос звучал',
    mood: {
      anger: 'расстроены',
      disgust: 'недовольны',
      fear: 'встревожены',
      joy: 'в хорошем настроении',
      sadness: 'немного грустите',
      surprise: 'удивлены',
      neutral: 'спокойны',
    },
  },
} as const;

/**
 * A readable export: one section per conversation, turns grouped by day, mood as a quiet
 * italic line ("You seemed a little down") rather than a label with a score.
 */
export function renderMarkdown(data: LumioExport, o: MarkdownOptions = {}): string {
  const w = WORDS[o.language ?? 'en'];
  const fmt = dateFormatter(o.timeZone);
  const out: string[] = [];
  const total = countTurns(data);
  out.push(
    `# ${w.title}`,
    '',
    `*${w.exported} ${fmt(data.exportedAt).date} ${fmt(data.exportedAt).time} · ${data.conversations.length} ${w.conversations} · ${total} ${w.turns}*`,
    '',
  );

  for (const c of data.conversations) {
    const started = fmt(c.startedAt);
    out.push('---', '', `## ${escapeInline(c.title.trim() || `${w.untitled} ${started.date}`)}`, '', `*${w.started} ${started.date} ${started.time}*`, '');
    if (c.summary) out.push(`> **${w.summary}:** ${escapeInline(c.summary.text)}`, '');
    let day = '';
    for (const t of c.turns) {
      const at = fmt(t.createdAt);
      if (at.date !== day) {
        day = at.date;
        out.push(`### ${day}`, '');
      }
      if (t.userText.trim()) out.push(`**${w.you}** · ${at.time}`, '', escapeBlock(t.userText), '');
      const mood = moodLine(t.mood, w);
      if (mood) out.push(`*${mood}*`, '');
      const notes = [t.interrupted ? w.stopped : '', t.crisis ? w.crisis : ''].filter(Boolean).join(' ');
      if (t.replyText.trim() || notes)
        out.push(`**${w.lumio}** · ${at.time}`, '', [escapeBlock(t.replyText), notes ? `*${notes}*` : ''].filter(Boolean).join('\n\n'), '');
    }
  }
  if (data.memoryFacts.length > 0) {
    out.push('---', '', `## ${w.facts}`, '');
    for (const f of data.memoryFacts) out.push(`- ${escapeInline(f.text)}`);
    out.push('');
  }
  return out.join('\n');
}

function moodLine(mood: Mood | null, w: (typeof WORDS)[keyof typeof WORDS]): string | null {
  if (!mood) return null;
  const parts: string[] = [];
  // A low-confidence or neutral reading says nothing worth writing down.
  if (mood.label !== 'neutral' && mood.confidence >= 0.4) parts.push(`${w.seemed} ${w.mood[mood.label]}`);
  if (mood.voice?.summary) parts.push(`${parts.length ? w.voice : w.voice[0]!.toUpperCase() + w.voice.slice(1)} ${escapeInline(mood.voice.summary)}`);
  return parts.length ? parts.join('; ') : null;
}

/** Keeps the person's words as words: no accidental headings, lists, quotes, HTML or emphasis. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ');
}

function escapeBlock(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/^(\s*)([#>+-]|\d+[.)])/, '$1\\$2'))
    .join('  \n');
}

function dateFormatter(timeZone: string | undefined): (iso: string) => { date: string; time: string } {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return { date: iso, time: '' };
    const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  };
}
