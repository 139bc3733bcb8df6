import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, toIpcError } from './api';

afterEach(() => clearMocks());

describe('api', () => {
  it('passes arguments under the names the Rust commands take', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const unit = { name: 'A', superior: 'B', place: 'C', abbrev: '', term: '' };
    await api.unitSave(unit);
    await api.backupRestore('/tmp/x.sqlite3');
    expect(calls).toEqual([
      ['unit_save', { unit }],
      ['backup_restore', { source: '/tmp/x.sqlite3' }],
    ]);
  });

  it('turns any rejection into an IpcError', async () => {
    mockIPC(() => {
      throw 'hỏng';
    });
    await expect(api.startup()).rejects.toEqual({ message: 'hỏng', fields: [] });
    expect(toIpcError({ message: 'Sai', fields: [{ field: 'name', message: 'x' }] })).toEqual({
      message: 'Sai',
      fields: [{ field: 'name', message: 'x' }],
    });
  });
});
