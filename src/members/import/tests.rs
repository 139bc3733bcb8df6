use super::*;

fn t(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

fn row(cells: &[&str]) -> Vec<Cell> {
    cells.iter().map(|s| t(s)).collect()
}

/// Sheet row, name, sex, date of birth, card number.
type Person = (u32, String, Option<Sex>, String, String);

/// Every row read, and the problems by row.
fn read(sheet: &Sheet) -> (Vec<Person>, Vec<(u32, Vec<String>)>) {
    let layout = detect(sheet).unwrap();
    let rows = read_rows(sheet, layout.data_start, &layout.columns);
    let people = rows
        .iter()
        .map(|r| (r.row, r.input.full_name.clone(), r.input.sex, r.input.date_of_birth.clone(), r.input.card_number.clone()))
        .collect();
    let problems = rows.iter().filter(|r| !r.problems.is_empty()).map(|r| (r.row, r.problems.clone())).collect();
    (people, problems)
}

#[test]
fn finds_the_header_below_title_rows_and_stops_at_the_footer() {
    let sheet = vec![
        row(&["ĐOÀN XÃ THANH HẢI", "", "", "ĐOÀN TNCS HỒ CHÍ MINH"]),
        row(&["CHI ĐOÀN THÔN ĐỒNG QUỸ"]),
        row(&[""]),
        row(&["DANH SÁCH ĐOÀN VIÊN NĂM 2026"]),
        row(&["STT", "Họ tên", "Ngày sinh", "Giới tính", "Số thẻ đoàn viên", "SĐT"]),
        row(&["1", "Nguyễn Văn An", "05/02/1998", "Nam", "012345", "0912345678"]),
        row(&["2", "Trần Thị Bình", "5-3-1999", "Nữ", "", ""]),
        row(&["", "", "", "", "", ""]),
        row(&["3", "Lê Đức", "07.11.2001", "nam", "", ""]),
        row(&["", "Người lập biểu", "", "", "", ""]),
        row(&["", "Phạm Thu Hà", "", "", "", ""]),
    ];
    let layout = detect(&sheet).unwrap();
    assert_eq!(layout.header_row, 5);
    let fields: Vec<Option<ImportField>> = layout.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        vec![
            None,
            Some(ImportField::FullName),
            Some(ImportField::DateOfBirth),
            Some(ImportField::Sex),
            Some(ImportField::CardNumber),
            Some(ImportField::Phone)
        ]
    );
    let (people, problems) = read(&sheet);
    assert_eq!(
        people,
        vec![
            (6, "Nguyễn Văn An".into(), Some(Sex::Male), "05/02/1998".into(), "012345".into()),
            (7, "Trần Thị Bình".into(), Some(Sex::Female), "5-3-1999".into(), "".into()),
            (9, "Lê Đức".into(), Some(Sex::Male), "07.11.2001".into(), "".into()),
        ]
    );
    assert!(problems.is_empty());
}

