import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, hasPlainEdges, needsFullScan, parseRecord, scanRecords } from './csv-scan.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('csv scan', () => {
  it('parses a header with quoted names and CRLF', () => {
    expect(parseRecord(bytes('a,"b, c","d""e"\r\n1,2,3\r\n'), 0)).toEqual({
      fields: ['a', 'b, c', 'd"e'],
      end: 17,
    });
  });

  it('maps rows to physical lines across quoted line breaks and blank lines', () => {
    const buf = bytes('h1,h2\n1,"x\ny"\n\n2,z\r\n3,"a""\n\nb"\n4,w\n');
    const scan = scanRecords(buf, 0, 2);
    expect(scan.problem).toBeUndefined();
    expect(scan.records).toBe(4);
    // rows start on lines 2, 5 (after a 2-line value and a blank line), 6 and 9 (after a 3-line value)
    expect(scan.steps).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('reports the first row with a wrong field count, and an unclosed quote', () => {
    expect(scanRecords(bytes('a,b\n1,2\n"3\n4",5,6\n'), 0, 2).problem).toEqual({
      kind: 'fields',
      line: 3,
      found: 3,
    });
    expect(scanRecords(bytes('a,b\n1,2\n3,"4\n'), 0, 2).problem).toMatchObject({ kind: 'quote', line: 3 });
    expect(scanRecords(bytes('a,b\n1,"2"x\n'), 0, 2).problem).toMatchObject({ kind: 'quote', line: 2 });
  });

  it('knows when line numbers can be taken from row numbers', () => {
    expect(needsFullScan(bytes('a,b\n1,2\n3,4\n\n'), 4)).toBe(false);
    expect(needsFullScan(bytes('a,b\n1,2\n\n3,4\n'), 4)).toBe(true);
    expect(needsFullScan(bytes('a,b\n1,"2"\n'), 4)).toBe(true);
  });

  it('locates bytes that are not UTF-8 by line and field', () => {
    expect(findInvalidUtf8(bytes('a,b\nx,é\n'))).toBeUndefined();
    const latin1 = Buffer.concat([bytes('a,b,c\n1,2,3\n4,caf'), Buffer.from([0xe9, 0x2c]), bytes('6\n')]);
    expect(findInvalidUtf8(latin1)).toEqual({ line: 3, field: 1, bytes: 'E9' });
  });
});

describe('plain cell edges', () => {
  const plain = (text: string, start = 0) => hasPlainEdges(Buffer.from(text, 'utf8'), start);

  it('needs no trimming when every space is inside a value and the text is ASCII', () => {
    expect(plain('a,b\n1,2\n3,4\n')).toBe(true);
    expect(plain('a,b\nx y,"p q"\r\n3,4')).toBe(true);
  });

  it('sees a space at any edge of a cell', () => {
    expect(plain('a,b\n 1,2\n')).toBe(false);
    expect(plain('a,b\n1 ,2\n')).toBe(false);
    expect(plain('a,b\n1, 2\n')).toBe(false);
    expect(plain('a,b\n1,2 \n')).toBe(false);
    expect(plain('a,b\n1,2 \r\n')).toBe(false);
    expect(plain('a,b\n1," 2"\n')).toBe(false);
    expect(plain('a,b\n1,"2 "\n')).toBe(false);
    expect(plain('a,b\n1,2 ')).toBe(false);
    expect(plain(' a,b\n1,2\n')).toBe(false);
  });

  it('leaves any file with non-ASCII bytes to the per-cell trim (space separators beyond U+0020)', () => {
    expect(plain('a,b\n1,2\u00a0\n')).toBe(false);
    expect(plain('a,b\nCafé,2\n')).toBe(false);
    // a BOM before the header is skipped by `start`
    expect(plain('\ufeffa,b\n1,2\n', 3)).toBe(true);
  });
});
