/**
 * References from the repository's text to its own documents: `docs/apis.md §1.3a`, a relative
 * `*.md` path, a Markdown link, `README.md#adding-an-operation`. A reader who clones the repository must be able
 * to follow each one, so every document named must be in it and every section cited must be a heading
 * of that document. Phrases that cite working notes kept outside the repository are refused outright.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A file of the repository: its path from the root (with `/`) and its text. */
export interface TextFile {
  path: string;
  text: string;
}

/** Phrases that point at documents kept outside the repository, and what to point at instead. */
const OUTSIDE_DOCUMENTS: ReadonlyArray<{ pattern: RegExp; problem: string }> = [
  { pattern: /\bcontract\s+\u00a7/i, problem: 'cites a section of an API contract kept outside the repository: cite docs/apis.md' },
  { pattern: /\bthe\s+contract\b|[(]contract\b/i, problem: 'names an API contract kept outside the repository: point at docs/apis.md' },
  { pattern: /\bstyle\s+guide\b/i, problem: 'cites guidance on style kept outside the repository: point at CONTRIBUTING.md' },
  { pattern: /\.\.\/shared\b|\/work\/shared\b/, problem: 'points into a shared folder outside the repository' },
  { pattern: /\b(?:api-?contract|n8n[-_]notes|perf[-_]notes|style)\.md\b/i, problem: 'names a working note kept outside the repository' },
  { pattern: /\bseeds?\s+00\d\b/i, problem: 'cites a source document kept outside the repository: cite the section of docs/apis.md that says it' },
];

/** A section number as headings and references write it: `4`, `1.3`, `1.3a`. */
const NUMBER = String.raw`\d+(?:\.\d+)*[a-z]?(?![A-Za-z0-9])`;
/** More sections after the first, each after a comma, "and", "or", or a dash or "to" (a range). */
const MORE = String.raw`(?:\s*(?:,|\band\b|\bor\b|\bto\b|\u2013|-)\s*\u00a7?\s?${NUMBER})*`;
/** A document named by its path, not inside a URL or a host name (`acme.md-hq.com`). */
const DOCUMENT = String.raw`(?<![\w./:@-])((?:\.\.?\/)*[\w-][\w./-]*\.md)(?![\w-])`;

const documentSections = () => new RegExp(`${DOCUMENT}\\s+\\u00a7\\s?(${NUMBER}${MORE})`, 'g');
const documentMentions = () => new RegExp(`${DOCUMENT}(?:#([\\w-]+))?`, 'g');
const rfcSections = () => new RegExp(`\\bRFC\\s?\\d+\\s+\\u00a7\\s?${NUMBER}${MORE}`, 'g');
const bareSections = () => new RegExp(`\\u00a7\\s?(${NUMBER}${MORE})`, 'g');
const markdownLinks = () => /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Every section number a reference lists, a range by its two ends. */
function sectionsIn(list: string): string[] {
  return [...list.matchAll(new RegExp(NUMBER, 'g'))].map((match) => match[0]);
}

interface Headings {
  /** Section numbers the headings start with (`## 1.3a Tags` gives `1.3a`). */
  numbers: Set<string>;
  /** GitHub's anchors of the headings (`## Adding an operation` gives `adding-an-operation`). */
  anchors: Set<string>;
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function headingsOf(text: string): Headings {
  const numbers = new Set<string>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    // An HTML anchor is a target too (the generated listing docs put one before each operation).
    for (const html of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(html[1]);
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const number = new RegExp(`^\\u00a7?(${NUMBER})[.)]?(?:\\s|$)`).exec(heading[1]);
    if (number) numbers.add(number[1]);
    const anchor = anchorOf(heading[1]);
    let unique = anchor;
    for (let n = 1; anchors.has(unique); n += 1) unique = `${anchor}-${n}`;
    anchors.add(unique);
  }
  return { numbers, anchors };
}

/**
 * The references of `files` that a reader could not follow, each as `path:line: what is wrong`.
 * `files` are the repository's text files (the documents among them too); `otherPaths` the rest of
 * its files, which a link may name.
 */
export function brokenReferences(files: readonly TextFile[], otherPaths: readonly string[] = []): string[] {
  const texts = new Map(files.map((file) => [file.path, file.text]));
  const paths = new Set([...texts.keys(), ...otherPaths]);
  const headings = new Map<string, Headings>();
  const headingsIn = (document: string) => {
    if (!headings.has(document)) headings.set(document, headingsOf(texts.get(document) ?? ''));
    return headings.get(document) as Headings;
  };
  const isFolder = (target: string) => [...paths].some((known) => known.startsWith(`${target.replace(/\/$/, '')}/`));

  /** The repository path a reference names: from the root, from the citing file's folder, or a unique file name. */
  const resolve = (from: string, reference: string): string | undefined => {
    const here = path.posix.dirname(from);
    const candidates = /^\.\.?\//.test(reference)
      ? [path.posix.join(here, reference)]
      : [path.posix.normalize(reference), path.posix.join(here, reference)];
    const found = candidates.find((candidate) => paths.has(candidate));
    if (found || reference.includes('/')) return found;
    return [...paths].find((known) => path.posix.basename(known) === reference);
  };

  const problems: string[] = [];
  for (const file of files) {
    const isMarkdown = file.path.endsWith('.md');
    file.text.split('\n').forEach((line, index) => {
      const report = (problem: string) => problems.push(`${file.path}:${index + 1}: ${problem}`);
      for (const { pattern, problem } of OUTSIDE_DOCUMENTS) if (pattern.test(line)) report(problem);

      const cited = (document: string, list: string) => {
        const numbers = headingsIn(document).numbers;
        for (const section of sectionsIn(list)) {
          if (!numbers.has(section)) report(`${document} has no section \u00a7${section}`);
        }
      };

      // Section references, each section sign accounted for: to a named document, to an RFC, or (in a document) to itself.
      const accounted: Array<[number, number]> = [];
      for (const match of line.matchAll(documentSections())) {
        accounted.push([match.index, match.index + match[0].length]);
        const document = resolve(file.path, match[1]);
        if (document) cited(document, match[2]);
      }
      for (const match of line.matchAll(rfcSections())) accounted.push([match.index, match.index + match[0].length]);
      const isAccounted = (at: number) => accounted.some(([start, end]) => at >= start && at < end);
      for (const match of line.matchAll(bareSections())) {
        if (isAccounted(match.index)) continue;
        accounted.push([match.index, match.index + match[0].length]);
        if (isMarkdown) cited(file.path, match[1]);
        else report(`"${match[0].trim()}" names no document: write it as docs/apis.md \u00a7${sectionsIn(match[1])[0]}`);
      }
      for (const match of line.matchAll(/\u00a7/g)) {
        if (!isAccounted(match.index)) report('a \u00a7 without a section number');
      }

      // Documents named by path, with an anchor or not (a Markdown link's target is checked as a link below).
      const links = isMarkdown ? [...line.matchAll(markdownLinks())] : [];
      const inLinkTarget = (at: number) => links.some((link) => at > link.index + link[0].indexOf('](') && at < link.index + link[0].length);
      for (const match of line.matchAll(documentMentions())) {
        if (inLinkTarget(match.index)) continue;
        const document = resolve(file.path, match[1]);
        if (!document) report(`${match[1]} is not in the repository`);
        else if (match[2] && !headingsIn(document).anchors.has(match[2])) report(`${document} has no heading with the anchor #${match[2]}`);
      }

      // Markdown links to files of the repository (and to headings of their documents).
      for (const match of links) {
        const target = match[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [where, anchor] = target.split('#');
        const linked = where === '' ? file.path : path.posix.join(path.posix.dirname(file.path), where);
        if (!paths.has(linked) && !isFolder(linked)) report(`the link to ${target} points at nothing in the repository`);
        else if (anchor && linked.endsWith('.md') && !headingsIn(linked).anchors.has(anchor)) {
          report(`the link to ${target}: ${linked} has no heading with that anchor`);
        }
      }
    });
  }
  return problems;
}

/** The repository's root. */
export const ROOT = path.resolve(__dirname, '..', '..');

const TEXT_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.cjs', '.md', '.json', '.sh', '.yml', '.yaml', '']);
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml']);

/**
 * The repository's files as git sees them: tracked ones and new ones not ignored, without
 * `node_modules` (a link to a shared install in some checkouts) or lockfiles.
 */
export function repositoryFiles(root = ROOT): { texts: TextFile[]; otherPaths: string[] } {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file && !/(^|\/)node_modules(\/|$)/.test(file) && fs.existsSync(path.join(root, file)))
    .filter((file) => fs.statSync(path.join(root, file)).isFile());
  const texts: TextFile[] = [];
  const otherPaths: string[] = [];
  for (const file of new Set(listed)) {
    const name = path.posix.basename(file);
    if (!TEXT_EXTENSIONS.has(path.posix.extname(name)) || LOCKFILES.has(name)) {
      otherPaths.push(file);
      continue;
    }
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    if (text.includes('\0')) otherPaths.push(file);
    else texts.push({ path: file, text });
  }
  return { texts, otherPaths };
}
