//! One HTTP/1.1 exchange on a TCP connection, with the bounds a preview server needs.
//!
//! Anything on the machine can connect to `kilavuz serve`, and any web page can make the
//! browser do so, so a connection gets a bounded head ([`MAX_HEAD`] bytes, read within
//! [`HEAD_DEADLINE`] in total, so a client trickling one byte at a time is dropped), no body,
//! and writes that give up after [`WRITE_TIMEOUT`] when the client stops reading. Each
//! connection carries one request and is closed after the response (`Connection: close`).

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// How long one write may wait for a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/help/en-us/?x=1`).
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// The head is larger than [`MAX_HEAD`]: answer 431.
    TooLarge,
    /// Not an HTTP/1 request head: answer 400.
    Malformed,
    /// The client closed the connection or was too slow: answer nothing.
    Gone,
}

/// Reads one request head from `stream`, within the bounds above.
pub fn read_head(stream: &mut TcpStream) -> Result<Request, HeadError> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = find_end(&buf) {
            return parse(&buf[..end]);
        }
        if buf.len() > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Gone);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn find_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Parses a head (without its closing blank line).
pub fn parse(head: &[u8]) -> Result<Request, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    if !token(method) || !version.starts_with("HTTP/1.") || !is_clean(target) {
        return Err(HeadError::Malformed);
    }
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        let value = value.trim_matches([' ', '\t']);
        if name.is_empty() || !is_clean(name) || value.chars().any(char::is_control) {
            return Err(HeadError::Malformed);
        }
        headers.push((name.to_string(), value.to_string()));
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// Visible ASCII only: no spaces, controls or bytes a header could be split on.
fn is_clean(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Writes a whole response; the body is left out for `HEAD` requests (`head_only`).
pub fn respond(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut out = start(status, headers);
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    if !head_only {
        bytes.extend_from_slice(body);
    }
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Closes a connection whose request was refused unread: stops writing, then drains what the
/// client still sends (at most 1 MiB, for at most a second), so that closing with unread data
/// does not reset the connection before the client has read the answer.
pub fn linger_close(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < 1024 * 1024 && Instant::now() < deadline {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// The status line and headers of a response, each header line ending in CRLF; the caller
/// adds the last headers and the blank line. Header values must come from [`is_header_value`].
pub fn start(status: u16, headers: &[(&str, &str)]) -> String {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Connection: close\r\n");
    out
}

/// Whether `value` can be sent as a header value as it is (visible ASCII and spaces).
pub fn is_header_value(value: &str) -> bool {
    value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_parse_and_bad_ones_are_refused() {
        let r =
            parse(b"GET /a/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nLast-Event-ID:  7 ").unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a/?x=1"));
        assert_eq!(r.header("host"), Some("127.0.0.1:1111"));
        assert_eq!(r.header("last-event-id"), Some("7"));
        for bad in [
            &b"GET /a HTTP/1.1 extra"[..],
            b"GET /a\nHost: x HTTP/1.1",
            b"GET /a HTTP/2",
            b"G=T /a HTTP/1.1",
            b"GET /\xff HTTP/1.1",
            b"GET / HTTP/1.1\r\nno colon",
            b"GET / HTTP/1.1\r\nX: a\x01b",
            b"",
        ] {
            assert_eq!(parse(bad), Err(HeadError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn header_values_with_line_breaks_are_not_sendable() {
        assert!(is_header_value("/help/en-us/"));
        assert!(!is_header_value("/a\r\nSet-Cookie: x=1"));
        assert!(!is_header_value("/ü"));
    }
}
