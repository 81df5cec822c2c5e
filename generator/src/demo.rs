//! The demo catalog: a few artists with real, playable audio and generated
//! artwork, made on this machine so a fresh checkout has a site to look at;
//! and synthetic catalogs of any size for benchmarks.

use std::io::Write as _;

use crate::catalog::model::{
    Album, Artist, FIRST_FEATURE_SORT, PER_GROUP, Track, TrackKind, new_id, next_feature_sort,
};
use crate::media::Media;
use crate::store::{Item, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing demo media: {0}")]
    Media(#[from] crate::media::MediaError),
    #[error("making demo artwork: {0}")]
    Image(#[from] image::ImageError),
    #[error("{0}")]
    Size(String),
}

pub type Result<T, E = DemoError> = std::result::Result<T, E>;

/// What a demo seeding wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    pub artists: usize,
    pub albums: usize,
    pub album_tracks: usize,
    pub singles: usize,
    pub featured: usize,
    pub media_files: usize,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} artists, {} albums, {} album tracks, {} singles ({} featured), {} media files",
            self.artists,
            self.albums,
            self.album_tracks,
            self.singles,
            self.featured,
            self.media_files
        )
    }
}

struct DemoAlbum {
    title: &'static str,
    date: &'static str,
    license: &'static str,
    description: &'static str,
    tracks: &'static [&'static str],
}

struct DemoArtist {
    name: &'static str,
    bio: &'static str,
    /// Base pitch in Hz and a colour for the artwork.
    pitch: f32,
    colour: [u8; 3],
    albums: &'static [DemoAlbum],
    singles: &'static [(&'static str, &'static str)],
    /// (album index, track index) of featured album tracks.
    featured: &'static [(usize, usize)],
}

const DEMO: &[DemoArtist] = &[
    DemoArtist {
        name: "Ásta & the Northern Lights",
        bio: "Ásta Sigurðardóttir writes songs in a wooden house outside Reykjavík, where the wind does half the arranging.\n\nThe band — þrír vinir, three friends — records everything live to tape, mistakes and all.",
        pitch: 220.0,
        colour: [40, 90, 160],
        albums: &[
            DemoAlbum {
                title: "Hvítá",
                date: "2019-03-22",
                license: "by-nc-sa",
                description: "Named after the glacial river. Recorded over one long winter weekend.",
                tracks: &[
                    "Glacier Song",
                    "Þoka (Fog)",
                    "Black Sand",
                    "Kettle Lake",
                    "Last Ferry",
                ],
            },
            DemoAlbum {
                title: "Midnight Sun Sessions",
                date: "2022-06-21",
                license: "by",
                description: "Five songs recorded between 11 pm and 3 am on the longest day of the year.",
                tracks: &[
                    "Daylight at Midnight",
                    "Puffins",
                    "Harbour Lights",
                    "Slow Tide",
                    "Homeward",
                ],
            },
        ],
        singles: &[("Christmas in Akureyri", "2023-12-01")],
        featured: &[(1, 0), (0, 1)],
    },
    DemoArtist {
        name: "Kōji Mori",
        bio: "森 浩二 (Kōji Mori) makes slow electronic music from field recordings: trains, rain on paper umbrellas, the hum of a vending machine at 2 am.\n\n静かな音楽 — quiet music for loud cities.",
        pitch: 330.0,
        colour: [150, 60, 90],
        albums: &[DemoAlbum {
            title: "静寂 Seijaku",
            date: "2021-11-05",
            license: "by-nc-nd",
            description: "An album about silence, made of almost nothing.",
            tracks: &[
                "Yamanote Loop",
                "雨 Ame",
                "Vending Machine Hymn",
                "Last Train",
                "Kōen at Dawn",
                "Shinkansen",
            ],
        }],
        singles: &[("Sakura Drift", "2024-04-01"), ("Neon Rain", "2025-01-17")],
        featured: &[(0, 2)],
    },
    DemoArtist {
        name: "Les Étoiles Filantes",
        bio: "A trio from Lyon playing chanson, musette and whatever else fits in a café.\n\nÉlodie sings, François plays the accordéon, and Noël keeps time on a suitcase.",
        pitch: 262.0,
        colour: [200, 130, 40],
        albums: &[DemoAlbum {
            title: "Café Crème",
            date: "2020-09-12",
            license: "by-sa",
            description: "Songs for the terrasse, the métro and the long walk home.",
            tracks: &[
                "Rue de la République",
                "La Valse à Noël",
                "Croissant Blues",
                "Façade",
                "Au Revoir, Été",
            ],
        }],
        singles: &[("Bonne Année", "2024-12-31")],
        featured: &[(0, 1), (0, 0), (0, 3)],
    },
];

