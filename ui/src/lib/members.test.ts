import { describe, expect, it } from 'vitest';
import { emptyQuery, labelOf, shownDate, visibleRange } from './members';

describe('members helpers', () => {
  it('shows ISO dates the Vietnamese way', () => {
    expect(shownDate('1998-02-05')).toBe('05/02/1998');
    expect(shownDate(null)).toBe('');
  });

  it('finds labels in the vocabulary', () => {
    const statuses = [{ value: 'active', label: 'Đang sinh hoạt' }];
    expect(labelOf(statuses, 'active')).toBe('Đang sinh hoạt');
    expect(labelOf(statuses, null)).toBe('');
  });

  it('renders only the rows in view, with a margin', () => {
    expect(visibleRange(0, 340, 34, 50_000)).toEqual({ first: 0, last: 18 });
    expect(visibleRange(34 * 1000, 340, 34, 50_000)).toEqual({ first: 992, last: 1018 });
    expect(visibleRange(34 * 49_995, 340, 34, 50_000)).toEqual({ first: 49_987, last: 50_000 });
  });

  it('starts with the current members in name order', () => {
    expect(emptyQuery()).toMatchObject({ search: '', statuses: [], sort: 'name', descending: false, offset: 0 });
  });
});
