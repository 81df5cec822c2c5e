# Deutsch (German): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Zum Inhalt springen
site-feed-title = Neuerscheinungen auf { $site }
site-description = Musik von unabhängigen Künstlern, kostenlos zum Anhören und Teilen.

## The player

player = Player
previous-track = Vorheriger Titel
next-track = Nächster Titel
play = Abspielen
data-saver = Datensparmodus
seek = Position
play-track = { $title } abspielen
player-autoplay = Drücke auf Abspielen, um die Musik zu starten
player-failed = { $title } konnte nicht abgespielt werden
player-copied = Link kopiert
player-copy-this = Kopiere diesen Link: { $url }
player-time-of = { $current } von { $total }

## Sharing

copy-link = Link kopieren
copy-link-at = Link kopieren bei

## Home and the artist index

artists = Künstler
no-artists = Noch keine Künstler.
artist-count-by-letter = { $count ->
    [one] Ein Künstler, nach dem Anfangsbuchstaben des Namens.
   *[other] { $count } Künstler, nach dem Anfangsbuchstaben ihrer Namen.
}
artists-by-initial = Künstler nach Anfangsbuchstaben
index-heading = Künstler: { $letter }
index-heading-other = Künstler: # (Ziffern, Symbole, andere Schriften)
index-title-page = { $heading } (Seite { $number } von { $pages })
index-description = Künstler auf { $site }, deren Namen mit { $first } beginnen.
index-other-first = einer Ziffer, einem Symbol oder einer anderen Schrift
page-of = Seite { $number } von { $pages }
pages-of = Seiten von { $letter }
previous-page = ← Zurück
next-page = Weiter →

## Artist pages

artist = Künstler
artist-description = Musik von { $name } auf { $site }.
featured-tracks = Ausgewählte Titel
albums = Alben
singles = Singles
about-artist = Über { $name }
artist-playlist-title = { $name }: Playlist
artist-atom-title = { $name }: Neuerscheinungen
artist-podcast-title = { $name }: Podcast
playlist-m3u = Playlist (M3U)
podcast-rss = Podcast (RSS)
new-releases-atom = Neuerscheinungen (Atom)

## Album and track pages

album = Album
album-playlist-title = { $title }: Playlist
track-count = { $count ->
    [one] 1 Titel
   *[other] { $count } Titel
}
by-before = von
by-after = {""}
tracks = Titel
about-album = Über dieses Album
track-on-before = Titel { $number } auf
track-on-after = {""}
single = Single
listen = Anhören
download = Herunterladen
download-track = { $title } herunterladen,
download-file-name = Titel
date = { $day }. { $month-name } { $year }
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Licenses

license-text-before = Veröffentlicht unter der Creative-Commons-Lizenz
license-text-after = ({ $short }).
license-by = Namensnennung 4.0 International
license-by-sa = Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International
license-by-nd = Namensnennung - Keine Bearbeitungen 4.0 International
license-by-nc = Namensnennung - Nicht kommerziell 4.0 International
license-by-nc-sa = Namensnennung - Nicht kommerziell - Weitergabe unter gleichen Bedingungen 4.0 International
license-by-nc-nd = Namensnennung - Nicht kommerziell - Keine Bearbeitungen 4.0 International

## Not found

not-found-title = Nicht gefunden — { $site }
not-found-description = Diese Seite gibt es nicht.
not-found-kicker = Fehler 404
not-found-heading = Diese Seite ist nicht hier
not-found-text = Der Link ist vielleicht alt, oder die Musik ist umgezogen. Alles, was es hier gibt, ist einen Klick entfernt.
not-found-home = Zur Startseite

## What search engines and link previews show

album-by = { $title } von { $artist }
album-summary = { $year ->
    [0] { $title }, ein Album von { $artist }.
   *[other] { $title }, ein Album von { $artist } ({ $year }).
}
album-summary-anonymous = { $title }, ein Album.
track-by = { $title } von { $artist }
track-summary = { $title } von { $artist }, aus dem Album { $album }.
track-summary-single = { $title } von { $artist }.
track-summary-anonymous = { $title }, aus dem Album { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = Ein Album von { $artist }
feed-artist-subtitle = Neuerscheinungen von { $artist } auf { $site }
feed-single-by = Eine Single von { $artist }
feed-new-album = Ein neues Album.
feed-new-album-by = Ein neues Album von { $artist }.
feed-new-single = Eine neue Single.
feed-new-single-by = Eine neue Single von { $artist }.
