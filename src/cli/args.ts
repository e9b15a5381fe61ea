import { parseArgs as parseNodeArgs, type ParseArgsConfig } from 'node:util';
import { LumioError } from '../shared/errors.js';

/**
 * Strict command-line parsing on node:util's parseArgs: every subcommand declares its options, and
 * anything else is refused with exit code 2 and, for a misspelling, the option that was meant
 * ("--lnag" → "did you mean --lang?"). A typo must never be taken silently and run the command in
 * the wrong language.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The allowed values of a string option. */
  choices?: readonly string[];
  /** Shown as `--name VALUE` in the usage. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  /** The usage lines, without the options list. */
  usage: string[];
  summary: string;
  options: Record<string, OptionSpec>;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** Every subcommand takes these. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', help: 'machine output on stdout (one JSON document)' },
  help: { type: 'boolean', short: 'h', help: 'this help' },
};

/** Edit distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known name closest to `given`, when it is close enough to be a typo (or a swap of two letters). */
export function closest(given: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(given, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor((best?.length ?? 0) / 3)) + 1;
  return best !== null && bestDistance <= limit ? best : null;
}

function unknownOption(raw: string, spec: CommandSpec): LumioError {
  const name = raw.replace(/^-+/, '').split('=')[0] ?? raw;
  const known = Object.keys(spec.options);
  const guess = closest(name, known);
  const display = raw.startsWith('--') ? `--${name}` : `-${name}`;
  return new LumioError('INVALID_ARGUMENT', `Unknown option ${display} for "lumio ${spec.name}"${guess ? `; did you mean --${guess}?` : '.'}`, {
    hint: `Run: lumio ${spec.name} --help`,
  });
}

/** Parses one subcommand's arguments (everything after the subcommand's name). */
export function parseCommandArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    const config: ParseArgsConfig = { args: argv, options, strict: true, allowPositionals: true };
    parsed = parseNodeArgs(config) as typeof parsed;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const raw = /'([^']+)'/.exec(err.message)?.[1] ?? '';
      throw unknownOption(raw, spec);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /'(--?[\w-]+)/.exec(err.message)?.[1] ?? 'an option';
      const takesValue = spec.options[name.replace(/^-+/, '')]?.type === 'string';
      throw new LumioError('INVALID_ARGUMENT', takesValue ? `${name} needs a value.` : `${name} takes no value.`, {
        hint: `Run: lumio ${spec.name} --help`,
      });
    }
    throw new LumioError('INVALID_ARGUMENT', err.message, { hint: `Run: lumio ${spec.name} --help` });
  }
  for (const [name, o] of Object.entries(spec.options)) {
    const v = parsed.values[name];
    if (o.choices && typeof v === 'string' && !o.choices.includes(v)) {
      throw new LumioError('INVALID_ARGUMENT', `--${name} must be one of: ${o.choices.join(', ')} (got "${v}").`);
    }
  }
  return { positionals: parsed.positionals, values: parsed.values };
}

export function stringValue(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string option whose spec lists its choices (parseCommandArgs already refused any other value). */
export function choiceValue<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const v = stringValue(args, name);
  return v !== undefined && (choices as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** `lumio <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const left = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? (o.choices ? o.choices.join('|') : 'VALUE')}` : ''}`;
    return { left, help: o.help };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return [spec.summary, '', 'Usage:', ...spec.usage.map((u) => `  ${u}`), '', 'Options:', ...rows.map((r) => `  ${r.left.padEnd(width)}${r.help}`)].join('\n');
}
