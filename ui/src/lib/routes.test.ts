import { describe, expect, it } from 'vitest';
import { hashOf, pageForShortcut, pageFromHash, pages } from './routes';

const key = (k: string, code: string, mods: Partial<KeyboardEvent> = {}) => ({
  altKey: true,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  key: k,
  code,
  ...mods,
});

describe('routes', () => {
  it('lists the five pages in Vietnamese, in order', () => {
    expect(pages.map((p) => p.title)).toEqual(['Tổng quan', 'Đoàn viên', 'Hoạt động', 'Đại hội', 'Cài đặt']);
  });

  it('reads the page from the hash and falls back to Tổng quan', () => {
    expect(pageFromHash('#/cai-dat')).toBe('cai-dat');
    expect(pageFromHash('#/dai-hoi/12')).toBe('dai-hoi');
    expect(pageFromHash('')).toBe('tong-quan');
    expect(pageFromHash('#/khong-co')).toBe('tong-quan');
    expect(hashOf('doan-vien')).toBe('#/doan-vien');
  });

  it('opens pages with Alt+digit, by key or by physical key', () => {
    expect(pageForShortcut(key('5', 'Digit5'))).toBe('cai-dat');
    expect(pageForShortcut(key('ă', 'Digit1'))).toBe('tong-quan');
    expect(pageForShortcut(key('5', 'Digit5', { altKey: false }))).toBeNull();
    expect(pageForShortcut(key('5', 'Digit5', { ctrlKey: true }))).toBeNull();
    expect(pageForShortcut(key('9', 'Digit9'))).toBeNull();
  });
});