/// Writes the demo catalog into `store`, with its audio and artwork in
/// `media` (a folder or a bucket). Ids are fixed, so seeding again rewrites the same items.
pub async fn seed(store: &Store, media: impl Into<Media>) -> Result<Seeded> {
    let media_store: Media = media.into();
    let mut rng = fastrand::Rng::with_seed(0x7206);
    let mut items: Vec<Item> = Vec::new();
    let mut seeded = Seeded::default();
    let mut media = MediaWriter {
        media: &media_store,
        written: 0,
    };
    for (a_index, demo) in DEMO.iter().enumerate() {
        let artist_id = new_id(&mut rng);
        let artist_dir = format!("art/{}-{artist_id}", slug::slugify(demo.name));
        let image_key = format!(
            "{artist_dir}/{}-{}.jpg",
            slug::slugify(demo.name),
            tag(&mut rng)
        );
        media
            .write(&image_key, &artwork(demo.colour, a_index as u32, 0)?)
            .await?;
        items.push(
            Artist {
                id: artist_id.clone(),
                name: demo.name.into(),
                owner: Some(format!("demo|{}", a_index + 1)),
                normalized_name: Some(crate::catalog::names::normalize(demo.name)),
                bio: Some(demo.bio.into()),
                image_url: Some(image_key),
                created_date: Some("2024-01-01T00:00:00Z".into()),
                trogs: Default::default(),
                extra: Item::new(),
            }
            .to_item(),
        );
        seeded.artists += 1;
        for (al_index, album) in demo.albums.iter().enumerate() {
            let album_id = new_id(&mut rng);
            let album_dir = format!("{artist_dir}/{}-{album_id}", slug::slugify(album.title));
            let cover_key = format!("{album_dir}/cover-{}.jpg", tag(&mut rng));
            media
                .write(
                    &cover_key,
                    &artwork(demo.colour, a_index as u32, al_index as u32 + 1)?,
                )
                .await?;
            items.push(
                Album {
                    id: album_id.clone(),
                    artist_id: artist_id.clone(),
                    title: album.title.into(),
                    artist_name: Some(demo.name.into()),
                    release_date: Some(album.date.into()),
                    description: Some(album.description.into()),
                    license: Some(album.license.into()),
                    image_url: Some(cover_key),
                    position: al_index as u32,
                    trogs: Default::default(),
                    extra: Item::new(),
                }
                .to_item(),
            );
            seeded.albums += 1;
            for (t_index, title) in album.tracks.iter().enumerate() {
                let key = format!("{album_dir}/{}-{}.wav", slug::slugify(title), tag(&mut rng));
                let pitch = demo.pitch * (1.0 + 0.12 * t_index as f32);
                media
                    .write(
                        &key,
                        &tune(pitch, 3.0 + (t_index % 3) as f32, t_index as u32),
                    )
                    .await?;
                let feature = demo.featured.iter().position(|&f| f == (al_index, t_index));
                items.push(
                    Track {
                        id: new_id(&mut rng),
                        title: (*title).into(),
                        audio_url: key,
                        artist_id: artist_id.clone(),
                        artist_name: Some(demo.name.into()),
                        license: Some(album.license.into()),
                        featured: Some(feature.is_some()),
                        feature_sort: feature.map(feature_sort_at),
                        kind: TrackKind::AlbumTrack {
                            album_id: album_id.clone(),
                            album_title: Some(album.title.into()),
                            number: t_index as u32,
                        },
                        trogs: Default::default(),
                        extra: Item::new(),
                    }
                    .to_item(),
                );
                seeded.album_tracks += 1;
                seeded.featured += usize::from(feature.is_some());
            }
        }
        for (s_index, (title, date)) in demo.singles.iter().enumerate() {
            let key = format!(
                "{artist_dir}/singles/{}-{}.wav",
                slug::slugify(title),
                tag(&mut rng)
            );
            media
                .write(&key, &tune(demo.pitch * 1.5, 3.0, s_index as u32 + 7))
                .await?;
            items.push(
                Track {
                    id: new_id(&mut rng),
                    title: (*title).into(),
                    audio_url: key,
                    artist_id: artist_id.clone(),
                    artist_name: Some(demo.name.into()),
                    license: Some("by".into()),
                    featured: Some(false),
                    feature_sort: None,
                    kind: TrackKind::Single {
                        position: s_index as u32,
                        release_date: Some((*date).into()),
                    },
                    trogs: Default::default(),
                    extra: Item::new(),
                }
                .to_item(),
            );
            seeded.singles += 1;
        }
    }
    store.put_all(items).await?;
    seeded.media_files = media.written;
    Ok(seeded)
}

