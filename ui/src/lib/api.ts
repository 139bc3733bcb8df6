// Typed calls to the window's commands (src-tauri/src/commands.rs). The types come from the
// Rust core through ts-rs (./bindings); nothing here is written by hand twice.
import { Channel, invoke } from '@tauri-apps/api/core';
import { busy } from './busy.svelte';
import type { AgendaItem } from './bindings/AgendaItem';
import type { Attendance } from './bindings/Attendance';
import type { BallotEntry } from './bindings/BallotEntry';
import type { Body } from './bindings/Body';
import type { Candidate } from './bindings/Candidate';
import type { Congress } from './bindings/Congress';
import type { CongressSummary } from './bindings/CongressSummary';
import type { CongressView } from './bindings/CongressView';
import type { ElectionInput } from './bindings/ElectionInput';
import type { Motion } from './bindings/Motion';
import type { RoundKind } from './bindings/RoundKind';
import type { RoundOptions } from './bindings/RoundOptions';
import type { PositionPlan } from './bindings/PositionPlan';
import type { PositionSpell } from './bindings/PositionSpell';
import type { RoundState } from './bindings/RoundState';
import type { ScanRead } from './bindings/ScanRead';
import type { ScanState } from './bindings/ScanState';
import type { Totals } from './bindings/Totals';
import type { Document } from './bindings/Document';
import type { PaperRequest } from './bindings/PaperRequest';
import type { Activity } from './bindings/Activity';
import type { ActivityInput } from './bindings/ActivityInput';
import type { ActivityType } from './bindings/ActivityType';
import type { BranchPaper } from './bindings/BranchPaper';
import type { Participation } from './bindings/Participation';
import type { TargetInput } from './bindings/TargetInput';
import type { TargetProgress } from './bindings/TargetProgress';
import type { YearFigures } from './bindings/YearFigures';
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
import type { Separator } from './bindings/Separator';
import type { Member } from './bindings/Member';
import type { MemberInput } from './bindings/MemberInput';
import type { Joining } from './bindings/Joining';
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

/** Runs a page action: null when it worked, else the message to show (nothing thrown). */
export async function failure(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return toIpcError(error).message;
  }
}

