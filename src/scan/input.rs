//! Scanned files as grey images, page by page: PNG and JPEG, TIFF (every page of a multi-page
//! one, as a scanner's feeder writes it) and the PDF an office scanner writes (every page drawn
//! at 200 dpi). Folders are read file by file in the order of their names, as a scanner numbers
//! them ("quet 2" before "quet 10"); a page is never held longer than its reading.

use super::read::Grey;
use std::path::{Path, PathBuf};

/// One page of a scanned file: where it came from ("quet.pdf, trang 3") and its image, or why
/// it could not be opened.
pub struct Page {
    pub source: String,
    pub image: Result<Grey, String>,
}

/// A PDF page is drawn at this resolution: enough for the reader at a fraction of 300 dpi's
/// time and memory.
const PDF_DPI: f32 = 200.0;
/// No page larger than this many pixels a side is drawn or opened (A3 at 300 dpi is 4,961): a
/// hostile file cannot take the memory.
const LARGEST: u32 = 8000;

/// The files to read, in order: each file as given, each folder's scans by name.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = vec![];
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| format!("Không mở được thư mục {}: {e}", path.display()))?;
            let mut inside: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && kind(p).is_some()).collect();
            inside.sort_by_key(|p| natural(&p.file_name().unwrap_or_default().to_string_lossy()));
            found.extend(inside);
        } else if path.is_file() {
            if kind(path).is_none() {
                return Err(format!("{}: không phải ảnh quét (PNG, JPEG, TIFF) hay PDF.", path.display()));
            }
            found.push(path.clone());
        } else {
            return Err(format!("Không thấy tệp hay thư mục {}.", path.display()));
        }
    }
    Ok(found)
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Picture,
    Tiff,
    Pdf,
}

fn kind(path: &Path) -> Option<Kind> {
    match path.extension()?.to_str()?.to_lowercase().as_str() {
        "png" | "jpg" | "jpeg" => Some(Kind::Picture),
        "tif" | "tiff" => Some(Kind::Tiff),
        "pdf" => Some(Kind::Pdf),
        _ => None,
    }
}

/// A name's sort key with its runs of digits compared as numbers.
fn natural(name: &str) -> Vec<(String, u64)> {
    let mut key = vec![];
    let mut text = String::new();
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut digits = c.to_string();
            while let Some(d) = chars.next_if(|d| d.is_ascii_digit()) {
                digits.push(d);
            }
            key.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
        } else {
            text.extend(c.to_lowercase());
        }
    }
    key.push((text, 0));
    key
}

/// Calls `each` with every page of `path` in order.
pub fn pages(path: &Path, each: &mut dyn FnMut(Page)) {
    let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => return each(Page { source: name, image: Err(format!("Không đọc được tệp: {e}")) }),
    };
    match kind(path) {
        Some(Kind::Pdf) => pdf_pages(&name, bytes, each),
        Some(Kind::Tiff) => tiff_pages(&name, &bytes, each),
        _ => each(Page { source: name, image: picture(&bytes) }),
    }
}

fn picture(bytes: &[u8]) -> Result<Grey, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    (limits.max_image_width, limits.max_image_height) = (Some(LARGEST), Some(LARGEST));
    reader.limits(limits);
    let grey = reader.decode().map_err(|e| format!("Không mở được ảnh: {e}"))?.into_luma8();
    Ok(Grey { width: grey.width() as usize, height: grey.height() as usize, pixels: grey.into_raw() })
}

fn tiff_pages(name: &str, bytes: &[u8], each: &mut dyn FnMut(Page)) {
    let mut decoder = match tiff::decoder::Decoder::new(std::io::Cursor::new(bytes)) {
        Ok(decoder) => decoder,
        Err(e) => return each(Page { source: name.into(), image: Err(format!("Không mở được ảnh TIFF: {e}")) }),
    };
    for number in 1.. {
        let source = format!("{name}, trang {number}");
        each(Page { source, image: tiff_page(&mut decoder) });
        if !decoder.more_images() {
            break;
        }
        if let Err(e) = decoder.next_image() {
            // A page that cannot be reached is told, never left out in silence.
            let source = format!("{name}, trang {}", number + 1);
            return each(Page { source, image: Err(format!("Không đọc được các trang từ đây của ảnh TIFF (tệp hỏng): {e}")) });
        }
    }
}

