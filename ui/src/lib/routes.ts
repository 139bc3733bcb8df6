// The pages of the window, addressed by the URL hash so that Back/Forward and reloads work.

export type PageId = 'tong-quan' | 'doan-vien' | 'hoat-dong' | 'dai-hoi' | 'cai-dat';

export interface Page {
  id: PageId;
  title: string;
  /** Alt + this digit opens the page. */
  key: string;
}

export const pages: readonly Page[] = [
  { id: 'tong-quan', title: 'Tổng quan', key: '1' },
  { id: 'doan-vien', title: 'Đoàn viên', key: '2' },
  { id: 'hoat-dong', title: 'Hoạt động', key: '3' },
  { id: 'dai-hoi', title: 'Đại hội', key: '4' },
  { id: 'cai-dat', title: 'Cài đặt', key: '5' },
];

export const defaultPage: PageId = 'tong-quan';

/** The page a hash such as "#/cai-dat" names; unknown hashes go to the default page. */
export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return pages.find((p) => p.id === id)?.id ?? defaultPage;
}

export function hashOf(id: PageId): string {
  return `#/${id}`;
}

type Shortcut = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'code'>;

/** The page an Alt+digit key press opens, if any. The physical key counts too, so the
 * shortcut works whatever the keyboard layout or Vietnamese input method makes of the digit. */
export function pageForShortcut(event: Shortcut): PageId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  return pages.find((p) => p.key === event.key || `Digit${p.key}` === event.code)?.id ?? null;
}
