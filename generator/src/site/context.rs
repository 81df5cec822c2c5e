//! The data each page's template gets (see themes/default/CONTEXT.md).
//! Each page gets only its own data plus a few shared site fields.

use serde_json::Value;
#[cfg(test)]
use serde_json::json;

use super::directory::{Directory, initial_label};
use super::i18n::{Arg, Language};
use super::info::{SiteInfo, concat};
use super::page::PageRef;
use super::theme::Theme;
use crate::catalog::model::{Album, Artist, RenditionKind, Track, TrackKind, Written, year_of};
use crate::catalog::queries::{AlbumContent, ArtistContent};

/// Builds a template value like `serde_json::json!`, but moves what it is
/// given instead of serialising it into a copy: `json!` deep-copies every
/// `Value` passed to it, which was a sixth of the build's time. An
/// object's entries are gathered first and the map built from them in one
/// go, which is cheapest when they are written in the order of their keys
/// (the map keeps them sorted either way).
macro_rules! ctx {
    ({}) => {
        Value::Object(serde_json::Map::new())
    };
    ({ $($body:tt)* }) => {
        ctx!(@entries [] ($($body)*))
    };
    (null) => {
        Value::Null
    };
    ($value:expr) => {
        IntoValue::into_value($value)
    };
    (@entries [$($done:tt)*] ()) => {
        Value::Object(serde_json::Map::from_iter([$($done)*]))
    };
    (@entries [$($done:tt)*] ($key:literal : { $($inner:tt)* } $(, $($rest:tt)*)?)) => {
        ctx!(@entries [$($done)* (String::from($key), ctx!({ $($inner)* })),] ($($($rest)*)?))
    };
    (@entries [$($done:tt)*] ($key:literal : null $(, $($rest:tt)*)?)) => {
        ctx!(@entries [$($done)* (String::from($key), Value::Null),] ($($($rest)*)?))
    };
    (@entries [$($done:tt)*] ($key:literal : $value:expr $(, $($rest:tt)*)?)) => {
        ctx!(@entries [$($done)* (String::from($key), IntoValue::into_value($value)),] ($($($rest)*)?))
    };
}

/// What `ctx!` accepts as a value.
trait IntoValue {
    fn into_value(self) -> Value;
}

impl IntoValue for Value {
    fn into_value(self) -> Value {
        self
    }
}

impl IntoValue for String {
    fn into_value(self) -> Value {
        Value::String(self)
    }
}

impl IntoValue for &str {
    fn into_value(self) -> Value {
        Value::String(self.to_string())
    }
}

impl IntoValue for &String {
    fn into_value(self) -> Value {
        Value::String(self.clone())
    }
}

impl IntoValue for usize {
    fn into_value(self) -> Value {
        Value::from(self)
    }
}

impl IntoValue for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl<T: IntoValue> IntoValue for Option<T> {
    fn into_value(self) -> Value {
        self.map_or(Value::Null, IntoValue::into_value)
    }
}

impl IntoValue for &Option<String> {
    fn into_value(self) -> Value {
        self.as_deref().into_value()
    }
}

impl<T: IntoValue> IntoValue for Vec<T> {
    fn into_value(self) -> Value {
        Value::Array(self.into_iter().map(IntoValue::into_value).collect())
    }
}

/// A Creative Commons 4.0 license: short label and full name.
pub fn license_names(code: &str) -> (&'static str, &'static str) {
    match code {
        "by" => ("CC BY 4.0", "Attribution 4.0 International"),
        "by-sa" => ("CC BY-SA 4.0", "Attribution-ShareAlike 4.0 International"),
        "by-nd" => (
            "CC BY-ND 4.0",
            "Attribution-NoDerivatives 4.0 International",
        ),
        "by-nc" => (
            "CC BY-NC 4.0",
            "Attribution-NonCommercial 4.0 International",
        ),
        "by-nc-sa" => (
            "CC BY-NC-SA 4.0",
            "Attribution-NonCommercial-ShareAlike 4.0 International",
        ),
        _ => (
            "CC BY-NC-ND 4.0",
            "Attribution-NonCommercial-NoDerivatives 4.0 International",
        ),
    }
}

pub struct Contexts<'a> {
    pub site: &'a SiteInfo,
    pub theme: &'a Theme,
    /// The messages of the site's language (English when the theme has no
    /// translation into it).
    pub lang: &'a Language,
    site_value: Value,
    /// Every license's template value, made once per build.
    licenses: Vec<(&'static str, Value)>,
    /// What every page links as its alternates: the site's feed.
    site_alternates: Value,
    placeholder: Value,
}

impl<'a> Contexts<'a> {
    pub fn new(site: &'a SiteInfo, theme: &'a Theme) -> Self {
        let (lang, _) = theme.locales.for_site(&site.language);
        let site_value = ctx!({
            "title": &site.title,
            "base_url": &site.base_url,
            "description": &site.description,
            "language": &site.language,
            "locale": &lang.tag,
            "dir": lang.dir,
            "og_locale": lang.og_locale(),
            "embeds": site.embeds,
            "feeds": site.feeds,
        });
        let mut cx = Contexts {
            site,
            theme,
            lang,
            site_value,
            licenses: Vec::new(),
            site_alternates: Value::Array(Vec::new()),
            placeholder: Value::Null,
        };
        if site.feeds {
            cx.site_alternates = Value::Array(vec![cx.alternate(
                "application/atom+xml",
                lang.say("site-feed-title", &[("site", Arg::Text(&site.title))]),
                format!("/{}", super::page::SITE_FEED_PATH),
            )]);
        }
        cx.licenses = crate::catalog::model::LICENSES
            .iter()
            .map(|code| (*code, cx.make_license(code)))
            .collect();
        let p = cx.placeholder();
        cx.placeholder = ctx!({ "alt": "", "height": null, "medium": &p, "placeholder": true, "src": &p, "srcset": null, "thumb": p, "width": null });
        cx
    }

