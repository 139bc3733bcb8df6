import { describe, expect, it } from 'vitest';
import { filled, foldSearch, periods } from './activities';

describe('activities helpers', () => {
  it('folds Vietnamese for search as you type', () => {
    expect(foldSearch('Lê Minh Đức')).toBe('le minh duc');
    expect(foldSearch('Nguyễn Thị Thủy')).toBe('nguyen thi thuy');
  });

  it('gives the quarters and the year', () => {
    expect(periods(2026).map((p) => `${p.label}: ${p.from}–${p.to}`)).toEqual([
      'Quý I/2026: 01/01/2026–31/03/2026',
      'Quý II/2026: 01/04/2026–30/06/2026',
      'Quý III/2026: 01/07/2026–30/09/2026',
      'Quý IV/2026: 01/10/2026–31/12/2026',
      'Năm 2026: 01/01/2026–31/12/2026',
    ]);
  });

  it('fills progress bars up to full', () => {
    expect(filled(1, 3)).toBe(33);
    expect(filled(3, 3)).toBe(100);
    expect(filled(5, 3)).toBe(100);
    expect(filled(0, 0)).toBe(100);
  });
});
