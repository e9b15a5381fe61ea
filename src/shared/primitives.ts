import { z } from 'zod';

/**
 * The few enums every other contract file needs, defined once here so that errors.ts (which the
 * others import) can use them too without an import cycle.
 */

/** Languages Lumio speaks. */
export const LanguageSchema = z.enum(['ru', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

/**
 * Prose a person reads that comes as data (the model catalog's descriptions), written in every
 * language Lumio speaks; the window shows the one of its own language. Every language is required.
 */
export const InEachLanguageSchema = z.record(LanguageSchema, z.string().min(1));
export type InEachLanguage = z.infer<typeof InEachLanguageSchema>;

/** The voice a reply is spoken in, and a voice model's gender. */
export const VoiceSchema = z.enum(['female', 'male']);
export type Voice = z.infer<typeof VoiceSchema>;

/** What a model does in a turn. */
export const ModelRoleSchema = z.enum(['stt', 'llm', 'tts', 'vad']);
export type ModelRole = z.infer<typeof ModelRoleSchema>;