    /// A media key or URL as a URL: full URLs are used as they are, keys
    /// resolve against the media base URL.
    pub fn media(&self, key_or_url: &str) -> String {
        if key_or_url.starts_with("https://")
            || key_or_url.starts_with("http://")
            || key_or_url.starts_with("//")
        {
            key_or_url.to_string()
        } else {
            concat(&self.site.media_url, key_or_url.trim_start_matches('/'))
        }
    }

    /// A release date (`YYYY-MM-DD`) as the site's language writes it
    /// (its `.ftl` file's `date` pattern); `None` for anything less than a
    /// whole date.
    pub fn date(&self, date: Option<&str>) -> Option<String> {
        let mut parts = date?.splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || year < 1000 {
            return None;
        }
        let month_name = self.lang.say(&format!("month-{month}"), &[]);
        Some(self.lang.say_bare(
            "date",
            &[
                ("year", Arg::Number(f64::from(year))),
                ("month", Arg::Number(f64::from(month))),
                ("day", Arg::Number(f64::from(day))),
                ("month-name", Arg::Text(&month_name)),
            ],
        ))
    }

    /// A site-relative URL as an absolute one, for canonical and Open Graph.
    pub fn absolute(&self, url: &str) -> String {
        self.site.absolute(url)
    }

    fn placeholder(&self) -> String {
        self.theme
            .asset_url("placeholder.svg")
            .unwrap_or_default()
            .to_string()
    }

    /// An image by its media key. When its item records derivatives
    /// (`ImageSizes`, made once at upload or by `trogs media process`),
    /// pages show the 300×300 square and offer the 80×80 one in `srcset`,
    /// so no page loads the full upload; otherwise they show the original,
    /// sized by the page, as the original site did. `width` and `height`
    /// are those of `medium`, when the item records the image's size
    /// (`ImageWidth`, `ImageHeight`), else null: no image file is read.
    fn image(&self, key: Option<&str>, trogs: &Written, alt: &str) -> Value {
        let Some(k) = key else {
            return self.placeholder.clone();
        };
        let recorded = crate::images::Recorded::of(trogs);
        if recorded.has("300x300") && recorded.has("80x80") {
            let medium = self.media(&crate::images::derivative_key(k, "300x300"));
            let thumb = self.media(&crate::images::derivative_key(k, "80x80"));
            let srcset = format!("{thumb} 80w, {medium} 300w");
            let size = recorded.dimensions_of("300x300");
            ctx!({ "alt": alt, "height": size.map(|(_, h)| h as usize), "medium": &medium, "placeholder": false, "src": &medium, "srcset": srcset, "thumb": medium, "width": size.map(|(w, _)| w as usize) })
        } else {
            let src = self.media(k);
            let size = recorded.dimensions;
            ctx!({ "alt": alt, "height": size.map(|(_, h)| h as usize), "medium": &src, "placeholder": false, "src": &src, "srcset": null, "thumb": src, "width": size.map(|(w, _)| w as usize) })
        }
    }

    fn license(&self, code: &str) -> Value {
        match self.licenses.iter().find(|(c, _)| *c == code) {
            Some((_, value)) => value.clone(),
            None => self.make_license(code),
        }
    }

    fn make_license(&self, code: &str) -> Value {
        let (short, _) = license_names(code);
        let name = self.lang.say(&format!("license-{code}"), &[]);
        let badge = self
            .theme
            .asset_url(&format!("badges/{code}.svg"))
            .unwrap_or_default();
        ctx!({
            "badge": badge,
            "code": code,
            "name": name,
            "short": short,
            "url": license_url(code),
        })
    }

    fn artist_ref(&self, id: &str, name: &str) -> Value {
        ctx!({ "id": id, "name": name, "url": PageRef::Artist(id.into()).url() })
    }