fn tiff_page(decoder: &mut tiff::decoder::Decoder<std::io::Cursor<&[u8]>>) -> Result<Grey, String> {
    use tiff::decoder::DecodingResult;
    use tiff::ColorType;
    let failed = |e: tiff::TiffError| format!("Không mở được trang ảnh TIFF: {e}");
    let (width, height) = decoder.dimensions().map_err(failed)?;
    if width > LARGEST || height > LARGEST || width == 0 || height == 0 {
        return Err(format!("Ảnh TIFF {width} × {height} điểm: quá lớn hoặc rỗng."));
    }
    let colour = decoder.colortype().map_err(failed)?;
    let (w, h) = (width as usize, height as usize);
    let samples = match colour {
        ColorType::Gray(_) => 1,
        ColorType::GrayA(_) => 2,
        ColorType::RGB(_) => 3,
        ColorType::RGBA(_) => 4,
        _ => return Err("Kiểu màu của ảnh TIFF này chưa đọc được; hãy quét ra PNG, JPEG hoặc PDF.".into()),
    };
    let grey = |values: &[u8]| if samples >= 3 { ((values[0] as u32 * 299 + values[1] as u32 * 587 + values[2] as u32 * 114) / 1000) as u8 } else { values[0] };
    let pixels: Vec<u8> = match (decoder.read_image().map_err(failed)?, colour) {
        // One bit a pixel (a scanner's black-and-white mode): rows padded to whole bytes.
        (DecodingResult::U8(data), ColorType::Gray(1)) => {
            let row = w.div_ceil(8);
            (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).map(|(x, y)| if data.get(y * row + x / 8).is_some_and(|b| b & (0x80 >> (x % 8)) != 0) { 255 } else { 0 }).collect()
        }
        (DecodingResult::U8(data), ColorType::Gray(8) | ColorType::GrayA(8) | ColorType::RGB(8) | ColorType::RGBA(8)) => data.chunks_exact(samples).map(grey).collect(),
        (DecodingResult::U16(data), _) => {
            let high: Vec<u8> = data.iter().map(|v| (v >> 8) as u8).collect();
            high.chunks_exact(samples).map(grey).collect()
        }
        _ => return Err("Độ sâu màu của ảnh TIFF này chưa đọc được; hãy quét ra PNG, JPEG hoặc PDF.".into()),
    };
    if pixels.len() != w * h {
        return Err("Ảnh TIFF hỏng: thiếu điểm ảnh.".into());
    }
    Ok(Grey { width: w, height: h, pixels })
}

fn pdf_pages(name: &str, bytes: Vec<u8>, each: &mut dyn FnMut(Page)) {
    // hayro may stop on an assertion with a malformed file: that file is reported, not the
    // app stopped.
    let opened = std::panic::catch_unwind(|| hayro::hayro_syntax::Pdf::new(bytes));
    let pdf = match opened {
        Ok(Ok(pdf)) => pdf,
        _ => return each(Page { source: name.into(), image: Err("Không mở được tệp PDF (hỏng hoặc có mật khẩu).".into()) }),
    };
    let settings = hayro::hayro_interpret::InterpreterSettings::default();
    for (i, page) in pdf.pages().iter().enumerate() {
        let source = format!("{name}, trang {}", i + 1);
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let (w, h) = page.render_dimensions();
            let scale = (PDF_DPI / 72.0).min(LARGEST as f32 / w.max(h).max(1.0));
            let render = hayro::RenderSettings { x_scale: scale, y_scale: scale, bg_color: hayro::vello_cpu::color::palette::css::WHITE, ..Default::default() };
            let pixmap = hayro::render(page, &hayro::RenderCache::new(), &settings, &render);
            let pixels = pixmap.data().iter().map(|p| ((p.r as u32 * 299 + p.g as u32 * 587 + p.b as u32 * 114) / 1000) as u8).collect();
            Grey { width: pixmap.width() as usize, height: pixmap.height() as usize, pixels }
        }));
        each(Page { source, image: drawn.map_err(|_| "Không vẽ được trang PDF này (tệp hỏng).".to_string()) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_read_in_the_order_the_scanner_numbered_it() {
        let mut names = ["quet 10.png", "quet 2.png", "Quet 1.jpg", "quet 2b.tif"];
        names.sort_by_key(|n| natural(n));
        assert_eq!(names, ["Quet 1.jpg", "quet 2.png", "quet 2b.tif", "quet 10.png"]);
    }
}