// Counted outside the reactive state and only written to it: a call made inside an effect must
// not make that effect depend on the count (it would run again after every call).
let running = 0;

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  busy.running = ++running;
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  } finally {
    busy.running = --running;
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
  memberSave: (id: number | null, input: MemberInput, joining: Joining | null = null) =>
    call<Member>('member_save', { id, input, joining }),
  memberStatusChange: (id: number, input: StatusInput) => call<Member>('member_status_change', { id, input }),
  memberStatusHistory: (id: number) => call<StatusChange[]>('member_status_history', { id }),
  memberStatusRemove: (id: number, statusId: number) => call<Member>('member_status_remove', { id, statusId }),
  memberPositionHistory: (id: number) => call<PositionSpell[]>('member_position_history', { id }),
  membersImportPreview: (path: string, columns: ColumnMap[] | null) =>
    call<ImportPreview>('members_import_preview', { path, columns }),
  membersImport: (path: string, columns: ColumnMap[] | null, skipInvalid: boolean) =>
    call<ImportOutcome>('members_import', { path, columns, skipInvalid }),
  membersExport: (path: string, query: ListQuery, separator: Separator | null = null) =>
    call<number>('members_export', { path, query, separator }),
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

  congressList: () => call<CongressSummary[]>('congress_list'),
  congressView: (id: number) => call<CongressView>('congress_view', { id }),
  congressSave: (congress: Congress) => call<number>('congress_save', { congress }),
  congressDelete: (id: number) => call<null>('congress_delete', { id }),
  congressSummonMembers: (id: number, memberIds: number[]) => call<number>('congress_summon_members', { id, memberIds }),
  congressAddAttendee: (id: number, fullName: string, note: string) =>
    call<number>('congress_add_attendee', { id, fullName, note }),
  congressRemoveAttendee: (attendeeId: number) => call<null>('congress_remove_attendee', { attendeeId }),
  congressSetAttendance: (attendeeId: number, attendance: Attendance, reason: string) =>
    call<null>('congress_set_attendance', { attendeeId, attendance, reason }),
  congressSetSeat: (attendeeId: number, body: Body, seat: number) => call<null>('congress_set_seat', { attendeeId, body, seat }),
  congressAddGuest: (id: number, name: string, title: string) => call<number>('congress_add_guest', { id, name, title }),
  congressRemoveGuest: (guestId: number) => call<null>('congress_remove_guest', { guestId }),
  congressSaveAgenda: (id: number, item: AgendaItem) => call<number>('congress_save_agenda', { id, item }),
  congressRemoveAgenda: (itemId: number) => call<null>('congress_remove_agenda', { itemId }),
  congressSaveMotion: (id: number, motion: Motion) => call<number>('congress_save_motion', { id, motion }),
  congressRemoveMotion: (motionId: number) => call<null>('congress_remove_motion', { motionId }),
  congressExport: (id: number, path: string) => call<null>('congress_export', { id, path }),
  congressImport: (path: string) => call<number>('congress_import', { path }),
  electionSave: (congressId: number, electionId: number | null, input: ElectionInput) =>
    call<number>('election_save', { congressId, electionId, input }),
  electionDelete: (electionId: number) => call<null>('election_delete', { electionId }),
  electionSetCandidates: (electionId: number, candidates: Candidate[]) =>
    call<string[]>('election_set_candidates', { electionId, candidates }),
  congressAllPresent: (id: number) => call<number>('congress_all_present', { id }),
  roundUnlock: (roundId: number, reason: string) => call<RoundState>('round_unlock', { roundId, reason }),
  positionsPlan: (id: number) => call<PositionPlan>('positions_plan', { id }),
  positionsApply: (id: number) => call<PositionPlan>('positions_apply', { id }),
  roundState: (roundId: number) => call<RoundState>('round_state', { roundId }),
  roundOptions: (roundId: number, options: RoundOptions) => call<RoundState>('round_options', { roundId, options }),
  ballotEnter: (roundId: number, pass: number, entry: BallotEntry) => call<RoundState>('ballot_enter', { roundId, pass, entry }),
  ballotCorrect: (roundId: number, pass: number, number: number, entry: BallotEntry) =>
    call<RoundState>('ballot_correct', { roundId, pass, number, entry }),
  ballotUndo: (roundId: number, pass: number) => call<RoundState>('ballot_undo', { roundId, pass }),
  roundTotals: (roundId: number, totals: Totals) => call<RoundState>('round_totals', { roundId, totals }),
  roundConfirm: (roundId: number, readAt: string) => call<RoundState>('round_confirm', { roundId, readAt }),
  roundNext: (electionId: number, kind: RoundKind) => call<number>('round_next', { electionId, kind }),
  passExport: (roundId: number, pass: number, path: string) => call<null>('pass_export', { roundId, pass, path }),
  passImport: (roundId: number, pass: number, path: string) => call<number>('pass_import', { roundId, pass, path }),
  /** Quét phiếu: `progress(pages, papers)` after each page read. */
  scanRead: (roundId: number, pass: number, paths: string[], progress: (pages: number, papers: number) => void) => {
    const channel = new Channel<[number, number]>();
    channel.onmessage = ([pages, papers]) => progress(pages, papers);
    return call<ScanRead>('scan_read', { roundId, pass, paths, progress: channel });
  },
  scanState: (roundId: number, pass: number) => call<ScanState>('scan_state', { roundId, pass }),
  /** The straightened paper, PNG. */
  scanImage: (roundId: number, pass: number, number: number) => call<ArrayBuffer>('scan_image', { roundId, pass, number }),
  scanDecide: (roundId: number, pass: number, number: number, decision: string) =>
    call<ScanState>('scan_decide', { roundId, pass, number, decision }),
  scanDiscard: (roundId: number, pass: number) => call<RoundState>('scan_discard', { roundId, pass }),

  documentPreview: (request: PaperRequest) => call<Document>('document_preview', { request }),
  documentSave: (request: PaperRequest, path: string) => call<null>('document_save', { request, path }),
  ballotsSave: (congressId: number, election: string, spare: number, path: string) =>
    call<null>('ballots_save', { congressId, election, spare, path }),
  documentOpen: (path: string) => call<null>('document_open', { path }),
  /** `progress(done, total)` after each file written. */
  dossierSave: (congressId: number, dir: string, open: boolean, progress: (done: number, total: number) => void) => {
    const channel = new Channel<[number, number]>();
    channel.onmessage = ([done, total]) => progress(done, total);
    return call<string>('dossier_save', { congressId, dir, open, progress: channel });
  },

  activityTypes: () => call<ActivityType[]>('activity_types'),
  activityTypeAdd: (name: string) => call<number>('activity_type_add', { name }),
  activitiesList: () => call<Activity[]>('activities_list'),
  activitySave: (id: number | null, input: ActivityInput) => call<Activity>('activity_save', { id, input }),
  activityDelete: (id: number) => call<null>('activity_delete', { id }),
  participation: (memberId: number, year: number) => call<Participation>('participation', { memberId, year }),
  yearFigures: () => call<YearFigures>('year_figures'),
  targetsProgress: () => call<TargetProgress[]>('targets_progress'),
  targetAdd: (input: TargetInput) => call<number>('target_add', { input }),
  targetRemove: (id: number) => call<null>('target_remove', { id }),
  branchPaperPreview: (paper: BranchPaper) => call<Document>('branch_paper_preview', { paper }),
  branchPaperSave: (paper: BranchPaper, path: string) => call<null>('branch_paper_save', { paper, path }),
};
