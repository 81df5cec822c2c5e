# Español (Spanish): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Saltar al contenido
site-feed-title = Novedades en { $site }
site-description = Música de artistas independientes, para escuchar y compartir gratis.

## The player

player = Reproductor
previous-track = Pista anterior
next-track = Pista siguiente
play = Reproducir
data-saver = Ahorro de datos
seek = Posición
play-track = Reproducir { $title }
player-autoplay = Pulsa reproducir para empezar la música
player-failed = No se pudo reproducir { $title }
player-copied = Enlace copiado
player-copy-this = Copia este enlace: { $url }
player-time-of = { $current } de { $total }

## Sharing

copy-link = Copiar enlace
copy-link-at = Copiar enlace en

## Home and the artist index

artists = Artistas
no-artists = Todavía no hay artistas.
artist-count-by-letter = { $count ->
    [one] Un artista, por la primera letra de su nombre.
   *[other] { $count } artistas, por la primera letra de sus nombres.
}
artists-by-initial = Artistas por inicial
index-heading = Artistas: { $letter }
index-heading-other = Artistas: # (cifras, símbolos, otras escrituras)
index-title-page = { $heading } (página { $number } de { $pages })
index-description = Artistas en { $site } cuyos nombres empiezan por { $first }.
index-other-first = una cifra, un símbolo u otra escritura
page-of = Página { $number } de { $pages }
pages-of = Páginas de { $letter }
previous-page = ← Anterior
next-page = Siguiente →

## Artist pages

artist = Artista
artist-description = Música de { $name } en { $site }.
featured-tracks = Pistas destacadas
albums = Álbumes
singles = Sencillos
about-artist = Sobre { $name }
artist-playlist-title = { $name }: lista de reproducción
artist-atom-title = { $name }: novedades
artist-podcast-title = { $name }: pódcast
playlist-m3u = Lista de reproducción (M3U)
podcast-rss = Pódcast (RSS)
new-releases-atom = Novedades (Atom)

## Album and track pages

album = Álbum
album-playlist-title = { $title }: lista de reproducción
track-count = { $count ->
    [one] 1 pista
   *[other] { $count } pistas
}
by-before = de
by-after = {""}
tracks = Pistas
about-album = Sobre este álbum
track-on-before = Pista { $number } de
track-on-after = {""}
single = Sencillo
listen = Escuchar
download = Descargar
download-track = Descargar { $title },
download-file-name = pista
date = { $day } de { $month-name } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Licenses

license-text-before = Publicado con la licencia Creative Commons
license-text-after = ({ $short }).
license-by = Atribución 4.0 Internacional
license-by-sa = Atribución-CompartirIgual 4.0 Internacional
license-by-nd = Atribución-SinDerivadas 4.0 Internacional
license-by-nc = Atribución-NoComercial 4.0 Internacional
license-by-nc-sa = Atribución-NoComercial-CompartirIgual 4.0 Internacional
license-by-nc-nd = Atribución-NoComercial-SinDerivadas 4.0 Internacional

## Not found

not-found-title = No encontrada — { $site }
not-found-description = Esta página no existe.
not-found-kicker = Error 404
not-found-heading = Esta página no está aquí
not-found-text = Puede que el enlace sea antiguo o que la música se haya movido. Todo lo que hay aquí está a un clic.
not-found-home = Ir a la página de inicio

## What search engines and link previews show

album-by = { $title } de { $artist }
album-summary = { $year ->
    [0] { $title }, un álbum de { $artist }.
   *[other] { $title }, un álbum de { $artist } ({ $year }).
}
album-summary-anonymous = { $title }, un álbum.
track-by = { $title } de { $artist }
track-summary = { $title } de { $artist }, del álbum { $album }.
track-summary-single = { $title } de { $artist }.
track-summary-anonymous = { $title }, del álbum { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = Un álbum de { $artist }
feed-artist-subtitle = Novedades de { $artist } en { $site }
feed-single-by = Un sencillo de { $artist }
feed-new-album = Un álbum nuevo.
feed-new-album-by = Un álbum nuevo de { $artist }.
feed-new-single = Un sencillo nuevo.
feed-new-single-by = Un sencillo nuevo de { $artist }.
