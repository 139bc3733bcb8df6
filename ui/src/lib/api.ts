// Typed calls to the window's commands (src-tauri/src/commands.rs). The types come from the
// Rust core through ts-rs (./bindings); nothing here is written by hand twice.
import { invoke } from '@tauri-apps/api/core';
import type { ColumnMap } from './bindings/ColumnMap';
import type { Decision } from './bindings/Decision';
import type { DecisionInput } from './bindings/DecisionInput';
import type { DocumentHeader } from './bindings/DocumentHeader';
import type { DuesGrid } from './bindings/DuesGrid';
import type { DuesRates } from './bindings/DuesRates';
import type { Rating } from './bindings/Rating';
import type { Reminders } from './bindings/Reminders';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportPreview } from './bindings/ImportPreview';
import type { ListPage } from './bindings/ListPage';
import type { ListQuery } from './bindings/ListQuery';
import type { Member } from './bindings/Member';
import type { MemberInput } from './bindings/MemberInput';
import type { Stats } from './bindings/Stats';
import type { StatusChange } from './bindings/StatusChange';
import type { StatusInput } from './bindings/StatusInput';
import type { Vocabulary } from './bindings/Vocabulary';
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

  membersVocabulary: () => call<Vocabulary>('members_vocabulary'),
  membersList: (query: ListQuery) => call<ListPage>('members_list', { query }),
  memberGet: (id: number) => call<Member>('member_get', { id }),
  memberInput: (id: number) => call<MemberInput>('member_input', { id }),
  memberSave: (id: number | null, input: MemberInput) => call<Member>('member_save', { id, input }),
  memberStatusChange: (id: number, input: StatusInput) => call<Member>('member_status_change', { id, input }),
  memberStatusHistory: (id: number) => call<StatusChange[]>('member_status_history', { id }),
  membersImportPreview: (path: string, columns: ColumnMap[] | null) =>
    call<ImportPreview>('members_import_preview', { path, columns }),
  membersImport: (path: string, columns: ColumnMap[] | null, skipInvalid: boolean) =>
    call<ImportOutcome>('members_import', { path, columns, skipInvalid }),
  membersExport: (path: string, query: ListQuery) => call<number>('members_export', { path, query }),
  membersStats: () => call<Stats>('members_stats'),
  membersStatsExport: (path: string) => call<null>('members_stats_export', { path }),
  memberRatings: (id: number) => call<Rating[]>('member_ratings', { id }),
  ratingLevels: (year: number) => call<string[]>('rating_levels', { year }),
  memberRatingSet: (id: number, year: number, rating: string | null) =>
    call<Rating[]>('member_rating_set', { id, year, rating }),
  memberDecisions: (id: number) => call<Decision[]>('member_decisions', { id }),
  memberDecisionAdd: (id: number, input: DecisionInput) => call<Decision[]>('member_decision_add', { id, input }),
  duesGrid: (year: number) => call<DuesGrid>('dues_grid', { year }),
  duesSet: (id: number, year: number, month: number, paid: boolean) => call<null>('dues_set', { id, year, month, paid }),
  duesRates: () => call<DuesRates>('dues_rates'),
  duesRatesSet: (rates: DuesRates) => call<DuesRates>('dues_rates_set', { rates }),
  reminders: () => call<Reminders>('reminders'),
};
