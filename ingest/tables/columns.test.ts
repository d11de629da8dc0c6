import { describe, expect, it } from 'vitest';
import { placeByPosition } from './columns.ts';
import { type GridCell, gridCells } from './grid.ts';

const valuesOf = (line: string): GridCell[] => gridCells(line, 0, line.length).filter((c) => c.kind === 'value');
const complete = ['  12    0    3    0    0    1    16', '   5    2    0    0    7    0    14'].map(valuesOf);
const T3_SUM = [[0, 1, 2, 3, 4, 5, 6]];

describe('placeByPosition: a row printed with its blank cells left out', () => {
  it('puts each value under its column when the row total confirms it', () => {
    const got = placeByPosition(valuesOf('   9         4                   13'), complete, 7, T3_SUM);
    expect(got?.map((c) => c.value)).toEqual([9, null, 4, null, null, null, 13]);
    expect(got?.map((c) => c.status)).toEqual([
      'recovered',
      'blank',
      'recovered',
      'blank',
      'blank',
      'blank',
      'recovered',
    ]);
  });

  it('leaves the row unread when the sums deny the placement, or nothing confirms it', () => {
    expect(placeByPosition(valuesOf('   9         4                   14'), complete, 7, T3_SUM)).toBeNull();
    expect(placeByPosition(valuesOf('   9         4'), complete, 7, T3_SUM)).toBeNull();
    expect(placeByPosition(valuesOf('   9         4                   13'), complete, 7, [])).toBeNull();
    expect(placeByPosition(valuesOf('   9         4                   13'), complete.slice(1), 7, T3_SUM)).toBeNull();
  });

  it('two values between the same columns are not placed', () => {
    expect(placeByPosition(valuesOf('   9 4                             13'), complete, 7, T3_SUM)).toBeNull();
  });
});