    /// The artist a JSON-LD description names.
    fn ld_artist<'n>(&self, id: &str, name: &'n str) -> LdRef<'n> {
        LdRef {
            kind: "MusicGroup",
            name,
            url: self.absolute(&PageRef::Artist(id.to_string()).url()),
        }
    }

    /// The image a JSON-LD description gives: the image itself (the
    /// artwork as uploaded, not a derivative cut for pages), as an
    /// absolute URL.
    fn ld_image(&self, key: Option<&str>) -> Option<String> {
        key.map(|k| self.absolute(&self.media(k)))
    }

    fn album_ref(&self, album: &Album) -> Value {
        ctx!({
            "id": &album.id,
            "image": self.image(album.image(), &album.trogs, &album.title),
            "title": &album.title,
            "url": PageRef::Album(album.id.clone()).url(),
            "year": album.year(),
        })
    }

    /// A track as a playlist entry. `number` is its place in that playlist.
    pub fn track(
        &self,
        t: &Track,
        number: usize,
        album: Option<&Album>,
        artist: Option<&Artist>,
    ) -> Value {
        self.track_on(t, number, album, None, artist)
    }

    /// `track`, for an album page's tracks: `album_ref`, the album's
    /// reference value made once for all of them, is copied into each.
    fn track_on(
        &self,
        t: &Track,
        number: usize,
        album: Option<&Album>,
        album_ref: Option<&Value>,
        artist: Option<&Artist>,
    ) -> Value {
        let artist_name = credited(t, album, artist);
        let image = track_image(t, album, artist);
        let year = match (&t.kind, album) {
            (TrackKind::AlbumTrack { .. }, Some(a)) => a.year(),
            (TrackKind::Single { release_date, .. }, _) => year_of(release_date.as_deref()),
            _ => None,
        };
        let album_value = match (&t.kind, album) {
            (TrackKind::AlbumTrack { .. }, Some(a)) => match album_ref {
                Some(shared) => shared.clone(),
                None => self.album_ref(a),
            },
            (
                TrackKind::AlbumTrack {
                    album_id,
                    album_title,
                    ..
                },
                None,
            ) => ctx!({
                "id": album_id,
                "title": album_title,
                "url": PageRef::Album(album_id.clone()).url(),
                "year": null,
                "image": self.image(None, &Written::default(), ""),
            }),
            (TrackKind::Single { .. }, _) => Value::Null,
        };
        let audio = self.media(&t.audio_url);
        let audio_type = audio_type(t);
        let download = ctx!({
            "format": format_label(&t.audio_url, &audio_type),
            "name": download_name(artist_name, &t.title, &t.audio_url, || {
                self.lang.say("download-file-name", &[])
            }),
            "url": &audio,
        });
        let duration = duration_seconds(t)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number);
        ctx!({
            "album": album_value,
            "artist": self.artist_ref(&t.artist_id, artist_name),
            "audio": {
                "duration": duration.unwrap_or(Value::Null),
                "peaks": t.trogs.peaks_key.as_deref().filter(|k| !k.is_empty()).map(|k| self.media(k)),
                "saver": self.saver_rendition(t),
                "sources": self.audio_sources(t, &audio, &audio_type),
                "src": audio,
                "type": audio_type,
            },
            "download": download,
            "id": &t.id,
            "image": match image {
                Some((k, item)) => self.image(Some(k), item, &t.title),
                None => self.image(None, &t.trogs, &t.title),
            },
            "license": self.license(t.license()),
            "number": number,
            "title": &t.title,
            "url": PageRef::Track(t.id.clone()).url(),
            "year": year,
        })
    }

    /// `og:audio` for a track value: the MP3 rendition when there is one
    /// (what every card and player that reads it can play), else the
    /// original.
    fn og_audio(&self, page: &mut Value, track: &Value) {
        let audio = &track["audio"];
        let mp3 = audio["sources"]
            .as_array()
            .and_then(|sources| sources.iter().find(|s| s["type"] == "audio/mpeg"));
        let (src, ty) = match mp3 {
            Some(s) => (&s["src"], &s["type"]),
            None => (&audio["src"], &audio["type"]),
        };
        page["og_audio"] = Value::String(self.absolute(src.as_str().unwrap_or_default()));
        page["og_audio_type"] = ty.clone();
    }

    /// The page object; its share image is `image` (an entity's image
    /// value, or `Value::Null`), else the theme's share card.
    fn page(
        &self,
        page: &PageRef,
        title: String,
        description: &str,
        og_type: &str,
        image: &Value,
    ) -> Value {
        ctx!({
            "alternates": self.site_alternates.clone(),
            "canonical": self.absolute(&page.url()),
            "description": summary(description),
            "json_ld": null,
            "kind": match page {
                PageRef::Home => "home",
                PageRef::Artists { .. } => "artists",
                PageRef::NotFound => "404",
                PageRef::Artist(_) => "artist",
                PageRef::Album(_) => "album",
                PageRef::Track(_) => "track",
            },
            "og_audio": null,
            "og_audio_type": null,
            "og_image": self.og_image(image),
            "og_type": og_type,
            "title": title,
            "twitter_player": null,
        })
    }

    /// A page's `<title>`: its own title, a dash and the site's, each side
    /// isolated as `Language::say` isolates artists' text (in a
    /// right-to-left language: a left-to-right name would otherwise carry
    /// the dash and the site's name along with it).
    fn page_title(&self, own: &str) -> String {
        format!(
            "{} — {}",
            self.lang.isolate(own),
            self.lang.isolate(&self.site.title)
        )
    }

    /// A `<link rel="alternate">` of the page: `{ type, title, href }`.
    fn alternate(&self, mime: &str, title: String, href: String) -> Value {
        ctx!({ "type": mime, "title": title, "href": href })
    }

    /// An album's or a track's oEmbed link and Twitter player card.
    fn embeds(&self, page: &mut Value, me: &PageRef, title: &str) {
        if !self.site.embeds {
            return;
        }
        let Some((full, _, oembed)) = super::embed::urls(me) else {
            return;
        };
        if let Some(list) = page["alternates"].as_array_mut() {
            // oEmbed consumers want the absolute URL.
            list.push(self.alternate(
                "application/json+oembed",
                title.to_string(),
                self.absolute(&oembed),
            ));
        }
        page["twitter_player"] = ctx!({
            "url": self.absolute(&full),
            "width": super::embed::WIDTH as usize,
            "height": super::embed::height(me) as usize,
        });
    }

    /// What the `embed` template gets beside the page's context, or null
    /// when the site publishes no embeds. `label` is the title with its
    /// artist, as the page's title says it.
    fn embed(&self, me: &PageRef, title: &str, label: &str, image: &Value) -> Value {
        if self.site.embeds {
            super::embed::context(self.site, me, title, label, image)
        } else {
            Value::Null
        }
    }

    /// The URL of a page's playlist or feed (`/artist/ID.rss`), or null
    /// when the site publishes none.
    fn feed_url(&self, me: &PageRef, ext: &str) -> Value {
        if self.site.feeds {
            Value::String(format!("{}.{ext}", me.url()))
        } else {
            Value::Null
        }
    }

    /// An artist's playlist and feeds, as page alternates.
    fn artist_alternates(&self, page: &mut Value, id: &str, name: &str, playlist: bool) {
        if !self.site.feeds {
            return;
        }
        let base = PageRef::Artist(id.to_string()).url();
        let Some(list) = page["alternates"].as_array_mut() else {
            return;
        };
        if playlist {
            list.push(
                self.alternate(
                    "audio/x-mpegurl",
                    self.lang
                        .say("artist-playlist-title", &[("name", Arg::Text(name))]),
                    format!("{base}.m3u"),
                ),
            );
        }
        list.push(
            self.alternate(
                "application/atom+xml",
                self.lang
                    .say("artist-atom-title", &[("name", Arg::Text(name))]),
                format!("{base}.atom"),
            ),
        );
        list.push(
            self.alternate(
                "application/rss+xml",
                self.lang
                    .say("artist-podcast-title", &[("name", Arg::Text(name))]),
                format!("{base}.rss"),
            ),
        );
    }

    /// A page's share image: the entity's own image, or the theme's share
    /// card.
    fn og_image(&self, image: &Value) -> Option<String> {
        let own = image["medium"]
            .as_str()
            .filter(|_| image["placeholder"] == false);
        own.or(self.theme.asset_url("og-default.png"))
            .map(|src| self.absolute(src))
    }

    fn finish(&self, mut page: Value, ld: Option<Ld<'_>>, rest: Value) -> Value {
        if let Some(mut ld) = ld {
            ld.in_language = Some(self.site.language.clone());
            page["json_ld"] = Value::String(json_ld(&ld));
        }
        let mut ctx = rest;
        ctx["site"] = self.site_value.clone();
        ctx["page"] = page;
        ctx
    }

    /// An artist as a card of the home and index pages.
    fn artist_card(&self, a: &Artist) -> Value {
        ctx!({
            "id": &a.id,
            "name": &a.name,
            "url": PageRef::Artist(a.id.clone()).url(),
            "image": self.image(a.image(), &a.trogs, &a.name),
        })
    }

    /// The initials of the index, for its links: `{ initial, label, url,
    /// artists, current }`.
    fn letters(&self, d: &Directory, current: Option<char>) -> Vec<Value> {
        d.letters
            .iter()
            .map(|l| {
                let url = PageRef::Artists {
                    initial: l.initial,
                    number: 1,
                }
                .url();
                ctx!({
                    "initial": l.initial.to_string(),
                    "label": initial_label(l.initial),
                    "url": url,
                    "artists": l.artists,
                    "current": current == Some(l.initial),
                })
            })
            .collect()
    }

    pub fn home(&self, d: &Directory) -> Value {
        let (list, letters) = if d.paged() {
            (Vec::new(), self.letters(d, None))
        } else {
            let list = d.artists.iter().map(|a| self.artist_card(a)).collect();
            (list, Vec::new())
        };
        let page = self.page(
            &PageRef::Home,
            self.site.title.clone(),
            &self.site.description,
            "website",
            &Value::Null,
        );
        let ld = Ld::new("WebSite", &self.site.title, self.absolute("/"));
        self.finish(
            page,
            Some(ld),
            ctx!({ "artists": list, "letters": letters, "artist_count": d.artists.len() }),
        )
    }

    /// A page of the artist index: the artists of one initial, or a part
    /// of them.
    pub fn artists_page(&self, d: &Directory, index: usize) -> Value {
        let p = &d.pages[index];
        let me = p.page();
        let label = initial_label(p.initial);
        let (first, heading, said) = if p.initial == '0' {
            let other = self.lang.say("index-heading-other", &[]);
            (
                self.lang.say("index-other-first", &[]),
                other.clone(),
                other,
            )
        } else {
            // The page's `<h1>` is HTML; its `<title>` is plain text.
            let letter = [("letter", Arg::Text(&label))];
            (
                label.clone(),
                self.lang.say_bare("index-heading", &letter),
                self.lang.say("index-heading", &letter),
            )
        };
        let title = if p.of > 1 {
            self.lang.say(
                "index-title-page",
                &[
                    ("heading", Arg::Text(&said)),
                    ("number", Arg::Number(f64::from(p.number))),
                    ("pages", Arg::Number(f64::from(p.of))),
                ],
            )
        } else {
            said
        };
        let page = self.page(
            &me,
            self.page_title(&title),
            &self.lang.say(
                "index-description",
                &[
                    ("site", Arg::Text(&self.site.title)),
                    ("first", Arg::Text(&first)),
                ],
            ),
            "website",
            &Value::Null,
        );
        let neighbour = |number: u32| {
            (1..=p.of).contains(&number).then(|| {
                PageRef::Artists {
                    initial: p.initial,
                    number,
                }
                .url()
            })
        };
        let artists: Vec<Value> = d.artists[p.range.clone()]
            .iter()
            .map(|a| self.artist_card(a))
            .collect();
        let rest = ctx!({
            "index": {
                "initial": p.initial.to_string(),
                "label": label,
                "heading": heading,
                "url": me.url(),
                "number": p.number as usize,
                "pages": p.of as usize,
                "prev": neighbour(p.number.wrapping_sub(1)),
                "next": neighbour(p.number + 1),
            },
            "letters": self.letters(d, Some(p.initial)),
            "artists": artists,
        });
        self.finish(page, None, rest)
    }

    pub fn artist(&self, c: &ArtistContent) -> Value {
        let a = &c.artist;
        let me = PageRef::Artist(a.id.clone());
        let image = self.image(a.image(), &a.trogs, &a.name);
        let bio = a.bio.as_deref().unwrap_or_default();
        let albums_by_id = |id: &str| c.albums.iter().find(|al| al.id == id);
        let featured: Vec<Value> = c
            .featured
            .iter()
            .enumerate()
            .map(|(i, t)| self.track(t, i + 1, t.album_id().and_then(albums_by_id), Some(a)))
            .collect();
        let singles: Vec<Value> = c
            .singles
            .iter()
            .enumerate()
            .map(|(i, t)| self.track(t, i + 1, None, Some(a)))
            .collect();
        let albums: Vec<Value> = c.albums.iter().map(|al| self.album_ref(al)).collect();
        let description = if bio.trim().is_empty() {
            self.lang.say(
                "artist-description",
                &[
                    ("name", Arg::Text(&a.name)),
                    ("site", Arg::Text(&self.site.title)),
                ],
            )
        } else {
            bio.to_string()
        };
        let mut page = self.page(
            &me,
            self.page_title(&a.name),
            &description,
            "profile",
            &image,
        );
        self.artist_alternates(&mut page, &a.id, &a.name, true);
        if let Some(first) = featured.first().or(singles.first()) {
            page["og_audio"] =
                Value::String(self.absolute(first["audio"]["src"].as_str().unwrap_or_default()));
            page["og_audio_type"] = first["audio"]["type"].clone();
        }
        let ld = Ld {
            description: Some(summary(bio)),
            album: Some(
                c.albums
                    .iter()
                    .map(|al| LdRef {
                        kind: "MusicAlbum",
                        name: &al.title,
                        url: self.absolute(&PageRef::Album(al.id.clone()).url()),
                    })
                    .collect(),
            ),
            image: self.ld_image(a.image()),
            ..Ld::new("MusicGroup", &a.name, self.absolute(&me.url()))
        };
        let rest = ctx!({
            "artist": {
                "id": &a.id,
                "name": &a.name,
                "url": me.url(),
                "bio": bio,
                "bio_paragraphs": paragraphs(bio),
                "lang": a.language(),
                "image": image.clone(),
                "playlist": self.feed_url(&me, "m3u"),
                "atom": self.feed_url(&me, "atom"),
                "rss": self.feed_url(&me, "rss"),
            },
            "featured": featured,
            "albums": albums,
            "singles": singles,
        });
        self.finish(page, Some(ld), rest)
    }

    /// The album page is made from its one query alone, so an incremental
    /// build renders it exactly as a full build does.
    pub fn album(&self, c: &AlbumContent) -> Value {
        let al = &c.album;
        let me = PageRef::Album(al.id.clone());
        let artist_name = al.artist_name.as_deref().unwrap_or_default();
        let image = self.image(al.image(), &al.trogs, &al.title);
        let album_ref = self.album_ref(al);
        let tracks: Vec<Value> = c
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| self.track_on(t, i + 1, Some(al), Some(&album_ref), None))
            .collect();
        let description = al.description.as_deref().unwrap_or_default();
        let year = al
            .year()
            .and_then(|y| y.parse::<f64>().ok())
            .unwrap_or_default();
        let named = [
            ("title", Arg::Text(&al.title)),
            ("artist", Arg::Text(artist_name)),
            ("year", Arg::Number(year)),
        ];
        let (title_by, summary_key) = if artist_name.is_empty() {
            (al.title.clone(), "album-summary-anonymous")
        } else {
            (self.lang.say("album-by", &named), "album-summary")
        };
        let summary_text = if description.trim().is_empty() {
            self.lang.say(summary_key, &named)
        } else {
            description.to_string()
        };
        let mut page = self.page(
            &me,
            self.page_title(&title_by),
            &summary_text,
            "music.album",
            &image,
        );
        if let Some(first) = tracks.first() {
            self.og_audio(&mut page, first);
        }
        if let Some(list) = page["alternates"].as_array_mut()
            && self.site.feeds
        {
            list.push(
                self.alternate(
                    "audio/x-mpegurl",
                    self.lang
                        .say("album-playlist-title", &[("title", Arg::Text(&al.title))]),
                    format!("{}.m3u", me.url()),
                ),
            );
        }
        let artist_word = self.lang.say("artist", &[]);
        let artist_label = if artist_name.is_empty() {
            artist_word.as_str()
        } else {
            artist_name
        };
        self.artist_alternates(&mut page, &al.artist_id, artist_label, false);
        self.embeds(&mut page, &me, &al.title);
        let ld = Ld {
            date_published: al.release_date.as_deref(),
            description: Some(description.trim())
                .filter(|d| !d.is_empty())
                .map(summary),
            image: self.ld_image(al.image()),
            by_artist: Some(self.ld_artist(&al.artist_id, artist_name)),
            num_tracks: Some(c.tracks.len()),
            license: Some(license_url(al.license())),
            track: Some(
                c.tracks
                    .iter()
                    .enumerate()
                    .map(|(i, t)| LdTrack {
                        kind: "MusicRecording",
                        duration: iso_duration(t),
                        name: &t.title,
                        position: i + 1,
                        url: self.absolute(&PageRef::Track(t.id.clone()).url()),
                    })
                    .collect(),
            ),
            ..Ld::new("MusicAlbum", &al.title, self.absolute(&me.url()))
        };
        let rest = ctx!({
            "album": {
                "id": &al.id,
                "title": &al.title,
                "url": me.url(),
                "year": al.year(),
                "release_date": &al.release_date,
                "release_date_text": self.date(al.release_date.as_deref()),
                "lang": al.language(),
                "track_count": c.tracks.len(),
                "description": description,
                "description_paragraphs": paragraphs(description),
                "image": image.clone(),
                "license": self.license(al.license()),
                "playlist": self.feed_url(&me, "m3u"),
            },
            "artist": self.artist_ref(&al.artist_id, artist_name),
            "tracks": tracks,
            "embed": self.embed(&me, &al.title, &title_by, &image),
        });
        self.finish(page, Some(ld), rest)
    }

    /// A track's page; `number` is its place on its album (1 for a single).
    pub fn track_page(
        &self,
        t: &Track,
        number: usize,
        album: Option<&Album>,
        artist: Option<&Artist>,
    ) -> Value {
        let track = self.track(t, number, album, artist);
        let me = PageRef::Track(t.id.clone());
        let artist_name = track["artist"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let title_by = if artist_name.is_empty() {
            t.title.clone()
        } else {
            self.lang.say(
                "track-by",
                &[
                    ("title", Arg::Text(&t.title)),
                    ("artist", Arg::Text(&artist_name)),
                ],
            )
        };
        let description = super::words::track_summary(
            self.lang,
            &t.title,
            &artist_name,
            album.map(|a| a.title.as_str()),
        );
        let mut page = self.page(
            &me,
            self.page_title(&title_by),
            &description,
            "music.song",
            &track["image"],
        );
        self.og_audio(&mut page, &track);
        let artist_word;
        let artist_label = if artist_name.is_empty() {
            artist_word = self.lang.say("artist", &[]);
            artist_word.as_str()
        } else {
            artist_name.as_str()
        };
        self.artist_alternates(&mut page, &t.artist_id, artist_label, false);
        self.embeds(&mut page, &me, &t.title);
        let ld = Ld {
            by_artist: Some(self.ld_artist(&t.artist_id, &artist_name)),
            in_album: album.map(|a| LdRef {
                kind: "MusicAlbum",
                name: &a.title,
                url: self.absolute(&PageRef::Album(a.id.clone()).url()),
            }),
            license: Some(license_url(t.license())),
            duration: iso_duration(t),
            image: self.ld_image(track_image(t, album, artist).map(|(k, _)| k)),
            date_published: match &t.kind {
                TrackKind::Single { release_date, .. } => release_date
                    .as_deref()
                    .filter(|d| crate::dates::rfc3339(Some(d)).is_some()),
                TrackKind::AlbumTrack { .. } => None,
            },
            ..Ld::new("MusicRecording", &t.title, self.absolute(&me.url()))
        };
        let rest = ctx!({
            "embed": self.embed(&me, &t.title, &title_by, &track["image"]),
            "artist": track["artist"].clone(),
            "album": track["album"].clone(),
            "license": track["license"].clone(),
            "track": track,
        });
        self.finish(page, Some(ld), rest)
    }

    pub fn not_found(&self) -> Value {
        let page = self.page(
            &PageRef::NotFound,
            self.lang
                .say("not-found-title", &[("site", Arg::Text(&self.site.title))]),
            &self.lang.say("not-found-description", &[]),
            "website",
            &Value::Null,
        );
        self.finish(page, None, ctx!({}))
    }
}

