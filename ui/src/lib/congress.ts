// The congress page's pure helpers: reading a typed ballot, and the words for what the core
// returns. The rules themselves (validity, thresholds) live in the Rust core.
import type { Attendance } from './bindings/Attendance';
import type { Base } from './bindings/Base';
import type { ElectionKind } from './bindings/ElectionKind';
import type { Standing } from './bindings/Standing';
import type { Verdict } from './bindings/Verdict';

/** What the counter typed for one ballot: crossed positions, or a problem to show. */
export type TypedBallot = { crossed: number[] } | { problem: string };

/**
 * Reads "2 5", "2,5", "2.5" or "2+5" (the numeric keypad has no space) as the crossed-out
 * positions; an empty line crosses nobody. With 9 or fewer names each digit is one name, so
 * "34" crosses 3 and 4; with 10 or more, separators are needed. Positions must be 1…count,
 * each once.
 */
export function parseCrossed(text: string, count: number): TypedBallot {
  const parts = text.split(/[\s,.+;]+/).filter((p) => p !== '');
  const crossed: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part)) return { problem: `“${part}” không phải số thứ tự.` };
    const numbers = count <= 9 && part.length > 1 ? [...part].map(Number) : [Number(part)];
    for (const n of numbers) {
      if (n < 1 || n > count) return { problem: `Không có người số ${n} (danh sách có ${count} người).` };
      if (crossed.includes(n)) return { problem: `Số ${n} được gõ hai lần: mỗi tên bị gạch chỉ gõ một lần.` };
      crossed.push(n);
    }
  }
  return { crossed: crossed.sort((a, b) => a - b) };
}

/** A count typed in a number field: a number, an empty field (null), or a problem. */
export function typedCount(value: unknown): number | null | { problem: string } {
  const text = value === null || value === undefined ? '' : String(value).trim();
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return { problem: `“${text}” không phải một số đếm.` };
  return Number(text);
}

/** Lower case without diacritics, for matching what is typed to names: "Đỗ Thị Hà" → "do thi ha". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The summoned people a check-in query picks: its STT when it is a number, else those whose
 * name (without diacritics) has a word starting with each word typed ("yen" is Yến, not
 * Nguyễn).
 */
export function pickAttendees<T extends { full_name: string }>(list: T[], query: string): T[] {
  const q = fold(query);
  if (q === '') return [];
  if (/^\d+$/.test(q)) {
    const row = list[Number(q) - 1];
    return row ? [row] : [];
  }
  const words = q.split(' ');
  return list.filter((a) => {
    const name = fold(a.full_name).split(' ');
    return words.every((w) => name.some((part) => part.startsWith(w)));
  });
}

/** "22/11/2026 21:40" of a stored "2026-11-22 21:40:05.123". */
export function shownTime(stored: string | null): string {
  if (!stored) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(stored);
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : stored;
}

/** Reasons the counting committee marks a ballot invalid (DESIGN.md, Elections). */
export const invalidReasons: readonly string[] = [
  'Phiếu không do Ban Kiểm phiếu phát ra',
  'Phiếu ghi thêm tên người ngoài danh sách',
  'Phiếu gạch không rõ ràng',
  'Phiếu có ký hiệu riêng hoặc chữ ký',
  'Phiếu không có dấu của Đại hội',
];

export const standingLabel: Record<Standing, string> = {
  elected: 'Trúng cử',
  alternate: 'Dự khuyết',
  tie: 'Bằng phiếu',
  not_elected: 'Không trúng cử',
};

export const baseLabel: Record<Base, string> = {
  valid: 'số phiếu hợp lệ',
  collected: 'số phiếu thu vào',
  present: 'số đại biểu có mặt',
  summoned: 'số đại biểu được triệu tập',
};

export const electionKindLabel: Record<ElectionKind, string> = {
  committee: 'Ban Chấp hành',
  secretary: 'Bí thư',
  deputy: 'Phó Bí thư',
  delegates: 'Đại biểu dự đại hội cấp trên',
};

export const attendanceLabel: Record<Attendance, string> = {
  unknown: 'Chưa điểm danh',
  present: 'Có mặt',
  excused: 'Vắng có lý do',
  absent: 'Vắng không lý do',
};

/** "gạch 2, 5 — giữ An, Cúc" or the invalid reason, for the ballot shown back. */
export function describeVerdict(verdict: Verdict, names: string[]): string {
  if (verdict.kind === 'invalid') return `Không hợp lệ: ${verdict.reason}`;
  if (verdict.kept.length === 0) return 'Hợp lệ, không để lại tên nào';
  return `Hợp lệ, để lại: ${verdict.kept.map((p) => names[p - 1]).join(', ')}`;
}

/** "Vòng 2 (bầu lại)" */
export function roundTitle(number: number, kind: 'first' | 'further' | 'revote'): string {
  const suffix = kind === 'revote' ? ' (bầu lại khi bằng phiếu)' : kind === 'further' ? ' (bầu thêm)' : '';
  return `Vòng ${number}${suffix}`;
}
