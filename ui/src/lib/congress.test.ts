import { describe, expect, it } from 'vitest';
import { describeVerdict, parseCrossed, roundTitle } from './congress';

describe('typed ballots', () => {
  it('reads positions separated as a keypad allows', () => {
    expect(parseCrossed('2 5', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed('5,2', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed('2.5', 5)).toEqual({ crossed: [2, 5] });
    expect(parseCrossed(' 2+5 ', 5)).toEqual({ crossed: [2, 5] });
  });

  it('reads an empty line as nobody crossed', () => {
    expect(parseCrossed('', 5)).toEqual({ crossed: [] });
    expect(parseCrossed('   ', 5)).toEqual({ crossed: [] });
  });

  it('names what is wrong', () => {
    expect(parseCrossed('6', 5)).toEqual({ problem: 'Không có người số 6 (danh sách có 5 người).' });
    expect(parseCrossed('0', 5)).toEqual({ problem: 'Không có người số 0 (danh sách có 5 người).' });
    expect(parseCrossed('2 2', 5)).toEqual({ problem: 'Số 2 được gõ hai lần.' });
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