impl Contexts<'_> {
    /// What an `<audio>` element offers, in order: the streaming renditions
    /// the item records (`Renditions`: Opus, then MP3; the data-saver one
    /// is left to the player), then the original, so a browser plays the
    /// first it can and a track without renditions plays its original.
    fn audio_sources(&self, t: &Track, original: &str, original_type: &str) -> Value {
        let mut sources = Vec::new();
        for r in &t.trogs.renditions {
            if r.kind != RenditionKind::Saver {
                sources.push(ctx!({ "src": self.media(&r.key), "type": &r.mime }));
            }
        }
        sources.push(ctx!({ "src": original, "type": original_type }));
        Value::Array(sources)
    }
}

impl Contexts<'_> {
    /// The data-saver rendition the item records, as a URL.
    fn saver_rendition(&self, t: &Track) -> Option<String> {
        t.trogs
            .rendition(RenditionKind::Saver)
            .map(|r| self.media(&r.key))
    }
}

/// The file name a download of the original gets: `Artist - Title.wav`,
/// without the characters file systems refuse (`/ \ : * ? " < > |` and
/// control characters), the extension taken from the original's key;
/// `nameless` names a track with neither (the site's word for a track).
pub fn download_name(
    artist: &str,
    title: &str,
    key: &str,
    nameless: impl FnOnce() -> String,
) -> String {
    // One pass: refused characters become spaces, runs of white space
    // one space; then no dots or spaces at the ends (Windows drops
    // trailing dots, and a leading one hides the file).
    let clean = |s: &str| -> String {
        let mut out = String::with_capacity(s.len());
        let mut gap = false;
        for c in s.chars() {
            let c = if c.is_control()
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                ' '
            } else {
                c
            };
            if c.is_whitespace() {
                gap = !out.is_empty();
            } else {
                if gap {
                    out.push(' ');
                    gap = false;
                }
                out.push(c);
            }
        }
        let kept = out.trim_matches(|c: char| c == '.' || c.is_whitespace());
        if kept.len() == out.len() {
            out
        } else {
            kept.to_string()
        }
    };
    let (artist, title) = (clean(artist), clean(title));
    let mut stem = match (artist.is_empty(), title.is_empty()) {
        (false, false) => format!("{artist} - {title}"),
        (true, false) => title,
        (false, true) => artist,
        (true, true) => clean(&nameless()),
    };
    if stem.chars().count() > 200 {
        stem = stem
            .chars()
            .take(200)
            .collect::<String>()
            .trim_end()
            .to_string();
    }
    match extension(key) {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

/// The lowercase extension of a media key or URL's last path segment, if
/// it looks like one (1 to 5 letters or digits).
pub(crate) fn extension(key: &str) -> Option<String> {
    let path = key.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty()
        && (1..=5).contains(&ext.len())
        && ext.chars().all(|c| c.is_ascii_alphanumeric()))
    .then(|| ext.to_ascii_lowercase())
}

