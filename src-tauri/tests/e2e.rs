//! End-to-end tests of the real window: the `chidoan-desktop` binary cargo built, driven through
//! tauri-driver and WebKitWebDriver on a private Xvfb display. Elements are found by
//! `data-testid`, never by layout.
//!
//! Needs `Xvfb`, `WebKitWebDriver` (Debian: xvfb, webkit2gtk-driver) and tauri-driver in
//! `.tools/bin` or on PATH; the README's test command installs all three. A missing tool fails
//! the test: it never skips silently.

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
    /// tauri-driver must get SIGTERM: SIGKILL would orphan WebKitWebDriver and the app.
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
            if socket.exists() || Path::new(&format!("/tmp/.X{number}-lock")).exists() {
                continue;
            }
            let child = Command::new(&xvfb)
                .arg(format!(":{number}"))
                .args(["-screen", "0", "1366x768x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start Xvfb");
            let mut process = Process { child, terminate: false };
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

    async fn text(&self, test_id: &str) -> String {
        self.find(test_id).await.text().await.unwrap()
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
