//! The upload service's speed and memory, against the real binary in dev
//! mode (a release build, over a catalog and media folder on disk):
//!
//! - the time from an upload being received to its pages being live, as
//!   the service reports it in `Server-Timing`;
//! - one 1 GiB upload: throughput next to a plain loopback copy of the same
//!   bytes, and the service's peak memory;
//! - 50 uploads of 20 MB at once: failures and peak memory.
//!
//! `cargo bench -p trogs-uploader --bench upload` prints the figures; set
//! `TROGS_BENCH_DIR` to put the files elsewhere than the system's
//! temporary folder.

#[path = "../tests/harness/mod.rs"]
mod harness;

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

const MIB: u64 = 1 << 20;

/// The service's peak resident memory since the last reset, in MB.
fn peak_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Starts counting peak memory afresh.
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// A WAV header for `data` bytes of 16-bit stereo PCM.
fn wav_header(data: u64) -> Vec<u8> {
    let mut h = harness::wav(0.0);
    let data = u32::try_from(data).expect("under 4 GiB");
    h[4..8].copy_from_slice(&(36 + data).to_le_bytes());
    h[40..44].copy_from_slice(&data.to_le_bytes());
    h
}

/// A streamed WAV body of `size` bytes, made as it is sent.
fn streamed_wav(size: u64) -> reqwest::Body {
    let header = wav_header(size - 44);
    let chunk = bytes::Bytes::from(vec![0u8; MIB as usize]);
    let mut left = size - 44;
    let mut first = Some(bytes::Bytes::from(header));
    let stream = futures_util::stream::poll_fn(move |_| {
        if let Some(h) = first.take() {
            return std::task::Poll::Ready(Some(Ok::<_, std::io::Error>(h)));
        }
        if left == 0 {
            return std::task::Poll::Ready(None);
        }
        let n = left.min(MIB);
        left -= n;
        std::task::Poll::Ready(Some(Ok(chunk.slice(..n as usize))))
    });
    reqwest::Body::wrap_stream(stream)
}

async fn upload(client: &harness::Client, path: &str, size: u64) -> (u16, Option<f64>, Duration) {
    let part =
        reqwest::multipart::Part::stream_with_length(streamed_wav(size), size).file_name("big.wav");
    let form = reqwest::multipart::Form::new().part("audio_file", part);
    let started = Instant::now();
    let r = client
        .http
        .post(format!("{}{path}", client.base))
        .header("cookie", client.cookie.clone().unwrap())
        .header("origin", client.base.clone())
        .header("x-csrf-token", client.csrf.clone().unwrap())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let timing = r
        .headers()
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.split("dur=").nth(1))
        .and_then(|t| t.split(';').next())
        .and_then(|t| t.parse().ok());
    let _ = r.text().await;
    (status, timing, started.elapsed())
}

/// Bytes per second of a plain copy over a loopback TCP connection, into
/// memory (`to: None`) or into a file, as an upload must land.
async fn loopback_copy(size: u64, to: Option<std::path::PathBuf>) -> f64 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sink = tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        match to {
            None => tokio::io::copy(&mut s, &mut tokio::io::sink())
                .await
                .unwrap(),
            Some(path) => {
                let mut f = tokio::io::BufWriter::with_capacity(
                    1 << 20,
                    tokio::fs::File::create(&path).await.unwrap(),
                );
                let n = tokio::io::copy(&mut s, &mut f).await.unwrap();
                tokio::io::AsyncWriteExt::flush(&mut f).await.unwrap();
                drop(f);
                let _ = std::fs::remove_file(&path);
                n
            }
        }
    });
    let started = Instant::now();
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let chunk = vec![0u8; MIB as usize];
    let mut left = size;
    while left > 0 {
        let n = left.min(MIB) as usize;
        tokio::io::AsyncWriteExt::write_all(&mut conn, &chunk[..n])
            .await
            .unwrap();
        left -= n as u64;
    }
    drop(conn);
    let got = sink.await.unwrap();
    assert_eq!(got, size);
    size as f64 / started.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Ok(dir) = std::env::var("TROGS_BENCH_DIR") {
        // SAFETY-free: set before any thread reads the environment.
        unsafe { std::env::set_var("TMPDIR", dir) };
    }
    let up = harness::dev_with(
        async |_, _| {},
        &["--max-audio-bytes", &(2u64 << 30).to_string()],
        &[("TROGS_LOG", "warn")],
    )
    .await;
    let pid = up.pid();
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let artist = ann
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "Bench Band"}),
        )
        .await
        .json();
    let artist_id = artist["data"]["id"].as_str().unwrap().to_string();
    let album = ann
        .json(
            Method::POST,
            &format!("/api/v1/me/artists/{artist_id}/albums"),
            json!({"title": "Bench"}),
        )
        .await
        .json();
    let album_id = album["data"]["id"].as_str().unwrap().to_string();
    let tracks = format!("/api/v1/me/albums/{album_id}/tracks");

    println!("trogs-uploader (release, dev mode, SQLite catalog, media folder)");
    let mut finish = Vec::new();
    let mut total = Vec::new();
    for _ in 0..15 {
        let (status, timing, elapsed) = upload(&ann, &tracks, 882_044).await;
        assert_eq!(status, 201);
        finish.push(timing.unwrap());
        total.push(elapsed.as_secs_f64() * 1000.0);
    }
    // An album holds 100 tracks: start a new one for the big uploads.
    println!(
        "upload received to pages live (5 s WAV, 15 uploads): median {:.1} ms, max {:.1} ms; whole request median {:.1} ms",
        median(finish.clone()),
        finish.iter().cloned().fold(0.0, f64::max),
        median(total),
    );

    let size = 1u64 << 30;
    let copy = loopback_copy(size, None).await;
    let to_file = loopback_copy(size, Some(up.dir.path().join("copy.bin"))).await;
    reset_peak(pid);
    let (status, timing, elapsed) = upload(&ann, &tracks, size).await;
    assert_eq!(status, 201, "the 1 GiB upload");
    let rate = size as f64 / elapsed.as_secs_f64();
    println!(
        "1 GiB upload: {:.1} s, {:.0} MB/s; a plain loopback copy into memory: {:.0} MB/s ({:.2}×), into a file: {:.0} MB/s ({:.2}×); received to live {:.0} ms; peak memory {:.0} MB",
        elapsed.as_secs_f64(),
        rate / 1e6,
        copy / 1e6,
        rate / copy,
        to_file / 1e6,
        rate / to_file,
        timing.unwrap_or(f64::NAN),
        peak_mb(pid)
    );

    reset_peak(pid);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let client = harness::Client {
            http: ann.http.clone(),
            base: ann.base.clone(),
            cookie: ann.cookie.clone(),
            csrf: ann.csrf.clone(),
            origin: ann.origin.clone(),
        };
        let path = tracks.clone();
        tasks.push(tokio::spawn(async move {
            upload(&client, &path, 20_000_000).await.0
        }));
    }
    let mut failed = 0;
    let mut statuses = std::collections::BTreeMap::new();
    for t in tasks {
        let s = t.await.unwrap();
        *statuses.entry(s).or_insert(0) += 1;
        if s != 201 {
            failed += 1;
        }
    }
    println!(
        "50 uploads of 20 MB at once: {failed} failed ({statuses:?}), {:.1} s in all, peak memory {:.0} MB",
        started.elapsed().as_secs_f64(),
        peak_mb(pid)
    );
}
