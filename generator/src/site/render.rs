//! The render stage: a page to render with the rows it is made of (a job),
//! the hash of those inputs, and the HTML. Plain synchronous code over data
//! already read; the pipeline runs it in parallel.

use std::hash::Hash;

use handlebars::{Context, Handlebars};

use super::BuildError;
use super::context::Contexts;
use super::directory::Directory;
use super::i18n::Language;
use super::info::SiteInfo;
use super::page::{Beside, PageRef};
use super::theme::Theme;
use crate::catalog::model::{Album, Artist, Track, TrackKind};
use crate::catalog::queries::{AlbumContent, ArtistContent};
use crate::hash::{Hash128, InputHasher};

/// Bumped when the generator renders the same inputs differently, so pages
/// published by an older generator are rendered again.
/// 3: pages link their playlists and feeds, and album and single pages
/// record their release in the manifest (for `feed.atom`).
const RENDER_VERSION: u32 = 3;

/// The theme's templates as a build renders them: in the site's language,
/// its messages without arguments already written in (`i18n::speaking`).
pub(crate) struct Templates<'a> {
    theme: &'a Theme,
    registry: Handlebars<'static>,
}

impl<'a> Templates<'a> {
    /// `language` is one of `theme`'s locales.
    pub fn new(theme: &'a Theme, language: &Language) -> Self {
        Templates {
            theme,
            registry: super::i18n::speaking(&theme.registry, language),
        }
    }
}

/// Most pages are 5 to 20 KB: a render thread's buffer starts big enough
/// not to grow often, and one grown past `MAX_KEPT_BUFFER` by a very long
/// page (an index of thousands of artists) is not kept.
const INITIAL_BUFFER: usize = 16 * 1024;
const MAX_KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    static RENDER_BUFFER: std::cell::RefCell<Vec<u8>> =
        std::cell::RefCell::new(Vec::with_capacity(INITIAL_BUFFER));
}

/// A file published beside a page: its path and bytes.
pub(crate) type Companion = (String, Vec<u8>);

