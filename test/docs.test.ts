/**
 * The README and docs/ link to each other's sections; a renamed heading or a moved section
 * would leave a link that silently goes nowhere. Every relative link must name a file that
 * exists and, with a #fragment, a heading in it (slugged as GitHub does).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** Markdown outside fenced code blocks, line by line. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').filter((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** The anchors GitHub gives a document's headings (duplicates get -1, -2, …). */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const line of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) anchors.add(slugger.slug(heading[1]!.replace(/[`*_]/g, '')));
  }
  return anchors;
}

/** Problems with the relative links of the document at `path` (read through `read`). */
function brokenLinks(path: string, read: (p: string) => string | null): string[] {
  const text = read(path);
  if (text === null) return [`${path} does not exist`];
  const problems: string[] = [];
  for (const line of proseLines(text)) {
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue; // http:, https:, mailto:
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const targetPath = file === '' ? path : join(dirname(path), file);
      const targetText = read(targetPath);
      if (targetText === null) problems.push(`${path}: link to ${target}: no file ${targetPath}`);
      else if (anchor !== undefined && targetPath.endsWith('.md') && !anchorsOf(targetText).has(anchor))
        problems.push(`${path}: link to ${target}: no heading with that anchor in ${targetPath}`);
    }
  }
  return problems;
}

const readRepoFile = (p: string): string | null => {
  const full = join(ROOT, p);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
};

describe('documentation links', () => {
  it('every relative link in the README and docs/ reaches a file and, with an anchor, a heading', () => {
    const docs = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.flatMap((d) => brokenLinks(d, readRepoFile))).toEqual([]);
  });

  it('reports a missing file and an anchor that names no heading', () => {
    const files: Record<string, string> = {
      'README.md': [
        '# Title',
        '## Speedup against `VM` cost',
        'See [the sweep](#speedup-against-vm-cost), [docs](docs/a.md#run-to-run),',
        '[gone](docs/b.md) and [renamed](docs/a.md#where-the-time-went).',
        '```sh',
        'echo [not a link](#nowhere)',
        '```',
      ].join('\n'),
      'docs/a.md': '# A\n## Run to run\n[back](../README.md#title)',
    };
    const read = (p: string): string | null => files[p] ?? null;
    expect(brokenLinks('README.md', read)).toEqual([
      'README.md: link to docs/b.md: no file docs/b.md',
      'README.md: link to docs/a.md#where-the-time-went: no heading with that anchor in docs/a.md',
    ]);
    expect(brokenLinks('docs/a.md', read)).toEqual([]);
  });
});
