import { describe, expect, it } from 'vitest';
import { amount, clockTime, fileSize, fileStamp } from './format';

describe('format', () => {
  it('writes file sizes the Vietnamese way', () => {
    expect(fileSize(812)).toBe('812 byte');
    expect(fileSize(49_152)).toBe('48 KB');
    expect(fileSize(1_572_864)).toBe('1,5 MB');
    expect(fileSize(12_582_912)).toBe('12 MB');
  });

  it('writes times and file stamps with leading zeros', () => {
    const d = new Date(2026, 0, 5, 9, 3, 7);
    expect(clockTime(d)).toBe('09:03:07');
    expect(fileStamp(d)).toBe('20260105-090307');
  });
});

describe('amounts', () => {
  it('groups thousands with dots', () => {
    expect(amount(1500000)).toBe('1.500.000');
    expect(amount(1232000)).toBe('1.232.000');
    expect(amount(999)).toBe('999');
    expect(amount(0)).toBe('0');
    expect(amount(-12000)).toBe('-12.000');
  });
});