/// What a download link calls the original's format: `WAV`, `FLAC`, `MP3`.
fn format_label(key: &str, mime: &str) -> String {
    match extension(key) {
        Some(ext) => ext.to_ascii_uppercase(),
        None => mime
            .rsplit('/')
            .next()
            .unwrap_or("audio")
            .trim_start_matches("x-")
            .to_ascii_uppercase(),
    }
}

/// The image a track shows, with the item that records it: its album's
/// cover; for a single its own `ImageURL`, else its artist's image; for an
/// album track whose album is not at hand, its artist's.
fn track_image<'a>(
    t: &'a Track,
    album: Option<&'a Album>,
    artist: Option<&'a Artist>,
) -> Option<(&'a str, &'a Written)> {
    let artist_image = || artist.and_then(|a| a.image().map(|k| (k, &a.trogs)));
    match (&t.kind, album) {
        (TrackKind::AlbumTrack { .. }, Some(a)) => a.image().map(|k| (k, &a.trogs)),
        (TrackKind::Single { .. }, _) => t
            .trogs
            .track_image
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|k| (k, &t.trogs))
            .or_else(artist_image),
        _ => artist_image(),
    }
}

/// A track's `Duration` in seconds, when it records a positive number.
pub(crate) fn duration_seconds(t: &Track) -> Option<f64> {
    t.trogs.audio.duration.filter(|d| d.is_finite() && *d > 0.0)
}

