// Helpers of the Hoạt động page that need no window.

/** Lower case without diacritics, so that "duc" finds "Đức" while typing. */
export function foldSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .trim();
}

/** The report periods of a year: four quarters and the whole year, as dd/mm/yyyy pairs. */
export function periods(year: number): { label: string; from: string; to: string }[] {
  const q = (n: number, from: string, to: string) => ({ label: `Quý ${'I II III IV'.split(' ')[n - 1]}/${year}`, from: `${from}/${year}`, to: `${to}/${year}` });
  return [
    q(1, '01/01', '31/03'),
    q(2, '01/04', '30/06'),
    q(3, '01/07', '30/09'),
    q(4, '01/10', '31/12'),
    { label: `Năm ${year}`, from: `01/01/${year}`, to: `31/12/${year}` },
  ];
}

/** How full a progress bar is: done of needed, 0–100. */
export function filled(done: number, needed: number): number {
  if (needed <= 0) return 100;
  return Math.min(100, Math.round((done * 100) / needed));
}
