import path from 'node:path';
import { anchorOf, brokenReferences, repositoryFiles, ROOT, type TextFile } from './references';

/** This file's own path: its cases quote, on purpose, the references the scan must refuse. */
const THIS_FILE = path.relative(ROOT, __filename).split(path.sep).join('/');

describe('references to documents', () => {
  it('resolve: every document and section the repository cites is in it', () => {
    const { texts, otherPaths } = repositoryFiles();
    expect(texts.map((file) => file.path)).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/apis.md', THIS_FILE]));
    expect(brokenReferences(texts.filter((file) => file.path !== THIS_FILE), otherPaths)).toEqual([]);
  });

  it('docs/apis.md keeps every section number the sources cite', () => {
    const texts = repositoryFiles().texts.filter((file) => file.path !== THIS_FILE);
    const cited = (number: string) => ({ path: 'kit/cites.ts', text: `// docs/apis.md §${number}` });
    const sections = ['0', '1', '1.1', '1.2', '1.3', '1.3a', '1.4', '2', '2.1', '2.2', '2.3', '3', '4', '5'];
    expect(brokenReferences([...texts, ...sections.map(cited)])).toEqual([]);
  });
});

describe('the reference scan, on texts made up to break it', () => {
  const apis: TextFile = {
    path: 'docs/apis.md',
    text: ['# APIs', '', '## 1. Serebro AI', '', '### 1.3a Tags', '', 'As §1.3a says.', '', '## 4. Overrides', ''].join('\n'),
  };
  const readme: TextFile = { path: 'README.md', text: ['# Project', '', '## Adding an operation', '', '[Docs](docs/apis.md)', ''].join('\n') };
  const scan = (file: TextFile, ...more: TextFile[]) => brokenReferences([apis, readme, ...more, file]);

  it('accepts what resolves: sections of docs/apis.md, lists and ranges, RFCs, anchors, host names, URLs, templates', () => {
    const text = [
      '/** Tags (docs/apis.md §1.3a). */',
      '// docs/apis.md §1, §1.3a and §4; docs/apis.md §1–4',
      '// A code is single use (RFC 6749 §4.1.2).',
      '// README.md#adding-an-operation, and ../README.md',
      "const host = 'acme.md-hq.com'; // https://example.com/guide.md",
      '// docs/connectors/<service>.md, `${name}.md`',
    ].join('\n');
    expect(scan({ path: 'kit/fine.ts', text })).toEqual([]);
  });

  it('names the file and line of a section the document does not have', () => {
    expect(scan({ path: 'kit/request.ts', text: 'const a = 1;\n// docs/apis.md §2.1: the Zapier API' })).toEqual([
      'kit/request.ts:2: docs/apis.md has no section §2.1',
    ]);
    expect(scan({ path: 'kit/request.ts', text: '// docs/apis.md §1, §9 and §1.3a' })).toEqual(['kit/request.ts:1: docs/apis.md has no section §9']);
    expect(scan({ path: 'kit/request.ts', text: '// docs/apis.md §1–1.4' })).toEqual(['kit/request.ts:1: docs/apis.md has no section §1.4']);
  });

  it('names a document that is not in the repository, however it is cited', () => {
    expect(scan({ path: 'sandbox/index.ts', text: '// see docs/limits.md §4' })).toEqual(['sandbox/index.ts:1: docs/limits.md is not in the repository']);
    expect(scan({ path: 'bench/run.ts', text: '// see ../notes/perf.md' })).toEqual(['bench/run.ts:1: ../notes/perf.md is not in the repository']);
    expect(scan({ path: 'docs/guide.md', text: 'Read [the notes](../notes.md).' })).toEqual([
      'docs/guide.md:1: the link to ../notes.md points at nothing in the repository',
    ]);
  });

  it('names an anchor no heading of the document has', () => {
    expect(scan({ path: 'scripts/docs.ts', text: '// README.md#adding-a-connector' })).toEqual([
      'scripts/docs.ts:1: README.md has no heading with the anchor #adding-a-connector',
    ]);
    expect(scan({ path: 'docs/guide.md', text: 'See [how](../README.md#adding-operations).' })).toEqual([
      'docs/guide.md:1: the link to ../README.md#adding-operations: README.md has no heading with that anchor',
    ]);
  });

  it('refuses a section cited without its document in code, and checks one in a document against its own headings', () => {
    expect(scan({ path: 'sandbox/core/signatures.ts', text: ' *  - Serebro (§1.3): `X-Serebro-Signature`' })).toEqual([
      'sandbox/core/signatures.ts:1: "§1.3" names no document: write it as docs/apis.md §1.3',
    ]);
    expect(scan({ ...apis, text: `${apis.text}\nAs §9 says.` })).toEqual(['docs/apis.md:11: docs/apis.md has no section §9']);
  });

  it('refuses references to working notes kept outside the repository', () => {
    const lines = [
      '/** Limits: contract §1.2. */',
      '// Newest first, as the contract says.',
      '// so that each reads top to bottom on its own (style guide)',
      '// Where a document is silent, ../shared/api-contract.md fixes what this project assumes.',
      '/** Per-endpoint limits of seed 002. */',
      '// measured in perf-notes.md',
    ];
    const problems = scan({ path: 'kit/old.ts', text: lines.join('\n') });
    expect(problems).toEqual(
      expect.arrayContaining([
        'kit/old.ts:1: cites a section of an API contract kept outside the repository: cite docs/apis.md',
        'kit/old.ts:2: names an API contract kept outside the repository: point at docs/apis.md',
        'kit/old.ts:3: cites guidance on style kept outside the repository: point at CONTRIBUTING.md',
        'kit/old.ts:4: points into a shared folder outside the repository',
        'kit/old.ts:4: names a working note kept outside the repository',
        'kit/old.ts:5: cites a source document kept outside the repository: cite the section of docs/apis.md that says it',
        'kit/old.ts:6: names a working note kept outside the repository',
        'kit/old.ts:6: perf-notes.md is not in the repository',
      ]),
    );
    // Every line is refused, each by the line it is on.
    expect(new Set(problems.map((problem) => problem.split(':')[1]))).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
  });

  it('reads anchors as GitHub writes them', () => {
    expect(anchorOf('Adding an operation')).toBe('adding-an-operation');
    expect(anchorOf('Running one connector with `zapier-platform invoke`')).toBe('running-one-connector-with-zapier-platform-invoke');
    expect(anchorOf('1.3a Contact tags, upsert and custom fields (v2)')).toBe('13a-contact-tags-upsert-and-custom-fields-v2');
  });
});
