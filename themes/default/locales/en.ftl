# English: the theme's words, and what every other language falls back to.
# Keys are shared by every file in this folder; `$name` variables are filled
# in by the pages. Text in variables (names, titles) is the artist's own and
# is shown as written.

## Every page

skip-to-content = Skip to content
site-feed-title = New releases on { $site }
# What the home page says of a site whose settings give no description.
site-description = Music from independent artists, free to stream and share.

## The player (the dock at the bottom of every page, and its script)

player = Player
previous-track = Previous track
next-track = Next track
play = Play
data-saver = Data saver
seek = Seek
play-track = Play { $title }
player-autoplay = Press play to start the music
player-failed = { $title } could not be played
player-copied = Link copied
player-copy-this = Copy this link: { $url }
# The position, as a screen reader says it: "1:20 of 3:05".
player-time-of = { $current } of { $total }

## Sharing

copy-link = Copy link
copy-link-at = Copy link at

## Home and the artist index

artists = Artists
no-artists = No artists yet.
artist-count-by-letter = { $count ->
    [one] One artist, by the first letter of the name.
   *[other] { $count } artists, by the first letter of their names.
}
artists-by-initial = Artists by initial
index-heading = Artists: { $letter }
index-heading-other = Artists: # (digits, symbols, other scripts)
index-title-page = { $heading } (page { $number } of { $pages })
index-description = Artists on { $site } whose names start with { $first }.
index-other-first = a digit, a symbol or another script
page-of = Page { $number } of { $pages }
pages-of = Pages of { $letter }
previous-page = ← Previous
next-page = Next →

## Artist pages

artist = Artist
artist-description = Music by { $name } on { $site }.
featured-tracks = Featured tracks
albums = Albums
singles = Singles
about-artist = About { $name }
artist-playlist-title = { $name }: playlist
artist-atom-title = { $name }: new releases
artist-podcast-title = { $name }: podcast
playlist-m3u = Playlist (M3U)
podcast-rss = Podcast (RSS)
new-releases-atom = New releases (Atom)

## Album and track pages

album = Album
album-playlist-title = { $title }: playlist
track-count = { $count ->
    [one] 1 track
   *[other] { $count } tracks
}
# Around the artist's linked name: "by Name".
by-before = by
by-after = {""}
tracks = Tracks
about-album = About this album
# Around the album's linked title: "Track 3 on Title".
track-on-before = Track { $number } on
track-on-after = {""}
single = Single
listen = Listen
download = Download
download-track = Download { $title },
# The name a download gets when its track has neither title nor artist.
download-file-name = track
# A release date: $day and $month are numbers, $month-name the month's name.
date = { $month-name } { $day }, { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Licenses (Creative Commons' own names for them)

license-text-before = Released under the Creative Commons
license-text-after = license ({ $short }).
license-by = Attribution 4.0 International
license-by-sa = Attribution-ShareAlike 4.0 International
license-by-nd = Attribution-NoDerivatives 4.0 International
license-by-nc = Attribution-NonCommercial 4.0 International
license-by-nc-sa = Attribution-NonCommercial-ShareAlike 4.0 International
license-by-nc-nd = Attribution-NonCommercial-NoDerivatives 4.0 International

## Not found

not-found-title = Not found — { $site }
not-found-description = This page does not exist.
not-found-kicker = Error 404
not-found-heading = This page is not here
not-found-text = The link may be old, or the music may have moved. Everything that is here is one click away.
not-found-home = Go to the home page

## What search engines and link previews show

album-by = { $title } by { $artist }
album-summary = { $year ->
    [0] { $title }, an album by { $artist }.
   *[other] { $title }, an album by { $artist } ({ $year }).
}
album-summary-anonymous = { $title }, an album.
# A track page's title, and the title of its embedded player.
track-by = { $title } by { $artist }
# A track's description, on its page and in the podcast feed; the
# -anonymous forms are for a track whose artist has no name.
track-summary = { $title } by { $artist }, from { $album }.
track-summary-single = { $title } by { $artist }.
track-summary-anonymous = { $title }, from { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = An album by { $artist }
feed-artist-subtitle = New releases by { $artist } on { $site }
feed-single-by = A single by { $artist }
# The summaries of the site's feed of new releases.
feed-new-album = A new album.
feed-new-album-by = A new album by { $artist }.
feed-new-single = A new single.
feed-new-single-by = A new single by { $artist }.
