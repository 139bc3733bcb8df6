import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import Settings from './Settings.svelte';
import { drafts } from '../lib/drafts.svelte';
import type { Unit } from '../lib/bindings/Unit';

let saved: Unit[] = [];

beforeEach(() => {
  saved = [];
  drafts.unit = null;
  mockIPC((cmd, args) => {
    const a = args as { unit: Unit };
    switch (cmd) {
      case 'storage_info':
        return {
          database: '/home/bt/.local/share/vn.sochidoan.desktop/chidoan.sqlite3',
          backup_dir: '/home/bt/.local/share/vn.sochidoan.desktop/backups',
          backups: [
            {
              path: '/b/chidoan-20261122-080000-000.sqlite3',
              file_name: 'chidoan-20261122-080000-000.sqlite3',
              taken_at: '22/11/2026 08:00:00',
              size_bytes: 49152,
            },
          ],
        };
      case 'dues_rates':
        return { unsalaried: 2000, salaried: 5000 };
      case 'unit_header':
        return {
          superior: a.unit.superior.toUpperCase(),
          issuer: a.unit.name.toUpperCase(),
          number: 'Số: …-BB',
          union: 'ĐOÀN TNCS HỒ CHÍ MINH',
          date_line: `${a.unit.place}, ngày 22 tháng 11 năm 2026`,
        };
      case 'unit_save':
        if (!a.unit.name.trim()) {
          throw {
            message: 'Tên đơn vị không được để trống.',
            fields: [{ field: 'name', message: 'Tên đơn vị không được để trống.' }],
          };
        }
        saved.push(a.unit);
        return { ...a.unit, name: a.unit.name.trim() };
      default:
        throw new Error(`unexpected command ${cmd}`);
    }
  });
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('Cài đặt', () => {
  it('shows where the data and backups are', async () => {
    render(Settings, { unit: null, onchange: () => {} });
    expect(await screen.findByTestId('storage-database')).toHaveProperty(
      'textContent',
      '/home/bt/.local/share/vn.sochidoan.desktop/chidoan.sqlite3',
    );
    const rows = (await screen.findByTestId('backup-list')).querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.textContent)).toEqual([
      '22/11/2026 08:00:00chidoan-20261122-080000-000.sqlite348 KBKhôi phục',
    ]);
  });

  it('shows the field error and saves nothing when the name is empty', async () => {
    render(Settings, { unit: null, onchange: () => {} });
    await fireEvent.input(screen.getByTestId('unit-superior'), { target: { value: 'Đoàn xã Thanh Hải' } });
    await fireEvent.click(screen.getByTestId('unit-save'));
    expect((await screen.findByTestId('unit-name-error')).textContent).toBe('Tên đơn vị không được để trống.');
    expect(screen.getByTestId('unit-message').textContent).toBe('Chưa lưu: hãy sửa các ô được đánh dấu.');
    expect(document.activeElement).toBe(screen.getByTestId('unit-name'));
    expect(saved).toEqual([]);
  });

  it('saves with Ctrl+S, reports the time and passes the stored unit up', async () => {
    const changes: Unit[] = [];
    render(Settings, { unit: null, onchange: (u: Unit) => changes.push(u) });
    const values = { name: ' Chi đoàn Thôn Đồng Quỹ', superior: 'Đoàn xã Thanh Hải', place: 'Hà Nam' };
    for (const [field, value] of Object.entries(values)) {
      await fireEvent.input(screen.getByTestId(`unit-${field}`), { target: { value } });
    }
    await waitFor(() => expect(screen.getByText('CHI ĐOÀN THÔN ĐỒNG QUỸ')).toBeTruthy());
    await fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('unit-message').textContent).toMatch(/^Đã lưu lúc \d\d:\d\d:\d\d\.$/));
    const stored = { name: 'Chi đoàn Thôn Đồng Quỹ', superior: 'Đoàn xã Thanh Hải', place: 'Hà Nam', abbrev: '', term: '' };
    expect(saved).toEqual([{ ...stored, name: ' Chi đoàn Thôn Đồng Quỹ' }]);
    expect(changes).toEqual([stored]);
  });
});

describe('Cài đặt, unsaved edits', () => {
  it('keeps what was typed when the user leaves the page and comes back', async () => {
    const stored = { name: 'Chi đoàn A', superior: 'Đoàn xã B', place: 'Hà Nam', abbrev: '', term: '' };
    render(Settings, { unit: stored, onchange: () => {} });
    await fireEvent.input(screen.getByTestId('unit-name'), { target: { value: 'Chi đoàn Thôn Đồng Quỹ' } });
    cleanup();

    render(Settings, { unit: stored, onchange: () => {} });
    expect((screen.getByTestId('unit-name') as HTMLInputElement).value).toBe('Chi đoàn Thôn Đồng Quỹ');
    expect(screen.getByText('Có thay đổi chưa lưu.')).toBeTruthy();

    // Once saved, there is no draft left: the next visit shows the stored unit.
    await fireEvent.click(screen.getByTestId('unit-save'));
    await waitFor(() => expect(screen.getByTestId('unit-message').textContent).toMatch(/^Đã lưu lúc/));
    cleanup();
    render(Settings, { unit: stored, onchange: () => {} });
    expect((screen.getByTestId('unit-name') as HTMLInputElement).value).toBe('Chi đoàn A');
    expect(screen.queryByText('Có thay đổi chưa lưu.')).toBeNull();
  });
});
