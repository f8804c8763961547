import { creditCardValid, ibanValid, ipv6Valid, phoneValid } from './validators.ts';

/** A span of text a matcher found. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Finds one kind of sensitive text. `alphabet` (the characters a match can be made of) and
 * `maxLength` tell a streaming scan how much of a stream's tail could still grow into a match:
 * that much is held back, nothing more. Without `alphabet`, the last `maxLength` characters are.
 */
export interface Matcher {
  /** `email`, `pattern:<name>`, `words`, … (recorded in findings). */
  id: string;
  /** Placeholder label: `[EMAIL]`. */
  label: string;
  /** DLP (codes 2029/2030) or content guardrail (2016/2017) when it blocks. */
  kind: 'dlp' | 'guardrail';
  alphabet?: RegExp;
  maxLength: number;
  find(text: string): Span[];
}

interface PatternPart {
  re: RegExp;
  /** A cheap test that must pass before the regular expression runs (most text has no `@`). */
  needs?(text: string): boolean;
  /** Accepts the match, or returns the valid part of it (from its start), or undefined. */
  refine?(match: string): string | undefined;
}

function patternMatcher(id: string, label: string, parts: PatternPart[], alphabet: RegExp, maxLength: number): Matcher {
  return {
    id,
    label,
    kind: 'dlp',
    alphabet,
    maxLength,
    find(text) {
      const spans: Span[] = [];
      for (const { re, refine, needs } of parts) {
        if (needs && !needs(text)) continue;
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          if (m[0].length === 0) {
            re.lastIndex++;
            continue;
          }
          const kept = refine ? refine(m[0]) : m[0];
          if (kept) spans.push({ start: m.index, end: m.index + kept.length });
        }
      }
      return spans;
    },
  };
}

const accept = (valid: (s: string) => boolean) => (s: string) => (valid(s) ? s : undefined);

/** The longest valid IBAN at the start of `match`, dropping trailing space-separated groups. */
function refineIban(match: string): string | undefined {
  let candidate = match.trimEnd();
  for (;;) {
    if (ibanValid(candidate)) return candidate;
    const space = candidate.lastIndexOf(' ');
    if (space < 4) return undefined;
    candidate = candidate.slice(0, space);
  }
}

const API_KEY_SHAPES = [
  'sk-(?:proj-|ant-(?:api\\d\\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{20,}',
  'AKIA[0-9A-Z]{16}',
  'AIza[0-9A-Za-z_-]{35}',
  'gh[pousr]_[A-Za-z0-9]{36,}',
  'github_pat_[A-Za-z0-9_]{22,}',
  'xox[abprs]-[A-Za-z0-9-]{10,}',
  'gsk_[A-Za-z0-9]{20,}',
  'hf_[A-Za-z0-9]{30,}',
  'r8_[A-Za-z0-9]{20,}',
  '(?:sk|rk)_live_[A-Za-z0-9]{20,}',
  'xai-[A-Za-z0-9]{20,}',
  'pplx-[A-Za-z0-9]{20,}',
  'aigw_(?:gt|admin)_[A-Za-z0-9_-]{20,}',
];

/** The built-in detectors, by the names rules use. */
export const DETECTORS = {
  email: () =>
    patternMatcher('email', 'EMAIL', [
      { re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g, needs: (t) => t.includes('@') },
    ], /[A-Za-z0-9._%+@-]/, 254),
  phone: () =>
    patternMatcher('phone', 'PHONE', [
      { re: /(?<![\w+.-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}(?![\w])/g, refine: accept(phoneValid) },
    ], /[\d ().+-]/, 32),
  credit_card: () =>
    patternMatcher('credit_card', 'CREDIT_CARD', [{ re: /(?<![\d-])\d(?:[ -]?\d){12,18}(?!\d)/g, refine: accept(creditCardValid) }], /[\d -]/, 40),
  iban: () => patternMatcher('iban', 'IBAN', [{ re: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g, refine: refineIban }], /[A-Z0-9 ]/, 42),
  us_ssn: () =>
    patternMatcher('us_ssn', 'US_SSN', [{ re: /(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])/g }], /[\d -]/, 11),
  ip_address: () =>
    patternMatcher('ip_address', 'IP_ADDRESS', [
      { re: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.?\d)/g, needs: (t) => /\d\.\d/.test(t) },
      { re: /(?<![0-9A-Za-z_:])[0-9A-Fa-f:]*:[0-9A-Fa-f]*:[0-9A-Fa-f:]*(?![0-9A-Za-z_:])/g, refine: accept(ipv6Valid), needs: (t) => t.indexOf(':') !== t.lastIndexOf(':') },
    ], /[0-9A-Fa-f:.]/, 45),
  api_key: () =>
    patternMatcher('api_key', 'API_KEY', [{ re: new RegExp(`(?<![A-Za-z0-9_-])(?:${API_KEY_SHAPES.join('|')})(?![A-Za-z0-9_-])`, 'g') }], /[A-Za-z0-9_-]/, 512),
  jwt: () =>
    patternMatcher('jwt', 'JWT', [{ re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g, needs: (t) => t.includes('eyJ') }], /[A-Za-z0-9_.-]/, 8192),
} as const satisfies Record<string, () => Matcher>;

export type DetectorId = keyof typeof DETECTORS;
export const DETECTOR_IDS = Object.keys(DETECTORS) as DetectorId[];

/** A user-supplied regular expression (`patterns` of a rule). */
export function customPattern(name: string, source: string, flags: string, maxLength: number): Matcher {
  const re = new RegExp(source, `g${flags.replace(/g/g, '')}`);
  return { ...patternMatcher(`pattern:${name}`, name.toUpperCase(), [{ re }], /./, maxLength), alphabet: undefined };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A word list: whole words or phrases, any case (`words` of a rule). */
export function wordList(words: readonly string[]): Matcher {
  const sorted = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${sorted.map(escape).join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
  const matcher = patternMatcher('words', 'REDACTED', [{ re }], /./, Math.max(1, ...sorted.map((w) => w.length)));
  return { ...matcher, kind: 'guardrail', alphabet: undefined };
}
