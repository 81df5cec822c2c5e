//! The accept loop of Trogs' HTTP servers (`trogs serve`, the upload service
//! and its dev-mode site server): HTTP/1.1 through hyper with a deadline on
//! reading each request's headers, a cap on open connections (a short 503
//! beyond it), and graceful shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};

/// How long a client has to send a request's headers (also how long an
/// idle kept-alive connection stays open).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How many connections may be open at once.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// The limits every connection is served under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_timeout: Duration,
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

const BUSY_BODY: &str = "too many connections are open; try again in a moment\n";

/// Serves `router` on `listener` until `shutdown` completes, then stops
/// accepting, lets requests in flight finish and returns once every
/// connection is closed.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop, stopped) = watch::channel(false);
    let mut builder = http1::Builder::new();
    // hyper has no deadline on reading headers without a timer: a client
    // sending a byte now and then would hold its connection for ever.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let connection = builder.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(router.clone()),
        );
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            tokio::pin!(connection);
            let result = tokio::select! {
                result = connection.as_mut() => result,
                () = async { let _ = stopped.wait_for(|stop| *stop).await; } => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "a connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    drop(stopped);
    // Each connection holds a receiver until it is closed.
    stop.closed().await;
}

/// Answers a connection over the cap with a 503 and closes it.
async fn refuse(mut stream: TcpStream) {
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         content-length: {}\r\nretry-after: 5\r\nx-content-type-options: nosniff\r\n\
         connection: close\r\n\r\n{BUSY_BODY}",
        BUSY_BODY.len()
    );
    // Bounded, so refused connections hold no file descriptor for long.
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        if stream.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
        let _ = stream.shutdown().await;
        // Closing with the client's request unread makes the kernel send a
        // reset, which can discard the 503 before the client reads it; so
        // what it sent is read (briefly) first.
        let _ = tokio::time::timeout(Duration::from_millis(250), async {
            let mut sink = [0u8; 4096];
            let mut read = 0;
            while let Ok(n) = stream.read(&mut sink).await {
                read += n;
                if n == 0 || read > 64 << 10 {
                    break;
                }
            }
        })
        .await;
    })
    .await;
}

/// A failed accept: a connection that went away before it was taken is
/// skipped; anything else (such as running out of file descriptors) is
/// logged and waited out, so the loop does not spin.
async fn accept_error(e: std::io::Error) {
    use std::io::ErrorKind as K;
    if matches!(
        e.kind(),
        K::ConnectionRefused | K::ConnectionAborted | K::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
