// Helpers of the Đoàn viên page that need no window: the empty query and record, labels
// looked up in the vocabulary the core sends, dates for display.
import type { ListQuery } from './bindings/ListQuery';
import type { MemberInput } from './bindings/MemberInput';
import type { Choice } from './bindings/Choice';

export const PAGE_SIZE = 200;

export function emptyQuery(): ListQuery {
  return {
    search: '',
    statuses: [],
    sex: null,
    position: null,
    party_member: null,
    age_band: null,
    rating_year: null,
    rating: null,
    sort: 'name',
    descending: false,
    offset: 0,
    limit: PAGE_SIZE,
  };
}

export function emptyMember(): MemberInput {
  return {
    full_name: '',
    other_name: '',
    sex: null,
    date_of_birth: '',
    hometown: '',
    residence: '',
    ethnicity: '',
    religion: '',
    id_number: '',
    phone: '',
    email: '',
    occupation: '',
    education: '',
    qualification: '',
    political_theory: '',
    it_level: '',
    language_level: '',
    joined_on: '',
    joined_place: '',
    card_number: '',
    party_introduced_on: '',
    party_member_since: '',
    position: 'member',
    salaried: false,
    age_note: '',
    notes: '',
  };
}

export function labelOf<T>(choices: Choice<T>[] | undefined, value: T | null): string {
  if (value === null) return '';
  return choices?.find((c) => c.value === value)?.label ?? String(value);
}

/** "1998-02-05" → "05/02/1998"; null → "". */
export function shownDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** The rows [first, last) to show in a scrolled list of `rowHeight`-pixel rows. */
export function visibleRange(scrollTop: number, height: number, rowHeight: number, total: number, overscan = 8) {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return { first, last };
}
