//! Requests hyper cannot parse (a header line without a colon, two different
//! `Content-Length`s, headers over the 64 KB buffer or over 100 of them, a broken request
//! line) never reach the application: hyper answers them itself, with an empty `400`, `414`
//! or `431`, and closes the connection. hyper has no hook for that answer, so each
//! connection's IO is wrapped, and the canned answer, which is always the last thing hyper
//! writes on the connection, is replaced on its way out by the refusal every other answer
//! has: `{"error":{"code","message"}}` with the same status.
//!
//! HTTP/2 connections are left alone: a malformed HTTP/2 request is refused with a stream
//! reset or `GOAWAY` frame, which has no body to put anything in.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::http::StatusCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// The statuses hyper answers unparseable HTTP/1 requests with.
const AUTOMATIC: [StatusCode; 3] = [
    StatusCode::BAD_REQUEST,
    StatusCode::URI_TOO_LONG,
    StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
];

/// A connection whose automatic refusals go out as JSON refusals.
pub struct JsonRefusals<T> {
    io: T,
    /// Bytes owed to the connection: what precedes a replaced answer, then the refusal.
    owed: Vec<u8>,
    /// How many of `owed` are written.
    written: usize,
    /// What the connection speaks, once its first bytes arrived.
    protocol: Protocol,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Unknown,
    Http1,
    Http2,
}

impl<T> JsonRefusals<T> {
    pub fn new(io: T) -> Self {
        Self {
            io,
            owed: Vec::new(),
            written: 0,
            protocol: Protocol::Unknown,
        }
    }
}

impl<T: AsyncWrite + Unpin> JsonRefusals<T> {
    /// Writes what is owed; ready once all of it is out.
    fn poll_owed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.owed.len() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.owed[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.owed.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for JsonRefusals<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        ready!(Pin::new(&mut self.io).poll_read(cx, buf))?;
        if self.protocol == Protocol::Unknown && buf.filled().len() > before {
            // HTTP/2's preface starts with the method HTTP/1 reserves for it.
            self.protocol = if buf.filled()[before..].starts_with(b"PRI ") {
                Protocol::Http2
            } else {
                Protocol::Http1
            };
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for JsonRefusals<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_owed(cx))?;
        if self.protocol == Protocol::Http1
            && let Some((start, status)) = automatic_refusal(buf)
        {
            tracing::debug!(
                status = status.as_u16(),
                "request refused before it could be read"
            );
            let mut owed = buf[..start].to_vec();
            owed.extend_from_slice(&crate::http::refusal::raw_refusal(status, &[]));
            self.owed = owed;
            self.written = 0;
            // hyper's bytes are taken: what it wrote stands replaced.
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    /// Not vectored, so hyper hands over its whole answer in one buffer, head first.
    fn is_write_vectored(&self) -> bool {
        false
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_owed(cx))?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_owed(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Where hyper's canned answer starts in `written` and its status, if `written` ends with
/// one: a head with one of the automatic statuses, no `content-type` and an empty body,
/// which no answer of the application looks like (all its refusals are JSON).
fn automatic_refusal(written: &[u8]) -> Option<(usize, StatusCode)> {
    /// More than hyper's canned head takes; only this much of a write is searched.
    const LONGEST_HEAD: usize = 512;
    if !written.ends_with(b"\r\n\r\n") {
        return None;
    }
    let tail = written.len().saturating_sub(LONGEST_HEAD);
    let start = tail
        + written[tail..]
            .windows(b"HTTP/1.".len())
            .rposition(|window| window == b"HTTP/1.")?;
    let head = std::str::from_utf8(&written[start..]).ok()?;
    let head = head.strip_suffix("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status: StatusCode = lines
        .next()?
        .split(' ')
        .nth(1)?
        .parse::<u16>()
        .ok()
        .and_then(|code| StatusCode::from_u16(code).ok())?;
    if !AUTOMATIC.contains(&status) {
        return None;
    }
    let mut empty = false;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        let name = name.trim().to_ascii_lowercase();
        match name.as_str() {
            "content-type" | "transfer-encoding" => return None,
            "content-length" => empty = value.trim() == "0",
            _ => {}
        }
    }
    empty.then_some((start, status))
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::automatic_refusal;

    #[test]
    fn hyper_s_canned_answers_are_recognised_and_nothing_else() {
        // As hyper 1.x writes it.
        let canned = b"HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\ndate: Sun, 06 Dec 2026 13:01:33 GMT\r\n\r\n";
        assert_eq!(
            automatic_refusal(canned),
            Some((0, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE))
        );
        // After the tail of an earlier answer on the same connection.
        let mut after = b"...\"}".to_vec();
        after.extend_from_slice(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
        assert_eq!(
            automatic_refusal(&after),
            Some((5, StatusCode::BAD_REQUEST))
        );
        // After a long answer (only the end is searched), and a body chunk that merely
        // contains one.
        let mut long = vec![b'x'; 70_000];
        long.extend_from_slice(canned);
        assert_eq!(
            automatic_refusal(&long),
            Some((70_000, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE))
        );
        long.extend_from_slice(b"more of a body");
        assert_eq!(automatic_refusal(&long), None);
        for ours in [
            // The application's refusals carry their JSON body.
            &b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\ntransfer-encoding: chunked\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
        ] {
            assert_eq!(
                automatic_refusal(ours),
                None,
                "{}",
                String::from_utf8_lossy(ours)
            );
        }
    }
}
