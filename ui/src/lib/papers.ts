// Saving a paper: the system's Save dialog, the file written by the core, then opened in the
// system's program (Word, LibreOffice, a PDF reader, Excel).
import { save } from '@tauri-apps/plugin-dialog';
import { api } from './api';

export type PaperFormat = 'docx' | 'pdf' | 'xlsx';

const kinds: Record<PaperFormat, { title: string; name: string }> = {
  docx: { title: 'Lưu thành tệp Word', name: 'Word' },
  pdf: { title: 'Lưu thành tệp PDF', name: 'PDF' },
  xlsx: { title: 'Lưu thành tệp Excel', name: 'Excel' },
};

/** Asks where to save, writes with `write`, opens the file when `open`; the path, or null when
 * the user cancelled. Errors are thrown to the caller. */
export async function savePaper(
  format: PaperFormat,
  file: string,
  write: (path: string) => Promise<unknown>,
  open: boolean,
): Promise<string | null> {
  const path = await save({
    title: kinds[format].title,
    defaultPath: `${file}.${format}`,
    filters: [{ name: kinds[format].name, extensions: [format] }],
  });
  if (!path) return null;
  await write(path);
  if (open) await api.documentOpen(path);
  return path;
}