/// The size of a synthetic catalog.
#[derive(Debug, Clone, Copy)]
pub struct Synthetic {
    pub artists: usize,
    /// Albums in all, spread evenly over the artists.
    pub albums: usize,
    /// Album tracks in all, spread evenly over the albums.
    pub tracks: usize,
}

impl Synthetic {
    /// A catalog of about `pages` pages: 10 tracks an album, 9 albums an artist.
    pub fn of_pages(pages: usize) -> Synthetic {
        let artists = (pages / 100).max(1);
        Synthetic {
            artists,
            albums: artists * 9,
            tracks: artists * 90,
        }
    }
}

/// Writes a synthetic catalog; every track plays the same short file.
pub async fn seed_synthetic(
    store: &Store,
    media: impl Into<Media>,
    size: Synthetic,
) -> Result<Seeded> {
    let media_store: Media = media.into();
    let Synthetic {
        artists,
        albums,
        tracks,
    } = size;
    if artists == 0 || albums < artists || tracks < albums {
        return Err(DemoError::Size(format!(
            "--artists {artists} --albums {albums} --tracks {tracks}: every artist needs an album and every album a track"
        )));
    }
    let per_artist = albums.div_ceil(artists);
    let per_album = tracks.div_ceil(albums);
    if per_artist > PER_GROUP || per_album > PER_GROUP {
        return Err(DemoError::Size(format!(
            "that is {per_artist} albums per artist and {per_album} tracks per album; a sort key numbers each group from 00 to at most 99 ({PER_GROUP} of each), so add artists or albums"
        )));
    }
    let mut media = MediaWriter {
        media: &media_store,
        written: 0,
    };
    media
        .write("art/synthetic/tone.wav", &tune(440.0, 2.0, 0))
        .await?;
    media
        .write("art/synthetic/cover.jpg", &artwork([90, 90, 90], 0, 0)?)
        .await?;
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut items = Vec::with_capacity(artists + albums + tracks);
    let mut seeded = Seeded {
        media_files: media.written,
        ..Seeded::default()
    };
    let mut albums_left = albums;
    let mut tracks_left = tracks;
    for a in 0..artists {
        let artist_id = new_id(&mut rng);
        let name = format!("Artist {a:06}");
        items.push(
            Artist {
                id: artist_id.clone(),
                name: name.clone(),
                owner: Some(format!("synthetic|{a}")),
                normalized_name: Some(crate::catalog::names::normalize(&name)),
                bio: Some(format!("{name} is a synthetic artist for benchmarks.")),
                image_url: Some("art/synthetic/cover.jpg".into()),
                created_date: None,
                trogs: Default::default(),
                extra: Item::new(),
            }
            .to_item(),
        );
        seeded.artists += 1;
        let my_albums = albums_left.div_ceil(artists - a);
        albums_left -= my_albums;
        for al in 0..my_albums {
            let album_id = new_id(&mut rng);
            let title = format!("Album {al:02} of {name}");
            items.push(
                Album {
                    id: album_id.clone(),
                    artist_id: artist_id.clone(),
                    title: title.clone(),
                    artist_name: Some(name.clone()),
                    release_date: Some(format!("{}-01-01", 2000 + al)),
                    description: Some("A synthetic album.".into()),
                    license: None,
                    image_url: Some("art/synthetic/cover.jpg".into()),
                    position: al as u32,
                    trogs: Default::default(),
                    extra: Item::new(),
                }
                .to_item(),
            );
            seeded.albums += 1;
            let albums_after = albums - seeded.albums;
            let my_tracks = tracks_left.div_ceil(albums_after + 1);
            tracks_left -= my_tracks;
            for t in 0..my_tracks {
                let featured = al == 0 && t < 3;
                items.push(
                    Track {
                        id: new_id(&mut rng),
                        title: format!("Track {t:02}"),
                        audio_url: "art/synthetic/tone.wav".into(),
                        artist_id: artist_id.clone(),
                        artist_name: Some(name.clone()),
                        license: None,
                        featured: Some(featured),
                        feature_sort: featured.then(|| feature_sort_at(t)),
                        kind: TrackKind::AlbumTrack {
                            album_id: album_id.clone(),
                            album_title: Some(title.clone()),
                            number: t as u32,
                        },
                        trogs: Default::default(),
                        extra: Item::new(),
                    }
                    .to_item(),
                );
                seeded.album_tracks += 1;
                seeded.featured += usize::from(featured);
            }
        }
    }
    store.put_all(items).await?;
    Ok(seeded)
}