/// The artist a track is credited to, as its page shows it: the track's
/// own `ArtistName`, else its album's, else the artist's name.
pub(crate) fn credited<'a>(
    t: &'a Track,
    album: Option<&'a Album>,
    artist: Option<&'a Artist>,
) -> &'a str {
    [
        t.artist_name.as_deref(),
        album.and_then(|a| a.artist_name.as_deref()),
    ]
    .into_iter()
    .flatten()
    .find(|n| !n.is_empty())
    .or(artist.map(|a| a.name.as_str()))
    .unwrap_or_default()
}

/// A track's `Duration` in ISO 8601 (`PT3M20S`), as schema.org wants it.
fn iso_duration(t: &Track) -> Option<String> {
    let seconds = duration_seconds(t).filter(|s| *s <= 1e7)?;
    let s = seconds.round() as u64;
    Some(match (s / 3600, s / 60 % 60, s % 60) {
        (0, m, s) => format!("PT{m}M{s}S"),
        (h, m, s) => format!("PT{h}H{m}M{s}S"),
    })
}

pub(super) fn audio_type(t: &Track) -> String {
    if let Some(ty) = t
        .trogs
        .audio
        .mime
        .as_deref()
        .filter(|s| s.starts_with("audio/"))
    {
        return ty.to_string();
    }
    let path = t.audio_url.split(['?', '#']).next().unwrap_or_default();
    match path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("mp3") => "audio/mpeg".into(),
        Some("m4a" | "mp4" | "aac") => "audio/mp4".into(),
        Some("ogg" | "oga" | "opus") => "audio/ogg".into(),
        Some("flac") => "audio/flac".into(),
        Some("wav") => "audio/wav".into(),
        _ => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    }
}

