//! End-to-end tests of the real window: the `chidoan-desktop` binary cargo built, driven through
//! tauri-driver and WebKitWebDriver on a private Xvfb display. Elements are found by
//! `data-testid`, never by layout.
//!
//! Needs `Xvfb`, `WebKitWebDriver` (Debian: xvfb, webkit2gtk-driver) and tauri-driver in
//! `.tools/bin` or on PATH; the README's test command installs all three. A missing tool fails
//! the test: it never skips silently.

// The real window under Xvfb through WebKitWebDriver: Linux only.
#![cfg(target_os = "linux")]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chidoan::db;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::sync::Mutex;

/// One window at a time: the machine has two cores and each session starts a WebKit.
static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

const WAIT: Duration = Duration::from_secs(20);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn tool(name: &str) -> PathBuf {
    let local = workspace_root().join(".tools/bin").join(name);
    if local.exists() {
        return local;
    }
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.exists()));
    on_path.unwrap_or_else(|| {
        panic!("{name} not found: run the README's test command (it installs tauri-driver, Xvfb and WebKitWebDriver)")
    })
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0)).unwrap().local_addr().unwrap().port()
}

/// Kills a child process when dropped, even when an assertion fails halfway.
struct Process {
    child: Child,
    /// SIGTERM first: SIGKILL would orphan tauri-driver's WebKitWebDriver and the app, and leave Xvfb's
    /// lock file behind.
    terminate: bool,
}

