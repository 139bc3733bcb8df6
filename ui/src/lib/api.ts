// Typed calls to the window's commands (src-tauri/src/commands.rs). The types come from the
// Rust core through ts-rs (./bindings); nothing here is written by hand twice.
import { invoke } from '@tauri-apps/api/core';
import type { DocumentHeader } from './bindings/DocumentHeader';
import type { IpcError } from './bindings/IpcError';
import type { Startup } from './bindings/Startup';
import type { StorageInfo } from './bindings/StorageInfo';
import type { Unit } from './bindings/Unit';

/** Whatever a command rejected with, as an IpcError the page can show. */
export function toIpcError(error: unknown): IpcError {
  if (error && typeof error === 'object' && 'message' in error) {
    const { message, fields } = error as Partial<IpcError>;
    return { message: String(message), fields: Array.isArray(fields) ? fields : [] };
  }
  return { message: String(error), fields: [] };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export const api = {
  startup: () => call<Startup>('startup'),
  unitGet: () => call<Unit | null>('unit_get'),
  unitSave: (unit: Unit) => call<Unit>('unit_save', { unit }),
  unitHeader: (unit: Unit) => call<DocumentHeader>('unit_header', { unit }),
  storageInfo: () => call<StorageInfo>('storage_info'),
  backupSave: (target: string) => call<null>('backup_save', { target }),
  backupRestore: (source: string) => call<StorageInfo>('backup_restore', { source }),
};
