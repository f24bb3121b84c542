//! Running `kilavuz serve` on a copy of a fixture site and talking raw HTTP to it, so that
//! requests reach the server exactly as written (no client-side path normalisation).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_kilavuz");
pub(crate) const LIVE_TAG_START: &str = "<script src=\"/__kilavuz/live.js\"";

pub(crate) struct Served {
    child: Child,
    pub(crate) addr: String,
    pub(crate) site: tempfile::TempDir,
    log: Receiver<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub(crate) fn serve(fixture: &str) -> Served {
    serve_with(fixture, &[])
}

pub(crate) fn serve_with(fixture: &str, args: &[&str]) -> Served {
    serve_prepared(fixture, args, |_| {})
}

/// Serves a copy of `fixture` after `prepare` has changed the copy.
pub(crate) fn serve_prepared(fixture: &str, args: &[&str], prepare: impl FnOnce(&Path)) -> Served {
    let site = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/serve")
        .join(fixture);
    copy_dir(&src, site.path());
    prepare(site.path());
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0"])
        .args(args)
        .arg(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, log) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut served = Served {
        child,
        addr: String::new(),
        site,
        log,
    };
    let line = served.wait_log("serving http://");
    let url = line.split_whitespace().nth(1).unwrap();
    served.addr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    served
}

impl Served {
    pub(crate) fn wait_log(&self, needle: &str) -> String {
        loop {
            match self.log.recv_timeout(Duration::from_secs(30)) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no `{needle}` from kilavuz serve: {e}"),
            }
        }
    }

    /// Log lines the server has printed since the last look, without waiting.
    pub(crate) fn log_so_far(&self) -> Vec<String> {
        self.log.try_iter().collect()
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.site.path().join(rel)
    }

    pub(crate) fn request(&self, method: &str, target: &str) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let req = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        stream.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8(raw[..split].to_vec()).unwrap();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub(crate) fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    /// The generation the server is at, as injected into its pages.
    pub(crate) fn generation(&self) -> u64 {
        let page = self.get("/help/en-us/").text();
        let at = page.find("data-generation=\"").expect("the live script") + 17;
        page[at..].split('"').next().unwrap().parse().unwrap()
    }

    /// Writes a file and waits until the server has published the rebuild it causes.
    pub(crate) fn edit(&self, rel: &str, text: &str) {
        let before = self.generation();
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.wait_past(before);
    }

    pub(crate) fn wait_past(&self, generation: u64) {
        let start = Instant::now();
        while self.generation() <= generation {
            if start.elapsed() > Duration::from_secs(30) {
                let log: Vec<String> = self.log.try_iter().collect();
                panic!(
                    "no rebuild past generation {generation}; server said:\n{}",
                    log.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Removes the live-reload script the server adds to HTML.
pub(crate) fn without_live_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).unwrap();
    let Some(start) = text.find(LIVE_TAG_START) else {
        return body.to_vec();
    };
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// Every file under `dir`.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