/// Plain text split into paragraphs at blank lines.
fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A meta description: one line, at most 160 characters.
fn summary(text: &str) -> String {
    // Most descriptions are one line already, with single spaces.
    let plain = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c.is_whitespace() && c != ' ');
    if plain && text.len() <= 160 {
        return text.to_string();
    }
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 160 {
        return line;
    }
    let cut: String = line.chars().take(157).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(head, _)| head)
        .to_string();
    format!("{cut}…")
}

/// JSON-LD text that is safe inside `<script>`: no `<`, `>` or `&` can end
/// the element or open a comment, whatever an artist typed.
pub fn json_ld<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let text = serde_json::to_string(value).expect("JSON-LD always serialises");
    escape_for_script(text)
}

fn escape_for_script(text: String) -> String {
    // `<`, `>` and `&` are ASCII, and U+2028 and U+2029 both start with
    // the byte E2: text with none of these four bytes is safe as it is.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        table[b'<' as usize] = true;
        table[b'>' as usize] = true;
        table[b'&' as usize] = true;
        table[0xE2] = true;
        table
    };
    if !text.bytes().any(|b| SPECIAL[usize::from(b)]) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A page's schema.org description (JSON-LD), serialised straight from
/// the rows. Fields are in the order of their names, and unknown facts are
/// left out rather than stated as `null`.
#[derive(serde::Serialize)]
pub(crate) struct Ld<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    album: Option<Vec<LdRef<'a>>>,
    #[serde(rename = "byArtist", skip_serializing_if = "Option::is_none")]
    by_artist: Option<LdRef<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(rename = "inAlbum", skip_serializing_if = "Option::is_none")]
    in_album: Option<LdRef<'a>>,
    /// The language of the page's words (the site's `language`).
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    license: Option<String>,
    name: &'a str,
    #[serde(rename = "numTracks", skip_serializing_if = "Option::is_none")]
    num_tracks: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    track: Option<Vec<LdTrack<'a>>>,
    url: String,
}

