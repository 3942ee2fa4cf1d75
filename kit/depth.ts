/**
 * How deeply an answer may nest. No record of these APIs is more than a few levels deep, yet an answer
 * of 100,000 nested arrays parses (JSON.parse does not recurse) and then overflows the stack of whatever
 * walks it next: zod, Zapier's output checks, its serialiser. Such an answer is refused before it is
 * parsed, by counting brackets in the text, which cannot overflow.
 */
export const MAX_ANSWER_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text opens more than `limit` arrays or objects inside one another. Brackets inside strings
 * do not count; the text need not be valid JSON (an invalid one is refused when parsed anyway).
 */
export function nestedDeeperThan(text: string, limit: number = MAX_ANSWER_DEPTH): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = endOfString(text, at);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

/** The index of the quote that closes the string opened at `open` (the text's end if none does). */
function endOfString(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes += 1;
    // An odd number of backslashes escapes this quote; an even number escape each other.
    if (backslashes % 2 === 0) return at;
  }
}