/// One page to render, with the rows it is made of.
pub(crate) enum Job<'a> {
    Home(&'a Directory),
    /// An index page, by its place in `Directory::pages`.
    Artists(&'a Directory, usize),
    NotFound,
    Artist(&'a ArtistContent),
    Album(&'a AlbumContent),
    Track {
        track: &'a Track,
        /// Its place on its album, from 1, as the album page numbers it (1
        /// for a single).
        number: usize,
        album: Option<&'a Album>,
        artist: Option<&'a Artist>,
    },
}

impl<'a> Job<'a> {
    /// The track pages of an album, each numbered by its place in the
    /// album's rows, as the album page numbers it.
    pub fn album_tracks(c: &'a AlbumContent) -> impl Iterator<Item = Job<'a>> {
        c.tracks.iter().enumerate().map(|(i, t)| Job::Track {
            track: t,
            number: i + 1,
            album: Some(&c.album),
            artist: None,
        })
    }

    pub fn page(&self) -> PageRef {
        match self {
            Job::Home(_) => PageRef::Home,
            Job::Artists(d, i) => d.pages[*i].page(),
            Job::NotFound => PageRef::NotFound,
            Job::Artist(c) => PageRef::Artist(c.artist.id.clone()),
            Job::Album(c) => PageRef::Album(c.album.id.clone()),
            Job::Track { track, .. } => PageRef::Track(track.id.clone()),
        }
    }

    /// The pages that list this one, as the manifest records them.
    pub fn parents(&self) -> Vec<PageRef> {
        match self {
            Job::Home(_) | Job::NotFound => Vec::new(),
            Job::Artists(..) => vec![PageRef::Home],
            Job::Artist(_) => vec![PageRef::Home],
            Job::Album(c) => vec![PageRef::Artist(c.album.artist_id.clone())],
            Job::Track { track, .. } => track_parents(track),
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Job::Home(_) => "home",
            Job::Artists(..) => "artists",
            Job::NotFound => "404",
            Job::Artist(_) => "artist",
            Job::Album(_) => "album",
            Job::Track { .. } => "track",
        }
    }

    /// The hash of everything the page is rendered from: its rows, and the
    /// site's fingerprint (theme, settings, generator).
    pub fn inputs(&self, site: Hash128) -> Hash128 {
        let mut h = InputHasher::keyed(site.as_seed());
        site.0.hash(&mut h);
        match self {
            Job::Home(d) if d.paged() => {
                "home index".hash(&mut h);
                d.letters.hash(&mut h);
            }
            Job::Home(d) => {
                "home".hash(&mut h);
                d.artists.iter().for_each(|a| card_inputs(a, &mut h));
            }
            Job::Artists(d, i) => {
                let p = &d.pages[*i];
                "artists".hash(&mut h);
                (p.initial, p.number, p.of).hash(&mut h);
                // The index's links to the other initials.
                d.letters.iter().for_each(|l| l.initial.hash(&mut h));
                d.artists[p.range.clone()]
                    .iter()
                    .for_each(|a| card_inputs(a, &mut h));
            }
            Job::NotFound => "404".hash(&mut h),
            Job::Artist(c) => {
                "artist".hash(&mut h);
                c.artist.hash(&mut h);
                c.featured.hash(&mut h);
                c.albums.hash(&mut h);
                c.singles.hash(&mut h);
            }
            Job::Album(c) => {
                "album".hash(&mut h);
                c.album.hash(&mut h);
                c.tracks.hash(&mut h);
            }
            Job::Track {
                track,
                number,
                album,
                artist,
            } => {
                "track".hash(&mut h);
                track.hash(&mut h);
                number.hash(&mut h);
                album.hash(&mut h);
                artist.hash(&mut h);
            }
        }
        h.finish128()
    }

    fn context(&self, cx: &Contexts<'_>) -> serde_json::Value {
        match self {
            Job::Home(d) => cx.home(d),
            Job::Artists(d, i) => cx.artists_page(d, *i),
            Job::NotFound => cx.not_found(),
            Job::Artist(c) => cx.artist(c),
            Job::Album(c) => cx.album(c),
            Job::Track {
                track,
                number,
                album,
                artist,
            } => cx.track_page(track, *number, *album, *artist),
        }
    }

    /// The release this page is, for the site-wide feed: an album, or a
    /// single.
    pub fn release(&self) -> Option<crate::publish::Release> {
        match self {
            Job::Album(c) => Some(super::feeds::album_release(&c.album)),
            Job::Track { track, artist, .. } => super::feeds::single_release(track, *artist),
            _ => None,
        }
    }

    /// Renders the page to HTML, and the files published beside it (each
    /// at its `PageRef::beside` path) from the same rows: an
    /// artist's playlist and feeds; an album's playlist; an album's or a
    /// track's embeds (from the page's own template context) and oEmbed
    /// answer.
    pub fn render(
        &self,
        cx: &Contexts<'_>,
        templates: &Templates<'_>,
    ) -> Result<(Vec<u8>, Vec<Companion>), BuildError> {
        // Every page of a build speaks the site's language: `{{t}}` need
        // not read it from the page's context for each message.
        let _speaking = cx.lang.rendering();
        let mut ctx = Context::from(self.context(cx));
        // A track's page and its embeds' playlist show the same row: the
        // second is written from the first while the context is unchanged
        // (the guard is dropped before the embeds change it).
        let remembering = (matches!(self, Job::Track { .. }) && cx.site.embeds)
            .then(super::theme::memo::remember);
        let html = self.render_template(self.template(), &ctx, templates)?;
        let page = self.page();
        let mut files: Vec<Companion> = Vec::new();
        let mut beside = |kind: Beside, bytes: Vec<u8>| {
            if let Some(path) = page.beside(kind) {
                files.push((path, bytes));
            }
        };
        let (feeds, embeds) = (cx.site.feeds, cx.site.embeds);
        match self {
            Job::Artist(c) if feeds => {
                beside(Beside::Playlist, super::feeds::artist_m3u(cx, c));
                beside(Beside::Atom, super::feeds::artist_atom(cx, c));
                beside(Beside::Podcast, super::feeds::artist_rss(cx, c));
            }
            Job::Album(_) | Job::Track { .. } => {
                if let Job::Album(c) = self
                    && feeds
                {
                    beside(Beside::Playlist, super::feeds::album_m3u(cx, c));
                }
                if embeds {
                    // The tracks once, for both forms: they are most of the work.
                    let playlist = self.render_template("embed_playlist", &ctx, templates)?;
                    drop(remembering);
                    ctx.data_mut()["embed"]["playlist"] =
                        serde_json::Value::String(String::from_utf8(playlist).unwrap_or_default());
                    beside(
                        Beside::Embed,
                        self.render_template("embed", &ctx, templates)?,
                    );
                    ctx.data_mut()["embed"]["compact"] = serde_json::Value::Bool(true);
                    beside(
                        Beside::CompactEmbed,
                        self.render_template("embed", &ctx, templates)?,
                    );
                    beside(
                        Beside::OEmbed,
                        super::embed::oembed(cx.site, &page, ctx.data()),
                    );
                }
            }
            _ => {}
        }
        Ok((html, files))
    }

    fn render_template(
        &self,
        template: &str,
        ctx: &Context,
        templates: &Templates<'_>,
    ) -> Result<Vec<u8>, BuildError> {
        // Rendered into the thread's own buffer, which keeps its size, and
        // copied out at the page's size: a fresh 16 KB buffer for each of a
        // page's four files made the allocator touch (and the kernel zero)
        // new memory for most of them, and the page then held its unused
        // capacity until it was written.
        RENDER_BUFFER.with_borrow_mut(|html| {
            html.clear();
            let rendered = templates
                .registry
                .render_with_context_to_write(template, ctx, &mut *html);
            let bytes = html.as_slice().to_vec();
            if html.capacity() > MAX_KEPT_BUFFER {
                *html = Vec::with_capacity(INITIAL_BUFFER);
            }
            rendered.map_err(|e| BuildError::Render {
                page: self.page().to_string(),
                theme: templates.theme.dir.display().to_string(),
                source: Box::new(e),
            })?;
            Ok(bytes)
        })
    }
}

/// What an artist's card on the home and index pages shows: its link,
/// name and image.
fn card_inputs(a: &Artist, h: &mut InputHasher) {
    a.id.hash(h);
    a.name.hash(h);
    a.image_url.hash(h);
    crate::images::Recorded::of(&a.trogs).hash(h);
}

/// The pages that list a track: its album, or its artist for a single, and
/// the artist page too when it is featured there.
pub(crate) fn track_parents(track: &Track) -> Vec<PageRef> {
    let artist = PageRef::Artist(track.artist_id.clone());
    match &track.kind {
        TrackKind::AlbumTrack { album_id, .. } if track.is_featured() => {
            vec![PageRef::Album(album_id.clone()), artist]
        }
        TrackKind::AlbumTrack { album_id, .. } => vec![PageRef::Album(album_id.clone())],
        TrackKind::Single { .. } => vec![artist],
    }
}

/// The fingerprint of everything every page depends on besides its rows,
/// keyed with the site's secret seed (`Manifest::seed`): page inputs are
/// hashed under it, so no one without the seed can work one out.
pub(crate) fn site_fingerprint(info: &SiteInfo, theme: &Theme, seed: u64) -> Hash128 {
    let mut h = InputHasher::keyed(seed);
    RENDER_VERSION.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    env!("TROGS_BUILD_ID").hash(&mut h);
    info.title.hash(&mut h);
    info.base_url.hash(&mut h);
    info.description.hash(&mut h);
    info.media_url.hash(&mut h);
    info.language.hash(&mut h);
    info.embeds.hash(&mut h);
    info.feeds.hash(&mut h);
    info.podcast_owner.hash(&mut h);
    theme.fingerprint.0.hash(&mut h);
    h.finish128()
}
