/**
 * How hard the fleet salt is to guess. The salt is the key of every hash the fleet
 * publishes; one that is short, a word, a keyboard run or a repeated pattern lets
 * anyone with the metrics guess values without ever reading a node. The estimate is
 * deliberately pessimistic: a character costs what a random one of its alphabet would
 * (hex, base64 or the character classes present), but runs of one character,
 * ascending/descending sequences (`0123`, `abcd`) and letter runs that read like words
 * cost a few bits each, and a salt made of one repeated chunk costs one chunk.
 */

/** Accepted salts carry at least this many estimated bits. */
export const MIN_SALT_BITS = 128;

/** Bits granted to a letter run of 4+ that reads like a word (a 16k-word dictionary). */
const WORD_BITS = 14;

export interface SaltStrength {
  bits: number;
  /** Why the estimate is low, for the error message; never quotes the salt. */
  weaknesses: string[];
}

/** Estimates the entropy of a salt given as text. Pure. */
export function estimateSaltBits(salt: string): SaltStrength {
  const text = /^[A-Za-z0-9+/_-]+=+$/.test(salt) ? salt.replace(/=+$/, '') : salt; // base64 padding carries nothing
  const weaknesses = new Set<string>();
  const unit = shortestPeriod(text.slice(0, EXAMINED));
  if (unit.length < Math.min(text.length, EXAMINED)) weaknesses.add('a repeated pattern');
  const perChar = Math.log2(alphabetSize(unit));
  let bits = unit.length < Math.min(text.length, EXAMINED) ? Math.log2(text.length / unit.length) : 0;
  for (let i = 0; i < unit.length;) {
    const run = runAt(unit, i);
    if (run.kind !== 'char') weaknesses.add(WEAKNESS[run.kind]);
    bits +=
      run.kind === 'char'
        ? perChar
        : run.kind === 'word'
          ? Math.min(WORD_BITS, perChar * run.length)
          : run.kind === 'echo'
            ? Math.log2(i * run.length)
            : perChar + Math.log2(run.length);
    i += run.length;
  }
  return { bits: Math.floor(bits), weaknesses: [...weaknesses] };
}

const WEAKNESS = { repeat: 'repeated characters', sequence: 'sequences like 0123 or abcd', word: 'dictionary-like words', echo: 'repeated chunks' } as const;

/** Only this much of a salt is examined: its first 256 characters already say enough. */
const EXAMINED = 256;

/** A hex or base64 salt is drawn from that alphabet; otherwise count the classes present. */
function alphabetSize(text: string): number {
  if (/^[0-9a-f]+$/i.test(text)) return 16;
  if (/^[A-Za-z0-9+/_-]+=*$/.test(text) && /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text)) return 64;
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/[0-9]/.test(text)) size += 10;
  if (/[^A-Za-z0-9]/.test(text)) size += 33;
  return Math.max(size, 2);
}

type Run = { kind: 'char' | 'repeat' | 'sequence' | 'word' | 'echo'; length: number };

function runAt(text: string, i: number): Run {
  const echo = echoAt(text, i);
  if (echo >= 4) return { kind: 'echo', length: echo };
  let repeat = 1;
  while (i + repeat < text.length && text[i + repeat] === text[i]) repeat += 1;
  if (repeat >= 3) return { kind: 'repeat', length: repeat };
  const step = text.charCodeAt(i + 1) - text.charCodeAt(i);
  let sequence = 1;
  if (Math.abs(step) === 1) while (i + sequence < text.length && text.charCodeAt(i + sequence) - text.charCodeAt(i + sequence - 1) === step) sequence += 1;
  if (sequence >= 3) return { kind: 'sequence', length: sequence };
  const word = /^(?:[a-z]{4,}|[A-Z][a-z]{3,}|[A-Z]{4,})/.exec(text.slice(i))?.[0].length ?? 0;
  if (word >= 4 && /[aeiouy]/i.test(text.slice(i, i + word))) return { kind: 'word', length: word };
  return { kind: 'char', length: 1 };
}

/** The shortest chunk whose repetition makes up the text (the text itself if none). */
function shortestPeriod(text: string): string {
  for (let p = 1; p <= text.length / 2; p += 1) {
    if (text.length % p === 0 && text.slice(0, p).repeat(text.length / p) === text) return text.slice(0, p);
  }
  return text;
}

/** Length of the longest chunk starting at `i` that already appeared before `i`. */
function echoAt(text: string, i: number): number {
  let best = 0;
  for (let length = 4; i + length <= text.length && text.slice(0, i + length - 1).includes(text.slice(i, i + length)); length += 1) best = length;
  return best;
}
