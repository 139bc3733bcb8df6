use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn an() -> MemberInput {
    MemberInput {
        full_name: "  nguyễn   Văn An ".into(),
        date_of_birth: "5/2/1998".into(),
        joined_on: "26.03.2014".into(),
        phone: "0912 345 678".into(),
        card_number: " 012345 ".into(),
        ..MemberInput::default()
    }
}

#[test]
fn cleans_and_normalises_a_valid_record() {
    let v = validate(&an(), today()).unwrap();
    assert_eq!(v.input.full_name, "nguyễn Văn An");
    assert_eq!(v.input.date_of_birth, "05/02/1998");
    assert_eq!(v.input.joined_on, "26/03/2014");
    assert_eq!(v.input.phone, "0912345678");
    assert_eq!(v.card_number.as_deref(), Some("012345"));
    assert_eq!(v.date_of_birth, NaiveDate::from_ymd_opt(1998, 2, 5));
}

#[test]
fn reports_every_problem_with_its_field() {
    let input = MemberInput {
        full_name: " ".into(),
        date_of_birth: "31/02/1998".into(),
        joined_on: "01/01/2027".into(),
        phone: "09123abc".into(),
        id_number: "12345".into(),
        email: "an@".into(),
        ..MemberInput::default()
    };
    let problems = validate(&input, today()).unwrap_err();
    let got: Vec<(MemberField, &str)> = problems.iter().map(|p| (p.field, p.message.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (MemberField::FullName, "Họ và tên không được để trống."),
            (MemberField::DateOfBirth, "Ngày sinh “31/02/1998” không đúng dạng ngày/tháng/năm (ví dụ 05/02/1998)."),
            (MemberField::JoinedOn, "Ngày vào Đoàn 01/01/2027 ở sau ngày hôm nay."),
            (MemberField::Phone, "Số điện thoại phải gồm 9–11 chữ số (ví dụ 0912345678)."),
            (MemberField::IdNumber, "Số CCCD/CMND phải gồm 12 (hoặc 9) chữ số; ô này có 5 ký tự."),
            (MemberField::Email, "Email “an@” không hợp lệ."),
        ]
    );
}

#[test]
fn joining_outside_16_to_30_is_a_warning_kept_on_the_record_never_a_refusal() {
    let young = MemberInput { date_of_birth: "05/02/2000".into(), joined_on: "04/02/2016".into(), ..an() };
    let v = validate(&young, today()).unwrap();
    assert_eq!(v.input.age_note, format!("Vào Đoàn năm 15 tuổi (ghi nhận ngày {})", crate::dates::display(today())));
    assert_eq!(warnings(&v, today())[0], "Vào Đoàn năm 15 tuổi, ngoài độ tuổi 16–30; đã ghi vào “Ghi chú tuổi”.");
    let listed = validate_noting(&young, today(), "theo danh sách nhập ngày 22/11/2026").unwrap();
    assert_eq!(listed.input.age_note, "Vào Đoàn năm 15 tuổi (theo danh sách nhập ngày 22/11/2026)");
    // A note written by someone is kept as written.
    let noted = MemberInput { age_note: "Kết nạp đặc cách theo quyết định 12-QĐ/ĐTN".into(), ..young };
    assert_eq!(validate(&noted, today()).unwrap().input.age_note, "Kết nạp đặc cách theo quyết định 12-QĐ/ĐTN");
    // Exactly 16 on the day is fine: no note.
    let sixteen = MemberInput { date_of_birth: "05/02/2000".into(), joined_on: "05/02/2016".into(), ..an() };
    assert_eq!(validate(&sixteen, today()).unwrap().input.age_note, "");
}

#[test]
fn unusual_facts_are_warnings() {
    let bare = MemberInput { full_name: "Lê Văn Tám".into(), date_of_birth: "01/01/1990".into(), ..Default::default() };
    let v = validate(&bare, crate::dates::parse("22/11/2026").unwrap()).unwrap();
    assert_eq!(
        warnings(&v, crate::dates::parse("22/11/2026").unwrap()),
        ["Chưa có ngày vào Đoàn: tính là sinh hoạt tại chi đoàn từ trước mọi kỳ báo cáo.", "Đã 36 tuổi, quá 30: xem xét trưởng thành Đoàn.", "Chưa có số thẻ đoàn viên."]
    );
}

#[test]
fn phone_numbers_accept_the_country_code() {
    let v = validate(&MemberInput { phone: "+84 912.345.678".into(), ..an() }, today()).unwrap();
    assert_eq!(v.input.phone, "0912345678");
}
