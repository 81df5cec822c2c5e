# Français (French): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Aller au contenu
site-feed-title = Nouveautés sur { $site }
site-description = De la musique d’artistes indépendants, à écouter en ligne et à partager gratuitement.

## The player

player = Lecteur
previous-track = Morceau précédent
next-track = Morceau suivant
play = Lecture
data-saver = Économie de données
seek = Position
play-track = Écouter { $title }
player-autoplay = Appuyez sur lecture pour lancer la musique
player-failed = Impossible de lire { $title }
player-copied = Lien copié
player-copy-this = Copiez ce lien : { $url }
player-time-of = { $current } sur { $total }

## Sharing

copy-link = Copier le lien
copy-link-at = Copier le lien à

## Home and the artist index

artists = Artistes
no-artists = Pas encore d’artistes.
artist-count-by-letter = { $count ->
    [one] { $count } artiste, par la première lettre de son nom.
   *[other] { $count } artistes, par la première lettre de leur nom.
}
artists-by-initial = Artistes par initiale
index-heading = Artistes : { $letter }
index-heading-other = Artistes : # (chiffres, symboles, autres écritures)
index-title-page = { $heading } (page { $number } sur { $pages })
index-description = Artistes sur { $site } dont le nom commence par { $first }.
index-other-first = un chiffre, un symbole ou une autre écriture
page-of = Page { $number } sur { $pages }
pages-of = Pages de { $letter }
previous-page = ← Précédente
next-page = Suivante →

## Artist pages

artist = Artiste
artist-description = La musique de { $name } sur { $site }.
featured-tracks = Morceaux à la une
albums = Albums
singles = Singles
about-artist = À propos de { $name }
artist-playlist-title = { $name } : liste de lecture
artist-atom-title = { $name } : nouveautés
artist-podcast-title = { $name } : podcast
playlist-m3u = Liste de lecture (M3U)
podcast-rss = Podcast (RSS)
new-releases-atom = Nouveautés (Atom)

## Album and track pages

album = Album
album-playlist-title = { $title } : liste de lecture
track-count = { $count ->
    [one] { $count } morceau
   *[other] { $count } morceaux
}
by-before = par
by-after = {""}
tracks = Morceaux
about-album = À propos de cet album
track-on-before = Morceau { $number } de
track-on-after = {""}
single = Single
listen = Écouter
download = Télécharger
download-track = Télécharger { $title },
download-file-name = morceau
date = { $day } { $month-name } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Licenses

license-text-before = Publié sous la licence Creative Commons
license-text-after = ({ $short }).
license-by = Attribution 4.0 International
license-by-sa = Attribution - Partage dans les mêmes conditions 4.0 International
license-by-nd = Attribution - Pas de modification 4.0 International
license-by-nc = Attribution - Pas d’utilisation commerciale 4.0 International
license-by-nc-sa = Attribution - Pas d’utilisation commerciale - Partage dans les mêmes conditions 4.0 International
license-by-nc-nd = Attribution - Pas d’utilisation commerciale - Pas de modification 4.0 International

## Not found

not-found-title = Introuvable — { $site }
not-found-description = Cette page n’existe pas.
not-found-kicker = Erreur 404
not-found-heading = Cette page n’est pas ici
not-found-text = Le lien est peut-être ancien, ou la musique a déménagé. Tout ce qui est ici est à un clic.
not-found-home = Aller à l’accueil

## What search engines and link previews show

album-by = { $title } par { $artist }
album-summary = { $year ->
    [0] { $title }, un album de { $artist }.
   *[other] { $title }, un album de { $artist } ({ $year }).
}
album-summary-anonymous = { $title }, un album.
track-by = { $title } par { $artist }
track-summary = { $title } par { $artist }, extrait de l’album { $album }.
track-summary-single = { $title } par { $artist }.
track-summary-anonymous = { $title }, extrait de l’album { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = Un album de { $artist }
feed-artist-subtitle = Nouveautés de { $artist } sur { $site }
feed-single-by = Un single de { $artist }
feed-new-album = Un nouvel album.
feed-new-album-by = Un nouvel album de { $artist }.
feed-new-single = Un nouveau single.
feed-new-single-by = Un nouveau single de { $artist }.
