import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * Values of a node description written as TypeScript source, as n8n's own nodes write them: single-quoted
 * strings, keys unquoted where they can be, a list or object on one line while it fits. generate.ts and
 * generate-triggers.ts write the node sources with it.
 */

/** A literal on one line is kept when it fits in this many characters, indentation included. */
const LINE_WIDTH = 120;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal: single-quoted, unless the text holds a single quote and no double one. */
function quoted(text: string): string {
  const escape = (quote: string) =>
    quote +
    text
      .replace(/\\/g, '\\\\')
      .replace(new RegExp(quote, 'g'), `\\${quote}`)
      .replace(/\n/g, '\\n') +
    quote;
  return text.includes("'") && !text.includes('"') ? escape('"') : escape("'");
}

/** How a value of the description is written in the source. `code` gives the source of values written as code. */
export function literal(value: unknown, indent: string, code: (value: unknown) => string | undefined): string {
  const written = code(value);
  if (written !== undefined) return written;
  if (value === null) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  const [open, close, items] = Array.isArray(value)
    ? ['[', ']', value.map((item) => literal(item, inner, code))]
    : [
        '{',
        '}',
        Object.entries(value as Record<string, unknown>)
          .filter(([, item]) => item !== undefined)
          .map(([key, item]) => `${IDENTIFIER.test(key) ? key : quoted(key)}: ${literal(item, inner, code)}`),
      ];
  if (!items.length) return `${open}${close}`;
  const oneLine = Array.isArray(value) ? `[${items.join(', ')}]` : `{ ${items.join(', ')} }`;
  if (!oneLine.includes('\n') && indent.length + oneLine.length <= LINE_WIDTH) return oneLine;
  return `${open}\n${items.map((item) => `${inner}${item},`).join('\n')}\n${indent}${close}`;
}

/** A node description's entries as lines of its class's source, the connection types named (n8n's lint wants them so). */
export function descriptionEntries(description: INodeTypeDescription): string[] {
  const connections = (value: unknown) => (Array.isArray(value) && value.length === 1 && value[0] === 'main' ? '[NodeConnectionTypes.Main]' : undefined);
  return Object.entries(description).map(([key, value]) => {
    const source = key === 'inputs' || key === 'outputs' ? connections(value) : undefined;
    return `    ${key}: ${source ?? literal(value, '    ', () => undefined)},`;
  });
}
