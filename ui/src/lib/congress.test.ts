import { describe, expect, it } from 'vitest';
import { describeVerdict, fold, parseCrossed, pickAttendees, roundTitle, shownTime, typedCount } from './congress';

describe('typed ballots', () => {
  it('reads positions separated as a keypad allows', () => {
    expect(parseCrossed('2 5', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed('5,2', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed('2.5', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed(' 2+5 ', 5)).toEqual({ crossed: [2, 5] });
  });

  it('reads one key per crossed name when the list has 9 or fewer', () => {
    expect(parseCrossed('34', 4)).toEqual({ crossed: [3, 4] });
    expect(parseCrossed('431', 9)).toEqual({ crossed: [1, 3, 4] });
    expect(parseCrossed('12', 12)).toEqual({ crossed: [12] });
    expect(parseCrossed('1 2', 12)).toEqual({ crossed: [1, 2] });
    expect(parseCrossed('13', 12)).toEqual({ problem: 'Không có người số 13 (danh sách có 12 người).' });
  });

  it('reads an empty line as nobody crossed', () => {
    expect(parseCrossed('', 5)).toEqual({ crossed: [] });
    expect(parseCrossed('   ', 5)).toEqual({ crossed: [] });
  });

  it('names what is wrong', () => {
    expect(parseCrossed('6', 5)).toEqual({ problem: 'Không có người số 6 (danh sách có 5 người).' });
    expect(parseCrossed('0', 5)).toEqual({ problem: 'Không có người số 0 (danh sách có 5 người).' });
    expect(parseCrossed('2 2', 5)).toEqual({ problem: 'Số 2 được gõ hai lần: mỗi tên bị gạch chỉ gõ một lần.' });
    expect(parseCrossed('33', 5)).toEqual({ problem: 'Số 3 được gõ hai lần: mỗi tên bị gạch chỉ gõ một lần.' });
    expect(parseCrossed('2 a', 5)).toEqual({ problem: '“a” không phải số thứ tự.' });
  });
});

describe('words for results', () => {
  const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Thị Cúc'];
  it('shows a ballot back', () => {
    expect(describeVerdict({ kind: 'valid', kept: [1, 3] }, names)).toBe('Hợp lệ, để lại: Nguyễn Văn An, Lê Thị Cúc');
    expect(describeVerdict({ kind: 'valid', kept: [] }, names)).toBe('Hợp lệ, không để lại tên nào');
    expect(describeVerdict({ kind: 'invalid', reason: 'Gạch hết tên ứng cử viên', automatic: true }, names)).toBe(
      'Không hợp lệ: Gạch hết tên ứng cử viên',
    );
  });

  it('titles rounds', () => {
    expect(roundTitle(1, 'first')).toBe('Vòng 1');
    expect(roundTitle(2, 'revote')).toBe('Vòng 2 (bầu lại khi bằng phiếu)');
    expect(roundTitle(3, 'further')).toBe('Vòng 3 (bầu thêm)');
  });
});

describe('check-in and counts as typed', () => {
  const list = [{ full_name: 'Nguyễn Văn An' }, { full_name: 'Đỗ Minh Khoa' }, { full_name: 'Ngô Thị Mai' }, { full_name: 'Nguyễn Thị Mai' }];
  it('finds people without diacritics, by words or by STT', () => {
    expect(fold('  Đỗ   Thị HÀ ')).toBe('do thi ha');
    expect(pickAttendees(list, 'khoa')).toEqual([list[1]]);
    expect(pickAttendees(list, 'yen')).toEqual([]); // Nguyễn is not Yến
    expect(pickAttendees(list, 'kh')).toEqual([list[1]]);
    expect(pickAttendees(list, 'do khoa')).toEqual([list[1]]);
    expect(pickAttendees(list, 'mai')).toEqual([list[2], list[3]]);
    expect(pickAttendees(list, 'nguyen mai')).toEqual([list[3]]);
    expect(pickAttendees(list, '3')).toEqual([list[2]]);
    expect(pickAttendees(list, '9')).toEqual([]);
    expect(pickAttendees(list, ' ')).toEqual([]);
  });

  it('reads a number field whatever the input gives back', () => {
    expect(typedCount(16)).toBe(16);
    expect(typedCount(' 16 ')).toBe(16);
    expect(typedCount('')).toBeNull();
    expect(typedCount(null)).toBeNull();
    expect(typedCount('1.5')).toEqual({ problem: '“1.5” không phải một số đếm.' });
  });

  it('shows stored times as dd/mm/yyyy HH:MM', () => {
    expect(shownTime('2026-11-22 21:40:05.123')).toBe('22/11/2026 21:40');
    expect(shownTime('2026-11-22 09:05:00')).toBe('22/11/2026 09:05');
    expect(shownTime(null)).toBe('');
  });
});