/// The `FeatureSort` of an artist's featured track number `index` (from 0),
/// when they are featured one after another: `"100"`, `"101"`, …
fn feature_sort_at(index: usize) -> String {
    let mut sort = FIRST_FEATURE_SORT.to_string();
    for _ in 0..index {
        sort = next_feature_sort([sort.as_str()]);
    }
    sort
}

fn tag(rng: &mut fastrand::Rng) -> String {
    new_id(rng)[..8].to_string()
}

struct MediaWriter<'a> {
    media: &'a Media,
    written: usize,
}

impl MediaWriter<'_> {
    async fn write(&mut self, key: &str, bytes: &[u8]) -> Result<()> {
        self.media.put_bytes(key, bytes).await?;
        self.written += 1;
        Ok(())
    }
}

/// A short tune as a 16-bit mono WAV file: a few plucked notes of a
/// pentatonic scale, so every demo track sounds (a little) different.
pub fn tune(base_hz: f32, seconds: f32, variant: u32) -> Vec<u8> {
    const RATE: u32 = 22_050;
    const STEPS: [f32; 5] = [1.0, 1.125, 1.25, 1.5, 1.667];
    let samples = (RATE as f32 * seconds) as usize;
    let note_len = RATE as usize / 4;
    let mut pcm = Vec::with_capacity(samples);
    for i in 0..samples {
        let note = i / note_len;
        let step = STEPS[(note * 3 + variant as usize) % STEPS.len()];
        let freq = base_hz * step;
        let t_note = (i % note_len) as f32 / RATE as f32;
        let t = i as f32 / RATE as f32;
        let envelope = (-t_note * 6.0).exp();
        let fade = ((samples - i) as f32 / (RATE as f32 * 0.05)).min(1.0);
        let v = (t * freq * std::f32::consts::TAU).sin() * 0.6
            + (t * freq * 2.0 * std::f32::consts::TAU).sin() * 0.15;
        pcm.push((v * envelope * fade * 0.5 * i16::MAX as f32) as i16);
    }
    let data_len = (pcm.len() * 2) as u32;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for s in pcm {
        wav.write_all(&s.to_le_bytes()).expect("writing to a Vec");
    }
    wav
}

/// Cover art: a diagonal gradient with rings, as a 600×600 JPEG.
pub fn artwork(colour: [u8; 3], seed: u32, variant: u32) -> Result<Vec<u8>> {
    const SIZE: u32 = 600;
    let cx = (SIZE / 2) as f32 + ((seed * 97 + variant * 53) % 200) as f32 - 100.0;
    let cy = (SIZE / 2) as f32 + ((seed * 31 + variant * 71) % 200) as f32 - 100.0;
    let img = image::RgbImage::from_fn(SIZE, SIZE, |x, y| {
        let g = (x + y) as f32 / (2 * SIZE) as f32;
        let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
        let ring = if ((d / (18.0 + variant as f32 * 6.0)) as u32).is_multiple_of(2) {
            1.0
        } else {
            0.82
        };
        let c = |v: u8, shift: f32| {
            ((v as f32 * (0.55 + 0.6 * g) + shift) * ring).clamp(0.0, 255.0) as u8
        };
        image::Rgb([
            c(colour[0], 20.0),
            c(colour[1], 10.0),
            c(colour[2], 30.0 * g),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82).encode_image(&img)?;
    Ok(out)
}