#[test]
fn two_row_header_with_birth_dates_under_nam_and_nu() {
    let sheet = vec![
        row(&["DANH SÁCH TRÍCH NGANG ĐOÀN VIÊN"]),
        row(&["TT", "Họ và tên", "Ngày, tháng, năm sinh", "", "Quê quán", "Ngày vào Đoàn", "Ghi chú"]),
        row(&["", "", "Nam", "Nữ", "", "", ""]),
        row(&["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]),
        vec![t("1"), t("Nguyễn Thị Thư"), Cell::Empty, Cell::Number(36_200.0), t("Hà Nam"), t("26/3/2015"), Cell::Empty],
        vec![t("2"), t("Hoàng Văn Nam"), Cell::Date(NaiveDate::from_ymd_opt(1997, 1, 9).unwrap()), Cell::Empty, t(""), t(""), t("")],
        vec![t("3"), t("Vũ Thị Thủy"), Cell::Empty, t("12/13/2000"), t(""), t(""), t("")],
    ];
    let layout = detect(&sheet).unwrap();
    assert_eq!(layout.header_row, 2);
    let headers: Vec<(&str, Option<ImportField>)> = layout.columns.iter().map(|c| (c.header.as_str(), c.field)).collect();
    assert_eq!(
        headers,
        vec![
            ("TT", None),
            ("Họ và tên", Some(ImportField::FullName)),
            ("Ngày, tháng, năm sinh / Nam", Some(ImportField::BirthIfMale)),
            ("Ngày, tháng, năm sinh / Nữ", Some(ImportField::BirthIfFemale)),
            ("Quê quán", Some(ImportField::Hometown)),
            ("Ngày vào Đoàn", Some(ImportField::JoinedOn)),
            ("Ghi chú", Some(ImportField::Notes)),
        ]
    );
    let (people, problems) = read(&sheet);
    assert_eq!(
        people,
        vec![
            (5, "Nguyễn Thị Thư".into(), Some(Sex::Female), "09/02/1999".into(), "".into()),
            (6, "Hoàng Văn Nam".into(), Some(Sex::Male), "09/01/1997".into(), "".into()),
            (7, "Vũ Thị Thủy".into(), None, "".into(), "".into()),
        ]
    );
    assert_eq!(problems, vec![(7, vec!["Ngày sinh “12/13/2000” không đúng dạng ngày/tháng/năm.".to_string()])]);
}

#[test]
fn family_and_given_names_in_two_columns() {
    let sheet = vec![
        row(&["STT", "Họ và tên đệm", "Tên", "Năm sinh", "Dân tộc", "Tôn giáo"]),
        row(&["1", "Đặng Thị", "Hoa", "03/04/2002", "Kinh", "Không"]),
        vec![t("2"), t("Lò Văn"), t("Páo"), Cell::Number(2001.0), t("Thái"), t("")],
    ];
    let (people, problems) = read(&sheet);
    assert_eq!(
        people,
        vec![
            (2, "Đặng Thị Hoa".into(), None, "03/04/2002".into(), "".into()),
            (3, "Lò Văn Páo".into(), None, "".into(), "".into())
        ]
    );
    assert_eq!(problems, vec![(3, vec!["Ngày sinh chỉ có “2001”, cần đủ ngày/tháng/năm.".to_string()])]);
}

#[test]
fn numbers_typed_into_excel_keep_their_leading_zero() {
    let sheet = vec![
        row(&["Họ và tên", "Số điện thoại", "Số thẻ đoàn"]),
        vec![t("Nguyễn Văn An"), Cell::Number(912_345_678.0), Cell::Number(123_456.0)],
    ];
    let layout = detect(&sheet).unwrap();
    let rows = read_rows(&sheet, layout.data_start, &layout.columns);
    assert_eq!((rows[0].input.phone.as_str(), rows[0].input.card_number.as_str()), ("0912345678", "123456"));
}

#[test]
fn no_header_is_a_clear_error() {
    let sheet = vec![row(&["a", "b"]), row(&["1", "2"])];
    assert_eq!(detect(&sheet).unwrap_err().to_string(), "Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong 30 dòng đầu của tệp.");
}

#[test]
fn csv_in_utf8_with_bom_and_semicolons() {
    let bytes = "\u{FEFF}Họ và tên;Ngày sinh;Giới tính\nNguyễn Văn An;05/02/1998;Nam\n".as_bytes();
    let sheet = read_csv(bytes);
    assert_eq!(sheet[0], row(&["Họ và tên", "Ngày sinh", "Giới tính"]));
    assert_eq!(sheet[1], row(&["Nguyễn Văn An", "05/02/1998", "Nam"]));
}

#[test]
fn csv_in_windows_1258_as_vietnamese_excel_writes_it() {
    // "Họ và tên,Ngày sinh\nNguyễn Thị Thủy,05/02/1998" with tones as combining marks.
    let mut bytes = Vec::new();
    bytes.extend(b"Ho\xF2 va\xCC t\xEAn,Nga\xCCy sinh\r\n");
    bytes.extend(b"Nguy\xEA\xDEn Thi\xF2 Thu\xD2y,05/02/1998\r\n");
    let sheet = read_csv(&bytes);
    let layout = detect(&sheet).unwrap();
    let rows = read_rows(&sheet, layout.data_start, &layout.columns);
    assert_eq!(rows[0].input.full_name, "Nguyễn Thị Thủy");
    assert_eq!(rows[0].input.full_name.chars().count(), 15, "composed to NFC");
}

#[test]
fn the_end_of_a_table_is_recognised_wherever_it_stands() {
    let footer = |cells: &[&str]| is_footer(&row(cells));
    assert!(footer(&["", "Danh sách có 24 đoàn viên."]));
    assert!(footer(&["", "", "", "", "", "Tổng cộng: 24"]));
    assert!(footer(&["", "", "", "", "Hà Nam, ngày 22 tháng 11 năm 2026"]));
    assert!(footer(&["", "Người lập biểu", "", "", "T/M BAN CHẤP HÀNH"]));
    assert!(footer(&["", "", "", "", "", "BÍ THƯ"]));
    assert!(footer(&["", "", "", "", "", "PHÓ BÍ THƯ"]));
    // A member is never one: a Bí thư in the position column, or a name beside a title.
    assert!(!footer(&["3", "Hoàng Thị Lan", "12/03/1995", "Nữ", "Bí thư"]));
    assert!(!footer(&["", "Nguyễn Văn An", "", "", "Bí thư"]));
    assert!(!footer(&["4", "Nguyễn Thị Ngày", "20/10/2003", "Nữ"]));
}

#[test]
fn csv_keeps_rows_numbered_and_quoted_blank_lines_in_their_cell() {
    let sheet = read_csv("STT,Họ và tên,Ghi chú\n\n1,Nguyễn Văn An,\"Dòng một\n\nDòng ba\"\n2,'=Lê Văn Bình,'-Chuyển đến\n".as_bytes());
    assert_eq!(sheet.len(), 4);
    assert_eq!(sheet[1], row(&["", ""]));
    assert_eq!(sheet[2][2], t("Dòng một\n\nDòng ba"));
    assert_eq!(sheet[3], row(&["2", "=Lê Văn Bình", "-Chuyển đến"]), "the export's apostrophe comes off");
}

#[test]
fn utf16_and_separators_are_read_as_excel_writes_them() {
    let text = "STT\tHọ và tên\r\n1\tNguyễn Văn An\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(read_csv(&bytes), vec![row(&["STT", "Họ và tên"]), row(&["1", "Nguyễn Văn An"])]);
    assert_eq!(read_csv("STT;Họ và tên;Ngày sinh\n1;Nguyễn Văn An;1,5\n".as_bytes())[1], row(&["1", "Nguyễn Văn An", "1,5"]));
}
