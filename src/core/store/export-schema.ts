import { z } from 'zod';
import { MemoryFactSchema, MemorySummarySchema, SettingsSchema, StoredTurnSchema } from '../../shared/domain.js';

/** The JSON export: everything needed to rebuild the history (and memory) in another Lumio. */
export const ExportedConversationSchema = z.object({
  id: z.string().min(1).max(64),
  title: z.string(),
  startedAt: z.string(),
  updatedAt: z.string(),
  turns: z.array(StoredTurnSchema),
  summary: MemorySummarySchema.nullable(),
});
export type ExportedConversation = z.infer<typeof ExportedConversationSchema>;

export const LumioExportSchema = z.object({
  format: z.literal('lumio-history'),
  version: z.literal(1),
  exportedAt: z.string(),
  conversations: z.array(ExportedConversationSchema),
  memoryFacts: z.array(MemoryFactSchema),
  settings: SettingsSchema.optional(),
});
export type LumioExport = z.infer<typeof LumioExportSchema>;
