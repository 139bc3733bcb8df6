// Numbers and sizes the way Vietnamese readers write them: "1.234" and "1,5 MB".

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** A file size: "812 byte", "48 KB", "1,5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${integer.format(bytes)} byte`;
  if (bytes < 1024 * 1024) return `${integer.format(Math.round(bytes / 1024))} KB`;
  return `${oneDecimal.format(bytes / (1024 * 1024))} MB`;
}

/** "14:05:09" of a Date, for "Đã lưu lúc …". */
export function clockTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** "20261122-140509", for default backup file names. */
export function fileStamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${clockTime(date).replaceAll(':', '')}`;
}

/** An amount with Vietnamese thousands separators, whatever locale data the WebView has: "1.500.000". */
export function amount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