impl<'a> Ld<'a> {
    fn new(kind: &'static str, name: &'a str, url: String) -> Self {
        Ld {
            context: "https://schema.org",
            kind,
            album: None,
            by_artist: None,
            date_published: None,
            description: None,
            duration: None,
            image: None,
            in_album: None,
            in_language: None,
            license: None,
            name,
            num_tracks: None,
            track: None,
            url,
        }
    }
}

/// An artist or an album a JSON-LD description names: `{ @type, name, url }`.
#[derive(serde::Serialize)]
pub(crate) struct LdRef<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
}

/// A track of an album's JSON-LD.
#[derive(serde::Serialize)]
pub(crate) struct LdTrack<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<String>,
    name: &'a str,
    position: usize,
    url: String,
}

/// A Creative Commons 4.0 license's deed: what JSON-LD gives as `license`.
fn license_url(code: &str) -> String {
    format!("https://creativecommons.org/licenses/{code}/4.0/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let text = json_ld(&json!({ "name": "</script><script>alert(1)</script> & <!--" }));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
        // Line and paragraph separators end a line in older script parsers;
        // other characters that start with the byte E2 (…, ’) stay as typed.
        let text = json_ld(&json!({ "name": "a\u{2028}b\u{2029}c … ’" }));
        assert_eq!(text, r#"{"name":"a\u2028b\u2029c … ’"}"#);
        // Unknown facts are left out, and fields come in the order of
        // their names (as pages had them when JSON-LD was built as a map).
        let text = json_ld(&Ld {
            by_artist: Some(LdRef {
                kind: "MusicGroup",
                name: "x",
                url: "u".into(),
            }),
            num_tracks: Some(2),
            ..Ld::new("MusicAlbum", "n", "/album/a".into())
        });
        assert_eq!(
            text,
            r#"{"@context":"https://schema.org","@type":"MusicAlbum","byArtist":{"@type":"MusicGroup","name":"x","url":"u"},"name":"n","numTracks":2,"url":"/album/a"}"#
        );
    }

    #[test]
    fn download_names_are_safe_file_names() {
        let track = || "track".to_string();
        assert_eq!(
            download_name("Ásta & the Lights", "Song", "art/a/song-x1.WAV", track),
            "Ásta & the Lights - Song.wav"
        );
        assert_eq!(
            download_name(
                "A/B",
                "  What?: \"x\" <1>|2*\\3\n\t ",
                "a/b.flac?v=1",
                track
            ),
            "A B - What x 1 2 3.flac"
        );
        assert_eq!(download_name("", "...", "noext", track), "track");
        assert_eq!(download_name("", "...", "a.mp3", || "曲".into()), "曲.mp3");
        assert_eq!(download_name("", ".hidden.", "a.mp3", track), "hidden.mp3");
        assert_eq!(download_name("X", "Y", "dir.v2/file", track), "X - Y");
        // The one-pass cleaning agrees with the plain reading of the rule:
        // map refused characters to spaces, split on white space, join with
        // one space, trim dots and spaces.
        let reference = |s: &str| -> String {
            let kept: String = s
                .chars()
                .map(|c| {
                    if c.is_control()
                        || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                    {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            kept.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .trim_matches(|c: char| c == '.' || c.is_whitespace())
                .to_string()
        };
        for text in [
            "",
            " ",
            "..",
            ". a .",
            "a\u{3000}b\u{a0}c",
            "\u{2028}x\u{85}y",
            " . x . ",
            "a..b",
            "?a?",
            "tab\there",
            "  lead",
            "trail  ",
            "Ásta / Ø",
            ".",
            "a .b. ",
        ] {
            assert_eq!(
                download_name("", text, "k", track),
                {
                    let r = reference(text);
                    if r.is_empty() { "track".to_string() } else { r }
                },
                "{text:?}"
            );
        }
        assert_eq!(format_label("a/b.wav", "audio/wav"), "WAV");
        assert_eq!(format_label("a/b", "audio/x-flac"), "FLAC");
    }

    #[test]
    fn summaries_are_short_and_whole_words() {
        let long = "word ".repeat(100);
        let s = summary(&long);
        assert!(s.chars().count() <= 160 && s.ends_with("word…"));
        assert_eq!(summary("  two\n lines "), "two lines");
    }
}
