import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../lib/errors.js';
import { readSources, writeSources } from './sources.js';

describe('sources.json', () => {
  const dirs: string[] = [];
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'encours-sources-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reads sources, resolving paths relative to the file, and filters by company', () => {
    const dir = home();
    const file = join(dir, 'sources.json');
    writeFileSync(
      file,
      JSON.stringify([
        { company: 'C1', format: 'canonical', dropDir: 'drop/C1' },
        {
          company: 'C3',
          format: 'fec',
          dropDir: '/data/fec',
          options: { termsFile: 'terms.csv', defaultTerms: '45FM', unlettered: 'oldest-first' },
        },
      ]),
    );
    const all = readSources(file);
    expect(all).toEqual([
      { company: 'C1', format: 'canonical', dropDir: join(dir, 'drop/C1'), options: {} },
      {
        company: 'C3',
        format: 'fec',
        dropDir: '/data/fec',
        options: { termsFile: join(dir, 'terms.csv'), defaultTerms: '45FM', unlettered: 'oldest-first' },
      },
    ]);
    expect(readSources(file, ['C3']).map((s) => s.company)).toEqual(['C3']);
    expect(() => readSources(file, ['C9'])).toThrow(
      /no source configured for company C9; configured: C1, C3/,
    );
  });

  it('treats a missing file as no sources, unless companies were asked for', () => {
    const file = join(home(), 'sources.json');
    expect(readSources(file)).toEqual([]);
    expect(() => readSources(file, ['C1'])).toThrow(InputError);
  });

  it('names the file and the entry of a bad configuration', () => {
    const file = join(home(), 'sources.json');
    writeFileSync(file, JSON.stringify([{ company: 'C1', format: 'xml', dropDir: 'd' }]));
    expect(() => readSources(file)).toThrow(/sources\.json" column \[0\]\.format: .*fix the entry/);
    writeFileSync(
      file,
      JSON.stringify([{ company: 'C1', format: 'fec', dropDir: 'd', options: { defaultTerms: 'soon' } }]),
    );
    expect(() => readSources(file)).toThrow(
      /\[0\]\.options\.defaultTerms: payment terms such as "30" or "45FM"/,
    );
    writeFileSync(
      file,
      JSON.stringify([
        { company: 'C1', format: 'fec', dropDir: 'a' },
        { company: 'C1', format: 'fec', dropDir: 'b' },
      ]),
    );
    expect(() => readSources(file)).toThrow(/\[1\]\.company: company "C1" is configured twice/);
    writeFileSync(file, '{ nope');
    expect(() => readSources(file)).toThrow(/not valid JSON/);
  });

  it('writes a file that reads back the same', () => {
    const file = join(home(), 'cfg', 'sources.json');
    const sources = [{ company: 'C2', format: 'canonical' as const, dropDir: '/x/C2', options: {} }];
    writeSources(file, sources);
    expect(readSources(file)).toEqual(sources);
    expect(readFileSync(file, 'utf8')).toContain('"company": "C2"');
  });
});