impl Drop for Process {
    fn drop(&mut self) {
        if self.terminate {
            // SAFETY: kill(2) on the pid of a child this process spawned and has not reaped.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private X display.
struct Display {
    number: u32,
    _xvfb: Process,
}

impl Display {
    fn start() -> Display {
        let xvfb = tool("Xvfb");
        for number in 90..190 {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
            let lock = PathBuf::from(format!("/tmp/.X{number}-lock"));
            // A display whose Xvfb is gone (killed before it could clean up) is free again.
            let owner = std::fs::read_to_string(&lock).ok().and_then(|pid| pid.trim().parse::<u32>().ok());
            if owner.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists()) {
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_file(&socket);
            }
            if socket.exists() || lock.exists() {
                continue;
            }
            let child = Command::new(&xvfb)
                .arg(format!(":{number}"))
                .args(["-screen", "0", "1366x768x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start Xvfb");
            // SIGTERM lets Xvfb remove its lock file and socket.
            let mut process = Process { child, terminate: true };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if socket.exists() {
                    return Display { number, _xvfb: process };
                }
                if let Ok(Some(_)) = process.child.try_wait() {
                    break; // Lost the race for this display number; try the next one.
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("no free X display for Xvfb");
    }
}

/// The app running on one database file, with a WebDriver session on its window.
struct App {
    client: Client,
    _driver: Process,
    display: Display,
}

impl App {
    async fn start(database: &Path) -> App {
        let display = Display::start();
        let port = free_port();
        let driver = Command::new(tool("tauri-driver"))
            .args(["--port", &port.to_string(), "--native-port", &free_port().to_string()])
            .arg("--native-driver")
            .arg(tool("WebKitWebDriver"))
            .env("DISPLAY", format!(":{}", display.number))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start tauri-driver");
        let driver = Process { child: driver, terminate: true };

        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": env!("CARGO_BIN_EXE_chidoan-desktop"),
                "args": ["--db", database],
            }
        });
        let capabilities = capabilities.as_object().unwrap().clone();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + WAIT;
        let client = loop {
            let connected = ClientBuilder::rustls().unwrap().capabilities(capabilities.clone()).connect(&url).await;
            match connected {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => panic!("no WebDriver session: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        App { client, _driver: driver, display }
    }

    fn display(&self) -> u32 {
        self.display.number
    }

    async fn find(&self, test_id: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("[data-testid='{test_id}']")))
            .await
            .unwrap_or_else(|e| panic!("no element {test_id}: {e}"))
    }

    /// The element's text; found again when the page re-rendered it in between.
    async fn text(&self, test_id: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.find(test_id).await.text().await {
                Ok(text) => return text,
                Err(e) if Instant::now() > deadline => panic!("cannot read {test_id}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// Waits until the element's text satisfies `ok`; returns that text.
    async fn text_when(&self, test_id: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.text(test_id).await;
            if ok(&text) {
                return text;
            }
            assert!(Instant::now() < deadline, "{test_id} still reads {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until no element has `test_id`; an element going stale while it is removed is
    /// part of going.
    async fn gone(&self, test_id: &str, failure: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.client.find_all(Locator::Css(&format!("[data-testid='{test_id}']"))).await {
                Ok(found) if found.is_empty() => return,
                _ => {}
            }
            assert!(Instant::now() < deadline, "{failure}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn value(&self, test_id: &str) -> String {
        self.find(test_id).await.prop("value").await.unwrap().unwrap_or_default()
    }

    /// Presses `modifier` + `key` as a user does, on whatever has the focus.
    async fn chord(&self, modifier: Key, key: char) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier.into() })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier.into() });
        self.client.perform_actions(keys).await.unwrap();
    }

    /// Saves a screenshot into $CHIDOAN_SHOTS (for the README), when that is set.
    async fn screenshot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("CHIDOAN_SHOTS") {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(Path::new(&dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    async fn quit(self) {
        self.client.close().await.unwrap();
    }
}

const NAME: &str = "Chi đoàn Sở Thông tin và Truyền thông";

#[tokio::test(flavor = "multi_thread")]
async fn the_unit_set_in_settings_is_there_after_a_restart() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("chidoan.sqlite3");

    let app = App::start(&database).await;
    assert_eq!(app.text("sidebar-unit").await, "Chưa thiết lập đơn vị");
    app.screenshot("tong-quan").await;

    // Keyboard only: Alt+5 opens Cài đặt, Ctrl+S saves.
    app.find("nav-cai-dat").await;
    app.chord(Key::Alt, '5').await;
    app.text_when("page-title", |t| t == "Cài đặt").await;
    assert_eq!(app.text("storage-database").await, database.display().to_string());

    // An empty required field is refused with its own message and nothing is stored.
    app.find("unit-save").await.click().await.unwrap();
    assert_eq!(app.text("unit-name-error").await, "Tên đơn vị không được để trống.");
    assert_eq!(app.text("unit-place-error").await, "Địa danh không được để trống.");

    app.find("unit-name").await.send_keys(NAME).await.unwrap();
    app.find("unit-superior").await.send_keys("Đoàn Khối các cơ quan tỉnh").await.unwrap();
    app.find("unit-place").await.send_keys("Hà Nam").await.unwrap();
    app.find("unit-abbrev").await.send_keys("CĐ").await.unwrap();
    app.find("unit-term").await.send_keys("2025-2027").await.unwrap();
    app.chord(Key::Control, 's').await;
    let saved = app.text_when("unit-message", |t| t.starts_with("Đã lưu lúc")).await;
    assert!(saved.len() > "Đã lưu lúc ".len(), "{saved}");
    assert_eq!(app.value("unit-term").await, "2025 - 2027", "the term is stored in its standard form");
    assert_eq!(app.text("sidebar-unit").await, NAME);
    app.screenshot("cai-dat").await;
    app.quit().await;

    // A second start on the same file: the name is read back from the database.
    let app = App::start(&database).await;
    assert_eq!(app.text_when("sidebar-unit", |t| t != "Chưa thiết lập đơn vị").await, NAME);

    // Starting the app again on this database only brings this window forward: it exits at once.
    let mut again = Command::new(env!("CARGO_BIN_EXE_chidoan-desktop"))
        .arg("--db")
        .arg(&database)
        .env("DISPLAY", format!(":{}", app.display()))
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = again.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = again.kill();
            panic!("a second start on the same database opened another window");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success());
    app.find("nav-cai-dat").await.click().await.unwrap();
    app.text_when("page-title", |t| t == "Cài đặt").await;
    assert_eq!(app.value("unit-name").await, NAME);
    assert_eq!(app.value("unit-superior").await, "Đoàn Khối các cơ quan tỉnh");
    assert_eq!(app.value("unit-place").await, "Hà Nam");
    // That start backed the database up first, and Cài đặt lists the backup.
    let backups = db::list_backups(&database).unwrap();
    assert_eq!(backups.len(), 1);
    let listed = app.text("backup-row-0").await;
    assert!(listed.contains(&backups[0].file_name), "{listed}");

    // Restoring that backup brings back the name saved before; the data it replaces is
    // backed up first and appears as the newest backup.
    let name_field = app.find("unit-name").await;
    name_field.clear().await.unwrap();
    name_field.send_keys("Chi đoàn Giáo viên").await.unwrap();
    app.find("unit-save").await.click().await.unwrap();
    app.text_when("sidebar-unit", |t| t == "Chi đoàn Giáo viên").await;
    app.find("backup-restore-0").await.click().await.unwrap();
    app.find("restore-confirm").await.click().await.unwrap();
    let done = app.text_when("storage-message", |t| t.starts_with("Đã khôi phục")).await;
    assert_eq!(
        done,
        format!(
            "Đã khôi phục từ bản sao lưu lúc {}. Dữ liệu trước khi khôi phục được giữ lại ở bản sao lưu mới nhất.",
            backups[0].taken_at
        )
    );
    assert_eq!(app.text("sidebar-unit").await, NAME);
    assert_eq!(app.value("unit-name").await, NAME);
    let backups = db::list_backups(&database).unwrap();
    assert_eq!(backups.len(), 2);
    assert!(app.text("backup-row-0").await.contains(&backups[0].file_name));
    app.quit().await;

    let conn = db::Connection::open(&backups[0].path).unwrap();
    assert_eq!(chidoan::unit::get(&conn).unwrap().unwrap().name, "Chi đoàn Giáo viên");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_a_newer_version_is_refused_in_the_window() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("chidoan.sqlite3");
    let conn = db::open(&database, db::StartBackup::Always).unwrap();
    conn.pragma_update(None, "user_version", 42).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let before = std::fs::read(&database).unwrap();

    let app = App::start(&database).await;
    let message = app.text("startup-error-message").await;
    assert!(message.contains("do phiên bản mới hơn của Sổ Chi đoàn tạo ra (lược đồ 42"), "{message}");
    assert!(message.contains("Tệp được giữ nguyên"), "{message}");
    app.screenshot("loi-phien-ban").await;
    app.quit().await;

    assert_eq!(std::fs::read(&database).unwrap(), before);
    assert!(db::list_backups(&database).unwrap().is_empty());
}

/// Writes a small list the way branches send them: a title row above the header, a member who
/// joined at 15 (Thủy), and under the table the count, the place-and-date line and the
/// signature block with the signers' names.
fn write_list(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN THÔN ĐỒNG QUỸ").unwrap();
    let rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số điện thoại", "Ngày vào Đoàn", "Số thẻ đoàn viên"],
        ["1", "Nguyễn Thị Thủy", "12/05/2000", "Nữ", "0912000111", "26/05/2015", "012301"],
        ["2", "Lê Minh Đức", "03/11/1996", "Nam", "", "26/03/2013", "012302"],
        ["3", "Nguyễn Thị Thư", "03/09/1999", "Nữ", "0987654321", "26/03/2016", "012303"],
        ["", "Danh sách có 3 đoàn viên.", "", "", "", "", ""],
        ["", "", "", "", "Hà Nam, ngày 22 tháng 11 năm 2026", "", ""],
        ["", "Người lập biểu", "", "", "T/M BAN CHẤP HÀNH", "", ""],
        ["", "", "", "", "BÍ THƯ", "", ""],
        ["", "Trần Văn Lập", "", "", "Hoàng Thị Lan", "", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 2, c as u16, *text).unwrap();
        }
    }
    book.save(path).unwrap();
}

impl App {
    /// Names in the visible rows of the member list, top to bottom.
    async fn member_names(&self) -> Vec<String> {
        let rows = self.client.find_all(Locator::Css("[data-testid='member-row'] .name")).await.unwrap();
        let mut names = Vec::new();
        for row in rows {
            names.push(row.prop("textContent").await.unwrap().unwrap_or_default());
        }
        names
    }

    async fn replace_text(&self, test_id: &str, text: &str) {
        let field = self.find(test_id).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_is_imported_searched_without_diacritics_and_a_member_edited() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("chidoan.sqlite3");
    let list = dir.path().join("danh-sach.xlsx");
    write_list(&list);

    let app = App::start(&database).await;
    app.find("nav-doan-vien").await;
    app.chord(Key::Alt, '2').await;
    app.text_when("page-title", |t| t == "Đoàn viên").await;
    app.text_when("members-count", |t| t == "0 đoàn viên").await;

    // Import: the preview reads the list under its title row; nothing is written before "Nhập".
    app.find("members-import").await.click().await.unwrap();
    app.find("import-path").await.send_keys(list.to_str().unwrap()).await.unwrap();
    app.find("import-read").await.click().await.unwrap();
    let summary = app.text_when("import-summary", |t| t.starts_with("Dòng tiêu đề")).await;
    assert_eq!(summary, "Dòng tiêu đề: 3. Đọc được 3 dòng: 3 hợp lệ, 1 lưu ý. Chưa có gì được ghi vào sổ.");
    assert_eq!(app.text("import-warnings").await, "Dòng 4: Vào Đoàn năm 15 tuổi, ngoài độ tuổi 16–30; đã ghi vào “Ghi chú tuổi”.");
    assert_eq!(app.text("import-commit").await, "Nhập 3 đoàn viên");
    app.fits("the import preview").await;
    assert!(chidoan::members::list(&db::open(&database, db::StartBackup::BeforeMigration).unwrap(), &Default::default(), chidoan::today()).unwrap().rows.is_empty());
    app.screenshot("nhap-danh-sach").await;
    app.find("import-commit").await.click().await.unwrap();
    assert_eq!(app.text_when("members-message", |t| !t.is_empty()).await, "Đã nhập 3 đoàn viên.");
    app.text_when("members-count", |t| t == "3 đoàn viên").await;
    assert_eq!(app.member_names().await, vec!["Lê Minh Đức", "Nguyễn Thị Thủy", "Nguyễn Thị Thư"]);

    // Search without diacritics.
    app.find("members-search").await.send_keys("nguyen thi thu").await.unwrap();
    app.text_when("members-count", |t| t == "2 đoàn viên").await;
    assert_eq!(app.member_names().await, vec!["Nguyễn Thị Thủy", "Nguyễn Thị Thư"]);
    // "Đã nhập 3 đoàn viên" is not true of a list of 2: it is gone.
    assert!(app.client.find_all(Locator::Css("[data-testid='members-message']")).await.unwrap().is_empty());
    app.screenshot("doan-vien").await;
    app.replace_text("members-search", "duc").await;
    app.text_when("members-count", |t| t == "1 đoàn viên").await;
    assert_eq!(app.member_names().await, vec!["Lê Minh Đức"]);

    // Enter in the search box with one result opens the member; edit and save with Ctrl+S.
    app.find("members-search").await.send_keys("\u{E007}").await.unwrap();
    app.find("member-dialog").await;
    assert_eq!(app.text_when("member-dialog-title", |t| t != "Hồ sơ đoàn viên").await, "Lê Minh Đức");
    assert_eq!(app.value("member-date_of_birth").await, "03/11/1996");
    app.replace_text("member-phone", "0977 123 456").await;
    // Joining at 15 is history, not an error: saved, with a note kept on the record.
    app.replace_text("member-joined_on", "26/3/2012").await;
    app.chord(Key::Control, 's').await;
    app.gone("member-dialog", "the dialog did not close after saving").await;
    let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let duc = chidoan::members::list(&conn, &chidoan::members::ListQuery { search: "duc".into(), ..Default::default() }, chidoan::today())
        .unwrap()
        .rows
        .remove(0);
    assert_eq!((duc.phone.as_str(), duc.joined_on.as_deref()), ("0977123456", Some("2012-03-26")));
    assert_eq!(duc.age_note, format!("Vào Đoàn năm 15 tuổi (ghi nhận ngày {})", chidoan::dates::display(chidoan::today())));
    let thuy = chidoan::members::list(&conn, &chidoan::members::ListQuery { search: "thuy".into(), ..Default::default() }, chidoan::today())
        .unwrap()
        .rows
        .remove(0);
    assert_eq!(thuy.age_note, format!("Vào Đoàn năm 15 tuổi (theo danh sách nhập ngày {})", chidoan::dates::display(chidoan::today())));
    app.quit().await;
}

/// A database holding the example congress (tests/fixtures): its third election, delegates to
/// the commune congress (1 official, 1 alternate; Bình, Dũng, Lan), has 3 ballots entered.
fn example_congress(dir: &Path) -> PathBuf {
    let database = dir.join("chidoan.sqlite3");
    let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let json = std::fs::read_to_string(workspace_root().join("tests/fixtures/congress-example.json")).unwrap();
    chidoan::congress::exchange::import(&mut conn, &json).unwrap();
    database
}

/// Kills the app on `database` at once, as a power cut or a crash would (SIGKILL: no clean-up).
fn kill_app(database: &Path) {
    let needle = database.to_str().unwrap();
    let mut killed = 0;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else { continue };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let args: Vec<&[u8]> = cmdline.split(|&b| b == 0).collect();
        if args.contains(&needle.as_bytes()) && args.first().is_some_and(|a| a.ends_with(b"chidoan-desktop")) {
            // SAFETY: kill(2) with a pid read from /proc; at worst it names a process that just ended.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed += 1;
        }
    }
    assert_eq!(killed, 1, "exactly one app ran on {needle}");
}

impl App {
    /// Opens the counting screen of the example's delegates election.
    async fn open_delegates_round(&self) {
        self.find("nav-dai-hoi").await;
        self.chord(Key::Alt, '4').await;
        self.find("congress-open-1").await.click().await.unwrap();
        self.find("congress-tab-elections").await.click().await.unwrap();
        self.find("count-3-1").await.click().await.unwrap();
        self.text_when("count-title", |t| t == "Bầu đại biểu dự Đại hội Đoàn xã — Vòng 1").await;
    }

    /// The delegates round counted twice (3 ballots issued), on its empty second pass.
    async fn open_delegates_second_pass(&self) {
        self.open_delegates_round().await;
        self.find("options-toggle").await.click().await.unwrap();
        self.find("option-double").await.click().await.unwrap();
        self.find("option-issued").await.send_keys("3").await.unwrap();
        self.find("options-apply").await.click().await.unwrap();
        self.find("pass-2").await.click().await.unwrap();
    }

    /// Types a ballot into the entry field and waits until it is shown back.
    async fn ballot(&self, typed: &str, number: usize) {
        self.find("ballot-entry").await.send_keys(&format!("{typed}\u{E007}")).await.unwrap();
        self.text_when("ballot-feedback", |t| t.contains(&format!("phiếu số {number}:"))).await;
    }

    /// The three candidates' votes once they read `want` (the live count follows the last
    /// ballot a moment later), or as they stand when the wait is over.
    async fn votes(&self, want: [&str; 3]) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let mut votes = Vec::new();
            for i in 1..=3 {
                votes.push(self.text(&format!("votes-{i}")).await);
            }
            if votes == want || Instant::now() >= deadline {
                return votes;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn stored_ballots(database: &Path, pass: u8) -> Vec<(Vec<u32>, Option<String>)> {
    let conn = db::open(database, db::StartBackup::BeforeMigration).unwrap();
    let data = chidoan::congress::load(&conn, 1).unwrap();
    data.elections[2].rounds[0].ballots.iter().filter(|b| b.pass == pass).map(|b| (b.crossed.clone(), b.invalid.clone())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn ballots_typed_at_the_keyboard_survive_killing_the_app() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = example_congress(dir.path());

    let app = App::start(&database).await;
    app.open_delegates_round().await;
    assert_eq!(app.text_when("count-summary", |t| t.contains("Thu vào 3")).await, "Phát ra — · Thu vào 3 · Hợp lệ 3 · Không hợp lệ 0");
    app.ballot("1", 4).await;
    assert_eq!(app.text("ballot-feedback").await, "Đã ghi phiếu số 4: Hợp lệ, để lại: Phạm Văn Dũng, Hoàng Thị Lan");
    app.ballot("", 5).await; // Enter alone: nobody crossed, three kept for two places
    assert_eq!(app.text("ballot-feedback").await, "Đã ghi phiếu số 5: Không hợp lệ: Để lại 3 tên, nhiều hơn số cần bầu (2)");
    app.ballot("2 3", 6).await;
    // One key marks the next ballot invalid; a digit picks the reason.
    app.find("ballot-entry").await.send_keys("*").await.unwrap();
    app.find("invalid-reason").await.send_keys("4").await.unwrap();
    app.text_when("ballot-feedback", |t| t == "Đã ghi phiếu số 7: Không hợp lệ: Phiếu có ký hiệu riêng hoặc chữ ký").await;
    app.ballot("3", 8).await;
    assert_eq!(app.votes(["4", "4", "2"]).await, ["4", "4", "2"]);

    // Killed the moment the last ballot was shown back.
    kill_app(&database);
    drop(app);

    let mut want: Vec<(Vec<u32>, Option<String>)> =
        [vec![3], vec![1, 3], vec![2], vec![1], vec![], vec![2, 3]].into_iter().map(|c| (c, None)).collect();
    want.push((vec![], Some("Phiếu có ký hiệu riêng hoặc chữ ký".into())));
    want.push((vec![3], None));
    assert_eq!(stored_ballots(&database, 1), want);

    let app = App::start(&database).await;
    app.open_delegates_round().await;
    assert_eq!(app.text_when("count-summary", |t| t.contains("Thu vào 8")).await, "Phát ra — · Thu vào 8 · Hợp lệ 6 · Không hợp lệ 2");
    assert_eq!(app.votes(["4", "4", "2"]).await, ["4", "4", "2"]);
    assert_eq!(
        app.text_when("result-lines", |t| t.contains("Bằng phiếu")).await,
        "Trúng cử: không có Bằng phiếu, phải bầu lại: Trần Thị Bình, Phạm Văn Dũng Còn thiếu 1 người. Còn thiếu 1 dự khuyết."
    );
    app.screenshot("kiem-phieu").await;
    app.find("projector-open").await.click().await.unwrap();
    app.find("projector").await;
    // Once full screen (or its refusal) has settled, as a person would see it.
    app.client.wait().at_most(WAIT).for_element(Locator::Css("[data-testid='projector'][data-ready='true']")).await.unwrap();
    app.screenshot("trinh-chieu").await;
    // One Esc closes the hall's view, full screen or not.
    app.client.perform_actions(KeyActions::new("keyboard".into()).then(KeyAction::Down { value: '\u{E00C}' }).then(KeyAction::Up { value: '\u{E00C}' })).await.unwrap();
    app.gone("projector", "one Esc did not close the projector view").await;
    app.find("ballot-entry").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn double_entry_catches_a_planted_discrepancy() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = example_congress(dir.path());

    let app = App::start(&database).await;
    app.open_delegates_second_pass().await;
    // The second counter reads the same three ballots, but ballot 2 wrongly.
    app.ballot("3", 1).await;
    app.ballot("1 2", 2).await;
    app.ballot("2", 3).await;
    assert_eq!(app.text("discrepancies-title").await, "Hai lượt nhập khác nhau ở 1 phiếu");
    assert_eq!(app.text("discrepancy-2-first").await, "Hợp lệ, để lại: Phạm Văn Dũng");
    assert_eq!(app.text("discrepancy-2-second").await, "Hợp lệ, để lại: Hoàng Thị Lan");
    assert_eq!(app.text("round-problem").await, "Hai lượt nhập chưa khớp (3 và 3 phiếu); khác nhau ở phiếu số 2.");
    assert!(!app.find("round-confirm").await.is_enabled().await.unwrap());
    app.screenshot("nhap-hai-luot").await;

    // The paper ballot settles it: pass 2 is corrected, and the result can be confirmed.
    app.find("ballot-correct-2").await.click().await.unwrap();
    app.replace_text("ballot-entry", "1 3").await;
    app.find("ballot-entry").await.send_keys("\u{E007}").await.unwrap();
    app.text_when("ballot-feedback", |t| t.starts_with("Đã sửa phiếu số 2:")).await;
    assert!(app.client.find_all(Locator::Css("[data-testid='discrepancies']")).await.unwrap().is_empty());
    app.find("round-confirm").await.click().await.unwrap();
    app.find("round-confirm-yes").await.click().await.unwrap();
    app.find("round-locked").await;
    app.quit().await;

    assert_eq!(stored_ballots(&database, 2), stored_ballots(&database, 1));
    let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let round = chidoan::congress::load(&conn, 1).unwrap().elections[2].rounds[0].clone();
    assert!(round.confirmed_at.is_some());
}

/// The delegates round's papers as printed, three of them marked as the example's three
/// ballots were (names 3; 1 and 3; 2 struck), the second with a tick by name 2 too, each cut
/// out, turned a little and saved as the scanner's PNG in `folder`.
fn scanned_delegates_ballots(database: &Path, folder: &Path) {
    use chidoan::scan::read::{printed_sheet, Grey};
    let conn = db::open(database, db::StartBackup::BeforeMigration).unwrap();
    let round = chidoan::congress::load(&conn, 1).unwrap().elections[2].rounds[0].id;
    let target = chidoan::scan::pass::target_of_round(&conn, round).unwrap();
    let papers = chidoan::documents::congress::round_papers(&conn, 1, "3", None, 0).unwrap();
    let dpi = 200.0;
    let px = dpi / 25.4;
    let sheet = printed_sheet(&papers, dpi).unwrap();
    let layout = &target.reference.layout;
    // A ballpoint line between two points in millimetres of a paper.
    let line = |image: &mut Grey, a: (f64, f64), b: (f64, f64)| {
        let steps = ((b.0 - a.0).hypot(b.1 - a.1) * px * 2.0) as usize;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            let (x, y) = ((a.0 + t * (b.0 - a.0)) * px, (a.1 + t * (b.1 - a.1)) * px);
            for dy in -2..=2 {
                for dx in -2..=2 {
                    let (x, y) = ((x as isize + dx) as usize, (y as isize + dy) as usize);
                    if x < image.width && y < image.height {
                        image.pixels[y * image.width + x] = 30;
                    }
                }
            }
        }
    };
    let struck: [&[usize]; 3] = [&[3], &[1, 3], &[2]];
    for (i, names) in struck.iter().enumerate() {
        let (ox, oy) = layout.origin(i as u32);
        let (x0, y0, w, h) = ((ox * px) as usize, (oy * px) as usize, (layout.cell.0 * px) as usize, (layout.cell.1 * px) as usize);
        let mut paper = Grey { width: w, height: h, pixels: (y0..y0 + h).flat_map(|y| sheet.pixels[y * sheet.width + x0..y * sheet.width + x0 + w].to_vec()).collect() };
        for &n in *names {
            let (from, to) = target.reference.extent(n - 1).unwrap();
            let row = layout.rows[n - 1];
            line(&mut paper, (from - 1.0, row.y + row.h / 2.0), (to + 1.0, row.y + row.h / 2.0 - 0.5));
        }
        if i == 1 {
            let row = layout.rows[1];
            let (_, to) = target.reference.extent(1).unwrap();
            line(&mut paper, (to - 10.0, row.y + 5.0), (to - 8.0, row.y + 7.0));
            line(&mut paper, (to - 8.0, row.y + 7.0), (to - 3.0, row.y + 2.0));
        }
        // On the scanner's glass a little askew: the paper moved down and right on a white bed.
        let (shift_x, shift_y) = (30 + 7 * i, 40 - 9 * i);
        let mut bed = Grey { width: w + 80, height: h + 80, pixels: vec![250; (w + 80) * (h + 80)] };
        for y in 0..h {
            for x in 0..w {
                bed.pixels[(y + shift_y) * bed.width + x + shift_x] = paper.pixels[y * w + x];
            }
        }
        std::fs::write(folder.join(format!("scan {}.png", i + 1)), bed.png()).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_of_scanned_ballots_is_read_reviewed_from_the_keyboard_and_agrees_with_the_keyed_pass() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = example_congress(dir.path());
    let folder = dir.path().join("quét phiếu");
    std::fs::create_dir(&folder).unwrap();
    scanned_delegates_ballots(&database, &folder);

    let app = App::start(&database).await;
    app.open_delegates_second_pass().await;
    // "Quét cả thư mục…" opens the system's folder dialog, which WebDriver cannot drive: its
    // answer, the scans' folder, is handed to the reply the window waits for (the callback the
    // dialog's call registered). Everything after it is the window's own.
    let before = app.client.execute("return [...window.__TAURI_INTERNALS__.callbacks.keys()]", vec![]).await.unwrap();
    app.find("scan-folder").await.click().await.unwrap();
    let script = r#"
        const [before, folder, done] = arguments;
        const tauri = window.__TAURI_INTERNALS__;
        const answer = (tries) => {
            const fresh = [...tauri.callbacks.keys()].filter((id) => !before.includes(id));
            if (fresh.length >= 2) { tauri.runCallback(fresh[0], folder); done(fresh.length); }
            else if (tries > 100) done(0);
            else setTimeout(() => answer(tries + 1), 50);
        };
        answer(0);
    "#;
    let answered = app.client.execute_async(script, vec![before, json!(folder.to_str().unwrap())]).await.unwrap();
    assert!(answered.as_u64().unwrap_or(0) >= 2, "the folder dialog's call was not seen: {answered}");
    assert_eq!(
        app.text_when("ballot-feedback", |t| t.starts_with("Đã đọc")).await,
        "Đã đọc 3 tờ phiếu; 1 tờ có chỗ chưa rõ, chờ Ban kiểm phiếu xem từng tờ."
    );
    // The paper with the tick: names 1 and 3 read as struck, name 2 for the committee.
    app.find("scan-review").await;
    assert!(app.text("scan-review").await.contains("Tờ quét số 2 (scan 2.png)"));
    assert_eq!(
        [app.text("scan-mark-1").await, app.text("scan-mark-2").await, app.text("scan-mark-3").await],
        ["gạch", "chưa rõ", "gạch"]
    );
    // The straightened paper itself, decoded and shown.
    let image = app.find("scan-image").await;
    let deadline = Instant::now() + WAIT;
    while app.client.execute("return arguments[0].naturalWidth", vec![serde_json::to_value(&image).unwrap()]).await.unwrap() != json!(396) {
        assert!(Instant::now() < deadline, "the scanned paper's image did not show");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.screenshot("quet-phieu").await;
    // The review fits an office screen without scrolling sideways.
    for (width, height) in [(1366, 768), (1280, 720)] {
        app.client.set_window_size(width, height).await.unwrap();
        app.fits(&format!("the scanned paper's review at {width}×{height}")).await;
    }
    // The keys go to the review, where the focus is.
    app.client.execute("document.querySelector(\"[data-testid='scan-review']\").focus()", vec![]).await.unwrap();
    // The committee looks at the paper: the tick is no strike. K keeps name 2, Enter records it.
    app.key('k').await;
    app.key('\u{E007}').await;
    app.text_when("ballot-feedback", |t| t == "Ban kiểm phiếu đã quyết định mọi tờ chưa rõ; lượt 2 đã được ghi.").await;
    app.gone("scan-review", "the review stayed after the last decision").await;
    assert!(app.client.find_all(Locator::Css("[data-testid='discrepancies']")).await.unwrap().is_empty());
    assert!(app.find("round-confirm").await.is_enabled().await.unwrap());
    app.quit().await;

    assert_eq!(stored_ballots(&database, 2), stored_ballots(&database, 1));
    let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let audit = chidoan::congress::load(&conn, 1).unwrap().audit;
    let decision = audit.iter().find(|a| a.action == "Ban kiểm phiếu quyết định phiếu quét").expect("the decision is in the audit log");
    assert_eq!(decision.detail, "Bầu đại biểu dự Đại hội Đoàn xã, vòng 1, lượt 2, tờ quét số 2 (scan 2.png): máy đọc gạch 1, 3; chưa rõ 2 → Ban kiểm phiếu: gạch 1, 3");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_papers_are_previewed_in_the_window() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = example_congress(dir.path());
    let unit = chidoan::unit::Unit {
        name: "Chi đoàn Thôn Đồng Quỹ".into(),
        superior: "Đoàn xã Thanh Hải".into(),
        place: "Hà Nam".into(),
        abbrev: "CĐ".into(),
        term: String::new(),
    };
    chidoan::unit::save(&mut db::open(&database, db::StartBackup::BeforeMigration).unwrap(), &unit).unwrap();

    let app = App::start(&database).await;
    app.find("nav-dai-hoi").await;
    app.chord(Key::Alt, '4').await;
    app.find("congress-open-1").await.click().await.unwrap();
    app.find("congress-tab-papers").await.click().await.unwrap();
    app.find("paper-tally-1-1").await.click().await.unwrap();
    assert_eq!(app.text_when("document-title", |t| !t.is_empty()).await, "BIÊN BẢN KIỂM PHIẾU");
    let preview = app.text("document-preview").await;
    for wanted in ["ĐOÀN TNCS HỒ CHÍ MINH", "Bầu Ban Chấp hành", "- Số phiếu hợp lệ: 7.", "1. Đồng chí Đỗ Minh Khoa – Trưởng ban", "BAN KIỂM PHIẾU", "TRƯỞNG BAN"] {
        assert!(preview.contains(wanted), "{wanted:?} not in {preview}");
    }
    app.screenshot("van-ban").await;
    app.find("paper-minutes").await.click().await.unwrap();
    app.text_when("document-title", |t| t == "BIÊN BẢN ĐẠI HỘI").await;
    assert!(app.text("document-preview").await.contains("Đại hội bế mạc vào lúc 11 giờ 15 cùng ngày."));

    // The Tờ trình, with its Danh sách trích ngang attached on a page turned sideways.
    app.find("paper-approval-request").await.click().await.unwrap();
    app.text_when("document-title", |t| t == "TỜ TRÌNH").await;
    assert!(app.text("document-preview").await.contains("1. Ban Chấp hành Chi đoàn Thôn Đồng Quỹ, nhiệm kỳ 2025 - 2027, gồm 3 đồng chí: Nguyễn Văn An, Trần Thị Bình, Lê Thị Cúc."));
    let annex = app.text("document-annex").await;
    assert!(annex.contains("DANH SÁCH TRÍCH NGANG") && annex.contains("Chức danh được bầu"), "{annex}");
    let element = app.find("document-annex").await;
    app.client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&element).unwrap()]).await.unwrap();
    app.screenshot("to-trinh").await;

    // "Xuất hồ sơ Đại hội" once the system's folder dialog has answered: the command the button
    // calls, through the window's own IPC and capabilities, tells each file as it is written.
    let out = dir.path().join("xuất");
    std::fs::create_dir(&out).unwrap();
    let script = r#"
        const [dir, done] = arguments;
        const seen = [];
        const tauri = window.__TAURI_INTERNALS__;
        const id = tauri.transformCallback((raw) => { if ('message' in raw) seen[raw.index] = raw.message; });
        // The reply and the channel's messages travel apart: wait for the twentieth report.
        const all = (folder, tries) => seen.filter(Boolean).length >= 20 || tries > 100
            ? done({ folder, seen })
            : setTimeout(() => all(folder, tries + 1), 50);
        tauri.invoke('dossier_save', { congressId: 1, dir, open: false, progress: `__CHANNEL__:${id}` })
            .then((folder) => all(folder, 0), (e) => done({ error: JSON.stringify(e) }));
    "#;
    let answer = app.client.execute_async(script, vec![serde_json::json!(out.to_str().unwrap())]).await.unwrap();
    assert!(answer.get("error").is_none(), "{answer}");
    let folder = PathBuf::from(answer["folder"].as_str().unwrap());
    assert_eq!(folder, out.join("Hồ sơ Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X"));
    let seen: Vec<(u64, u64)> = answer["seen"].as_array().unwrap().iter().map(|m| (m[0].as_u64().unwrap(), m[1].as_u64().unwrap())).collect();
    assert_eq!(seen, (1..=20).map(|n| (n, 20)).collect::<Vec<_>>(), "one report per file, in order");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 20);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn logging_an_activity_with_participants_moves_a_target() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("chidoan.sqlite3");
    let today = chidoan::today();
    {
        let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
        for (name, born) in [("Nguyễn Văn An", "12/03/1998"), ("Trần Thị Bình", "05/07/2000"), ("Lê Thị Cúc", "20/10/2003")] {
            let input = chidoan::members::MemberInput { full_name: name.into(), date_of_birth: born.into(), ..Default::default() };
            chidoan::members::create(&mut conn, &input, &Default::default()).unwrap();
        }
        let year = &chidoan::dates::iso(today)[..4];
        let target = chidoan::activities::targets::TargetInput {
            kind: chidoan::activities::targets::TargetKind::Members,
            type_id: 3,
            min_count: 1,
            share: 100,
            starts_on: format!("01/01/{year}"),
            ends_on: format!("31/12/{year}"),
        };
        chidoan::activities::targets::add(&mut conn, &target).unwrap();
    }

    let app = App::start(&database).await;
    assert_eq!(app.text_when("target-1-state", |t| !t.is_empty()).await, "0/3 đoàn viên · Chưa đạt");
    app.chord(Key::Alt, '3').await;
    app.text_when("page-title", |t| t == "Hoạt động").await;
    app.find("activity-new").await.click().await.unwrap();
    app.find("activity-title").await.send_keys("Chủ nhật xanh").await.unwrap();
    app.find("activity-type").await.select_by_value("3").await.unwrap();
    app.find("activity-date").await.send_keys(&chidoan::dates::display(today)).await.unwrap();
    app.find("activity-search").await.send_keys("binh").await.unwrap();
    app.find("activity-all").await.click().await.unwrap();
    assert_eq!(app.text("activity-count").await, "1", "“Tất cả” takes the members the search shows");
    // Empty the search as a user does: type over it, then erase.
    app.replace_text("activity-search", "x").await;
    app.find("activity-search").await.send_keys("\u{E003}").await.unwrap();
    app.find("activity-all").await.click().await.unwrap();
    assert_eq!(app.text("activity-count").await, "3");
    app.screenshot("ghi-hoat-dong").await;
    app.find("activity-save").await.click().await.unwrap();
    assert_eq!(app.text_when("activities-message", |t| !t.is_empty()).await, "Đã lưu hoạt động.");
    let list = app.text("activities").await;
    assert!(list.contains("Chủ nhật xanh"), "{list}");
    app.screenshot("hoat-dong").await;

    app.chord(Key::Alt, '1').await;
    assert_eq!(app.text_when("target-1-state", |t| t.starts_with("3/")).await, "3/3 đoàn viên · Đạt");
    assert_eq!(app.text("year-activities").await, "1");
    app.screenshot("tong-quan-chi-tieu").await;
    app.quit().await;

    let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let logged = chidoan::activities::list(&conn, None, None).unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].participants.len(), 3);
    assert_eq!(logged[0].type_name, "Tình nguyện");
}

/// A member who transferred in is added in the window as "chuyển đến" from a date: the dues
/// grid asks nothing of the months before, and participation counts only what was held since.
#[tokio::test(flavor = "multi_thread")]
async fn a_member_added_as_transferred_in_owes_and_takes_part_from_the_arrival() {
    use chrono::Datelike;
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("chidoan.sqlite3");
    let today = chidoan::today();
    // About three months ago, kept inside one year with room for activities on both sides.
    let mut arrived = today - chrono::Days::new(100);
    arrived = arrived.max(chrono::NaiveDate::from_ymd_opt(arrived.year(), 2, 1).unwrap());
    arrived = arrived.min(chrono::NaiveDate::from_ymd_opt(arrived.year(), 12, 1).unwrap());
    let year = arrived.year();
    let activity = |title: &str, on: chrono::NaiveDate, people: Vec<i64>| chidoan::activities::ActivityInput {
        type_id: 1,
        title: title.into(),
        starts_on: chidoan::dates::display(on),
        ends_on: String::new(),
        place: String::new(),
        description: String::new(),
        agenda: String::new(),
        figures: vec![],
        participants: people,
        photos: vec![],
    };
    let after = {
        let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
        let an = chidoan::members::MemberInput { full_name: "Nguyễn Văn An".into(), date_of_birth: "12/03/1998".into(), ..Default::default() };
        let an = chidoan::members::create(&mut conn, &an, &Default::default()).unwrap().id;
        chidoan::activities::save(&mut conn, None, &activity("Sinh hoạt trước khi Khôi đến", arrived - chrono::Days::new(20), vec![an])).unwrap();
        chidoan::activities::save(&mut conn, None, &activity("Sinh hoạt đầu tiên của Khôi", arrived + chrono::Days::new(5), vec![an])).unwrap();
        chidoan::activities::save(&mut conn, None, &activity("Sinh hoạt tiếp theo", arrived + chrono::Days::new(10), vec![an])).unwrap().id
    };

    let app = App::start(&database).await;
    app.find("nav-doan-vien").await;
    app.chord(Key::Alt, '2').await;
    app.text_when("members-count", |t| t == "1 đoàn viên").await;
    app.find("member-new").await.click().await.unwrap();
    app.find("member-full_name").await.send_keys("Trần Văn Khôi").await.unwrap();
    app.find("member-date_of_birth").await.send_keys("10/10/1998").await.unwrap();
    app.find("member-joined_on").await.send_keys("26/03/2014").await.unwrap();
    app.find("member-arrived-on").await.send_keys(&chidoan::dates::display(arrived)).await.unwrap();
    assert_eq!(app.find("member-joining-arrived").await.prop("checked").await.unwrap().as_deref(), Some("true"), "typing the date picks “Chuyển đến”");
    app.screenshot("them-doan-vien-chuyen-den").await;
    app.chord(Key::Control, 's').await;
    app.text_when("members-count", |t| t == "2 đoàn viên").await;

    // He took part in the last meeting (logged later).
    let khoi = {
        let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
        let khoi = chidoan::members::list(&conn, &chidoan::members::ListQuery { search: "khoi".into(), ..Default::default() }, today).unwrap().rows.remove(0);
        assert_eq!(khoi.status, chidoan::members::Status::TransferredIn);
        let mut last = chidoan::activities::get(&conn, after).unwrap().participants.iter().map(|p| p.id).collect::<Vec<_>>();
        last.push(khoi.id);
        chidoan::activities::save(&mut conn, Some(after), &activity("Sinh hoạt tiếp theo", arrived + chrono::Days::new(10), last)).unwrap();
        khoi
    };
    app.replace_text("members-search", "khoi").await;
    app.text_when("members-count", |t| t == "1 đoàn viên").await;
    app.find("members-search").await.send_keys("\u{E007}").await.unwrap();
    app.find("member-tab-records").await.click().await.unwrap();
    app.find("rating-year").await.select_by_value(&year.to_string()).await.unwrap();
    let shown = app.text_when("participation", |t| t.contains("1/2")).await;
    assert!(shown.starts_with(&format!("Tham gia hoạt động năm {year}: 1/2 (50,00%)")), "{shown}");
    app.screenshot("tham-gia-tu-ngay-chuyen-den").await;
    app.key('\u{E00C}').await;
    app.gone("member-dialog", "Esc did not close the member dialog").await;

    // Dues: nothing to tick before his month of arrival; owed from it to last month.
    app.find("members-tab-dues").await.click().await.unwrap();
    app.find("dues-year").await.select_by_value(&year.to_string()).await.unwrap();
    let row = {
        let deadline = Instant::now() + WAIT;
        loop {
            let rows = app.client.find_all(Locator::Css("[data-testid='dues-row']")).await.unwrap();
            let mut found = None;
            for r in rows {
                if r.text().await.unwrap_or_default().contains("Trần Văn Khôi") {
                    found = Some(r);
                }
            }
            if let Some(r) = found {
                break r;
            }
            assert!(Instant::now() < deadline, "Khôi's row did not show");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let boxes = row.find_all(Locator::Css("input[type='checkbox']")).await.unwrap();
    assert_eq!(boxes.len() as u32, 12 - arrived.month() + 1, "months from {} on", arrived.month());
    let owed = if year < today.year() { 13 - arrived.month() } else { today.month() - arrived.month() };
    let behind = row.find(Locator::Css("[data-testid='dues-behind']")).await.unwrap().text().await.unwrap();
    assert_eq!(behind, if owed == 0 { String::new() } else { format!("{owed} tháng") });
    app.screenshot("doan-phi-tu-ngay-chuyen-den").await;

    // A transfer out recorded by mistake is removed from the history, after a question.
    app.find("members-tab-list").await.click().await.unwrap();
    app.replace_text("members-search", "khoi").await;
    app.text_when("members-count", |t| t == "1 đoàn viên").await;
    app.find("members-search").await.send_keys("\u{E007}").await.unwrap();
    app.find("member-tab-status").await.click().await.unwrap();
    app.find("status-new").await.select_by_value("transferred_out").await.unwrap();
    app.replace_text("status-since", &chidoan::dates::display(today)).await;
    app.find("status-save").await.click().await.unwrap();
    assert_eq!(app.text_when("member-tab-status", |t| t.ends_with("Chuyển đi")).await, "Trạng thái: Chuyển đi");
    app.find("status-remove-1").await.click().await.unwrap();
    app.find("status-remove-1-yes").await.click().await.unwrap();
    assert_eq!(app.text_when("member-tab-status", |t| t.ends_with("Chuyển đến")).await, "Trạng thái: Chuyển đến");
    assert_eq!(app.rows("status-history").await.len(), 1, "only how he came is left");
    app.quit().await;
    assert_eq!(khoi.joined_on.as_deref(), Some("2014-03-26"));
}

/// 18 members in the registry, all summoned to a congress of 28/04/2025 with its bodies seated
/// and a BCH of 3 to elect from An, Bình, Cúc and Hà (check-in and counting are left to the test).
fn eighteen_members(dir: &Path) -> PathBuf {
    use chidoan::congress::{self, election, Body, Candidate, Congress, ElectionKind};
    let database = dir.join("chidoan.sqlite3");
    let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let names = [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Vũ Thu Hà", "Đỗ Minh Khoa", "Hoàng Thị Lan",
        "Bùi Văn Long", "Ngô Thị Mai", "Đặng Văn Nam", "Lý Thị Oanh", "Trịnh Văn Phúc", "Mai Thị Quỳnh", "Hồ Văn Sơn",
        "Đinh Thị Thảo", "Cao Văn Uy", "Lương Thị Vân", "Tạ Thị Yến",
    ];
    let mut members = vec![];
    for (i, name) in names.iter().enumerate() {
        let input = chidoan::members::MemberInput {
            full_name: name.to_string(),
            date_of_birth: format!("{:02}/0{}/199{}", i + 1, i % 9 + 1, i % 10),
            ..Default::default()
        };
        members.push(chidoan::members::create(&mut conn, &input, &Default::default()).unwrap().id);
    }
    let congress = Congress {
        id: 0,
        name: "Đại hội Chi đoàn Thôn Đồng Quỹ lần thứ X, nhiệm kỳ 2025 - 2027".into(),
        term: "2025 - 2027".into(),
        held_on: Some("28/04/2025".into()),
        starts_at: "7:30".into(),
        ends_at: String::new(),
        place: "Nhà văn hóa thôn Đồng Quỹ".into(),
        kind: Default::default(),
        quorum: congress::Share { num: 2, den: 3 },
        motion_share: congress::Share { num: 1, den: 2 },
    };
    let id = congress::create(&mut conn, &congress).unwrap();
    congress::summon_members(&mut conn, id, &members).unwrap();
    let data = congress::load(&conn, id).unwrap();
    let who = |name: &str| data.attendees.iter().find(|a| a.full_name == name).unwrap().id;
    congress::set_seat(&mut conn, who("Hoàng Thị Lan"), Body::Presidium, 2).unwrap();
    congress::set_seat(&mut conn, who("Hồ Văn Sơn"), Body::Secretariat, 2).unwrap();
    congress::set_seat(&mut conn, who("Đỗ Minh Khoa"), Body::Counting, 2).unwrap();
    congress::set_seat(&mut conn, who("Bùi Văn Long"), Body::Counting, 1).unwrap();
    let input = election::ElectionInput {
        title: "Bầu Ban Chấp hành".into(),
        kind: ElectionKind::Committee,
        seats: 3,
        alternates: 0,
        base: Default::default(),
        held_by: Default::default(),
        meeting: Default::default(),
    };
    let bch = election::create(&mut conn, id, &input).unwrap();
    let list: Vec<Candidate> = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Thị Cúc", "Vũ Thu Hà"]
        .iter()
        .map(|n| Candidate { id: 0, attendee_id: Some(who(n)), full_name: String::new() })
        .collect();
    election::set_candidates(&mut conn, bch, &list).unwrap();
    database
}

/// Text with every run of white space (cells, lines) made one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl App {
    /// The cells of each body row of the table `test_id`.
    async fn rows(&self, test_id: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        for row in self.client.find_all(Locator::Css(&format!("[data-testid='{test_id}'] tbody tr"))).await.unwrap() {
            let mut cells = vec![];
            for cell in row.find_all(Locator::Css("td")).await.unwrap() {
                cells.push(cell.text().await.unwrap());
            }
            rows.push(cells);
        }
        rows
    }

    /// Opens a tab of the congress page; a message sliding in may cover it for a moment.
    async fn open_tab(&self, tab: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let button = self.find(&format!("congress-tab-{tab}")).await;
            let _ = self.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&button).unwrap()]).await;
            match button.click().await {
                Ok(_) => return,
                Err(e) if Instant::now() > deadline => panic!("cannot open the tab {tab}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
    }

    async fn preview_counting_report(&self) -> String {
        self.open_tab("papers").await;
        self.find("paper-tally-1-1").await.click().await.unwrap();
        self.text_when("document-title", |t| t == "BIÊN BẢN KIỂM PHIẾU").await;
        self.text("document-preview").await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_congress_of_eighteen_is_checked_in_counted_locked_unlocked_and_feeds_the_registry() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = eighteen_members(dir.path());
    let app = App::start(&database).await;
    app.find("nav-dai-hoi").await;
    app.chord(Key::Alt, '4').await;
    app.find("congress-open-1").await.click().await.unwrap();
    app.open_tab("attendance").await;

    // Check-in: everyone present with one click, then the exceptions from the keyboard.
    app.find("all-present").await.click().await.unwrap();
    app.text_when("headcount-present", |t| t == "18").await;
    let checkin = app.find("checkin").await;
    checkin.send_keys("yen").await.unwrap();
    app.chord(Key::Control, '\u{E007}').await; // Ctrl+Enter: absent without a reason
    app.text_when("headcount-present", |t| t == "17").await;
    // "yen" is Tạ Thị Yến, not every Nguyễn; "mai" also finds Mai Thị Quỳnh, so two words pick Ngô
    // Thị Mai; Shift+Enter moves to the reason.
    app.find("checkin").await.send_keys("ngo mai").await.unwrap();
    app.chord(Key::Shift, '\u{E007}').await;
    app.text_when("headcount-present", |t| t == "16").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let focused = app.client.active_element().await.unwrap();
    focused.send_keys("Đi công tác\u{E007}").await.unwrap();
    assert_eq!(
        words(&app.text("headcount").await),
        "Triệu tập 18 Có mặt 16 Vắng có lý do 1 Vắng không lý do 1 Cần ít nhất 12 (2/3): Đủ điều kiện tiến hành"
    );
    app.screenshot("diem-danh").await;
    let deadline = Instant::now() + WAIT;
    let mai = loop {
        let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
        let data = chidoan::congress::load(&conn, 1).unwrap();
        let mai = data.attendees.iter().find(|a| a.full_name == "Ngô Thị Mai").unwrap().clone();
        if !mai.absence_reason.is_empty() || Instant::now() > deadline {
            break mai;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!((mai.attendance, mai.absence_reason.as_str()), (chidoan::congress::Attendance::Excused, "Đi công tác"));

    // Count: 16 ballots issued, recorded and printed; "34"-style entry is one key per name.
    app.open_tab("elections").await;
    app.find("count-1-1").await.click().await.unwrap();
    app.find("options-toggle").await.click().await.unwrap();
    app.find("option-issued").await.send_keys("16").await.unwrap();
    app.find("options-apply").await.click().await.unwrap();
    app.text_when("count-summary", |t| t.starts_with("Phát ra 16")).await;
    for n in 1..=16 {
        app.ballot(if n % 4 == 0 { "1" } else { "4" }, n).await;
    }
    assert_eq!(app.text("count-summary").await, "Phát ra 16 · Thu vào 16 · Hợp lệ 16 · Không hợp lệ 0");
    app.find("round-confirm").await.click().await.unwrap();
    app.find("round-confirm-yes").await.click().await.unwrap();
    app.find("round-locked").await;
    app.find("count-back").await.click().await.unwrap();
    let report = app.preview_counting_report().await;
    for wanted in ["Số phiếu phát ra: 16.", "Số phiếu thu vào: 16.", "Đồng chí Đỗ Minh Khoa – Trưởng ban"] {
        assert!(report.contains(wanted), "{wanted:?} not in {report}");
    }

    // After confirmation, removing the head of the counting committee is refused; the papers stay.
    app.open_tab("attendance").await;
    app.find("attendee-remove-6").await.click().await.unwrap();
    app.find("attendee-remove-6-yes").await.click().await.unwrap();
    assert_eq!(
        app.text("attendance-error").await,
        "Không thể thay đổi danh sách triệu tập: kết quả Bầu Ban Chấp hành (vòng 1) đã được xác nhận và in trong biên bản. Muốn thay đổi, hãy “Mở khóa” vòng bầu đó (ghi rõ lý do) rồi xác nhận lại."
    );
    assert_eq!(app.preview_counting_report().await, report);

    // Mở khóa with a reason: in the audit log; then confirmed again.
    app.open_tab("elections").await;
    app.find("count-1-1").await.click().await.unwrap();
    app.find("round-unlock").await.click().await.unwrap();
    app.find("unlock-reason").await.send_keys("Kiểm tra lại danh sách Ban Kiểm phiếu").await.unwrap();
    app.screenshot("mo-khoa").await;
    app.find("unlock-confirm").await.click().await.unwrap();
    app.text_when("ballot-feedback", |t| t.starts_with("Đã mở khóa vòng này")).await;
    app.find("round-confirm").await.click().await.unwrap();
    app.find("round-confirm-yes").await.click().await.unwrap();
    app.find("round-locked").await;
    app.find("count-back").await.click().await.unwrap();
    app.open_tab("audit").await;
    app.find("audit-log").await;
    let audit = app.rows("audit-log").await;
    let unlock = audit.iter().find(|row| row[2] == "Mở khóa kết quả").expect("the unlock is in the audit log");
    assert_eq!(unlock[3], "Bầu Ban Chấp hành, vòng 1. Lý do: Kiểm tra lại danh sách Ban Kiểm phiếu");
    let today = chidoan::dates::display(chidoan::today());
    assert!(unlock[0].starts_with(&format!("{today} ")) && unlock[0].len() == "22/11/2026 20:49".len(), "{unlock:?}");

    // The results become the members' positions.
    app.open_tab("elections").await;
    app.find("positions-plan-open").await.click().await.unwrap();
    app.find("positions-plan").await;
    let plan = app.rows("positions-plan").await;
    assert_eq!(plan[0], ["Nguyễn Văn An", "Đoàn viên", "Ủy viên BCH"]);
    assert_eq!(plan.len(), 3);
    app.find("positions-apply").await.click().await.unwrap();
    assert_eq!(
        app.text("positions-done").await,
        "Đã cập nhật 3 chức vụ từ ngày 28/04/2025; lịch sử chức vụ ghi trong hồ sơ từng đoàn viên."
    );

    // Bí thư next: a candidate outside the new BCH is refused with the reason.
    assert_eq!(app.value("election-kind").await, "secretary");
    app.find("election-add").await.click().await.unwrap();
    app.find("candidates-edit-2").await.click().await.unwrap();
    app.find("candidates-typed-2").await.send_keys("Vũ Thu Hà").await.unwrap();
    app.find("candidates-save-2").await.click().await.unwrap();
    assert_eq!(
        app.text("elections-error").await,
        "Vũ Thu Hà không trúng cử Ban Chấp hành khóa mới nên không thể là ứng cử viên Bí thư: Bí thư được bầu trong số Ban Chấp hành vừa trúng cử."
    );
    app.quit().await;

    let conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
    let data = chidoan::congress::load(&conn, 1).unwrap();
    assert_eq!(data.attendees.len(), 18);
    assert_eq!(data.elections[0].rounds[0].issued, Some(16));
    assert!(data.elections[1].candidates.is_empty());
    let positions: Vec<(String, chidoan::members::Position)> = chidoan::members::list(&conn, &Default::default(), chidoan::today())
        .unwrap()
        .rows
        .into_iter()
        .filter(|m| m.position != chidoan::members::Position::Member)
        .map(|m| (m.full_name, m.position))
        .collect();
    let committee = chidoan::members::Position::Committee;
    assert_eq!(positions, [("Nguyễn Văn An".into(), committee), ("Trần Thị Bình".into(), committee), ("Lê Thị Cúc".into(), committee)]);
}

impl App {
    /// What sticks out of the window sideways: the page scrolling sideways, or a control whose
    /// right edge is past the window's.
    async fn overflow(&self) -> Vec<String> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let script = r#"
            const w = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > w + 1) out.push(`page is ${document.documentElement.scrollWidth} px wide in ${w}`);
            const h = document.documentElement.clientHeight;
            for (const d of document.querySelectorAll('[role=dialog], [role=alertdialog]')) {
                const r = d.getBoundingClientRect();
                if (r.bottom > h + 1 || r.top < -1) out.push(`dialog ${d.getAttribute('aria-label') || d.dataset.testid || ''} runs from ${Math.round(r.top)} to ${Math.round(r.bottom)} px in ${h}`);
            }
            for (const el of document.querySelectorAll('button, input, select, textarea, a, th, td')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                if (r.right > w + 1) out.push(`${el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 40) || el.tagName} ends at ${Math.round(r.right)} px`);
            }
            return out;"#;
        let found = self.client.execute(script, vec![]).await.unwrap();
        found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    async fn fits(&self, what: &str) {
        let out = self.overflow().await;
        assert!(out.is_empty(), "{what} does not fit: {out:?}");
    }

    async fn key(&self, key: char) {
        let keys = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        self.client.perform_actions(keys).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_and_dialog_fits_an_office_screen() {
    let _one = ONE_AT_A_TIME.lock().await;
    let dir = tempfile::tempdir().unwrap();
    let database = example_congress(dir.path());
    {
        let mut conn = db::open(&database, db::StartBackup::BeforeMigration).unwrap();
        let input = chidoan::members::MemberInput { full_name: "Nguyễn Văn An".into(), date_of_birth: "12/03/1998".into(), ..Default::default() };
        chidoan::members::create(&mut conn, &input, &Default::default()).unwrap();
    }
    let app = App::start(&database).await;
    // The check can fail: something wider than the window is found.
    app.find("nav-tong-quan").await;
    app.client.execute("const d = document.createElement('div'); d.id = 'wide'; d.style.width = '3000px'; d.innerHTML = '<button>rộng</button>'; document.body.append(d);", vec![]).await.unwrap();
    assert!(!app.overflow().await.is_empty(), "a 3000 px element is found");
    app.client.execute("document.getElementById('wide').remove();", vec![]).await.unwrap();
    for (width, height) in [(1366, 768), (1280, 720)] {
        app.client.set_window_size(width, height).await.unwrap();
        let at = format!("{width}×{height}");
        app.find("nav-tong-quan").await;
        for (key, page) in [('1', "Tổng quan"), ('2', "Đoàn viên"), ('3', "Hoạt động"), ('4', "Đại hội"), ('5', "Cài đặt")] {
            app.chord(Key::Alt, key).await;
            app.text_when("page-title", |t| t == page).await;
            app.fits(&format!("{page} at {at}")).await;
        }
        app.chord(Key::Alt, '2').await;
        app.find("member-new").await.click().await.unwrap();
        app.find("member-dialog").await;
        app.fits(&format!("the member dialog at {at}")).await;
        app.client.refresh().await.unwrap();
        app.find("members-import").await.click().await.unwrap();
        app.find("import-path").await;
        app.fits(&format!("the import dialog at {at}")).await;
        app.client.refresh().await.unwrap();
        app.chord(Key::Alt, '3').await;
        app.find("activity-new").await.click().await.unwrap();
        app.find("activity-title").await;
        if width == 1366 {
            app.screenshot("ghi-hoat-dong-1366").await;
        }
        app.fits(&format!("the activity dialog at {at}")).await;
        app.client.refresh().await.unwrap();
        app.chord(Key::Alt, '4').await;
        app.find("congress-open-1").await.click().await.unwrap();
        for tab in ["info", "attendance", "bodies", "agenda", "elections", "papers", "audit"] {
            app.open_tab(tab).await;
            app.fits(&format!("the congress tab {tab} at {at}")).await;
        }
        // The widest paper: the Tờ trình with its sideways list of twelve columns.
        app.open_tab("papers").await;
        app.find("paper-approval-request").await.click().await.unwrap();
        app.text_when("document-title", |t| t == "TỜ TRÌNH").await;
        app.find("document-annex").await;
        app.fits(&format!("the Tờ trình and its trích ngang at {at}")).await;
        app.open_tab("elections").await;
        app.find("count-1-1").await.click().await.unwrap();
        app.find("round-locked").await;
        app.fits(&format!("the counting screen at {at}")).await;
        app.find("round-unlock").await.click().await.unwrap();
        app.find("unlock-dialog").await;
        app.fits(&format!("the unlock dialog at {at}")).await;
        app.client.refresh().await.unwrap();
        app.chord(Key::Alt, '4').await;
        app.find("congress-open-1").await.click().await.unwrap();
        app.open_tab("elections").await;
        app.find("count-3-1").await.click().await.unwrap();
        app.find("ballot-entry").await;
        app.fits(&format!("ballot entry at {at}")).await;
        app.find("projector-open").await.click().await.unwrap();
        app.find("projector").await;
        app.fits(&format!("the projector view at {at}")).await;
        app.key('\u{E00C}').await;
        app.client.refresh().await.unwrap();
    }
    app.quit().await;
}
