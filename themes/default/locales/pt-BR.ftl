# Português do Brasil (Brazilian Portuguese): written by the project, not yet
# checked by a native speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Pular para o conteúdo
site-feed-title = Lançamentos em { $site }
site-description = Música de artistas independentes, para ouvir e compartilhar de graça.

## The player

player = Player
previous-track = Faixa anterior
next-track = Próxima faixa
play = Tocar
data-saver = Economia de dados
seek = Posição
play-track = Tocar { $title }
player-autoplay = Aperte o play para começar a música
player-failed = Não foi possível tocar { $title }
player-copied = Link copiado
player-copy-this = Copie este link: { $url }
player-time-of = { $current } de { $total }

## Sharing

copy-link = Copiar link
copy-link-at = Copiar link em

## Home and the artist index

artists = Artistas
no-artists = Ainda não há artistas.
artist-count-by-letter = { $count ->
    [one] { $count } artista, pela primeira letra do nome.
   *[other] { $count } artistas, pela primeira letra dos nomes.
}
artists-by-initial = Artistas por inicial
index-heading = Artistas: { $letter }
index-heading-other = Artistas: # (algarismos, símbolos, outras escritas)
index-title-page = { $heading } (página { $number } de { $pages })
index-description = Artistas em { $site } cujos nomes começam com { $first }.
index-other-first = um algarismo, um símbolo ou outra escrita
page-of = Página { $number } de { $pages }
pages-of = Páginas de { $letter }
previous-page = ← Anterior
next-page = Próxima →

## Artist pages

artist = Artista
artist-description = Música de { $name } em { $site }.
featured-tracks = Faixas em destaque
albums = Álbuns
singles = Singles
about-artist = Sobre { $name }
artist-playlist-title = { $name }: playlist
artist-atom-title = { $name }: lançamentos
artist-podcast-title = { $name }: podcast
playlist-m3u = Playlist (M3U)
podcast-rss = Podcast (RSS)
new-releases-atom = Lançamentos (Atom)

## Album and track pages

album = Álbum
album-playlist-title = { $title }: playlist
track-count = { $count ->
    [one] { $count } faixa
   *[other] { $count } faixas
}
by-before = de
by-after = {""}
tracks = Faixas
about-album = Sobre este álbum
track-on-before = Faixa { $number } de
track-on-after = {""}
single = Single
listen = Ouvir
download = Baixar
download-track = Baixar { $title },
download-file-name = faixa
date = { $day } de { $month-name } de { $year }
month-1 = janeiro
month-2 = fevereiro
month-3 = março
month-4 = abril
month-5 = maio
month-6 = junho
month-7 = julho
month-8 = agosto
month-9 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

## Licenses

license-text-before = Publicado sob a licença Creative Commons
license-text-after = ({ $short }).
license-by = Atribuição 4.0 Internacional
license-by-sa = Atribuição-CompartilhaIgual 4.0 Internacional
license-by-nd = Atribuição-SemDerivações 4.0 Internacional
license-by-nc = Atribuição-NãoComercial 4.0 Internacional
license-by-nc-sa = Atribuição-NãoComercial-CompartilhaIgual 4.0 Internacional
license-by-nc-nd = Atribuição-NãoComercial-SemDerivações 4.0 Internacional

## Not found

not-found-title = Não encontrada — { $site }
not-found-description = Esta página não existe.
not-found-kicker = Erro 404
not-found-heading = Esta página não está aqui
not-found-text = O link pode ser antigo, ou a música pode ter mudado de lugar. Tudo o que está aqui fica a um clique.
not-found-home = Ir para a página inicial

## What search engines and link previews show

album-by = { $title } de { $artist }
album-summary = { $year ->
    [0] { $title }, um álbum de { $artist }.
   *[other] { $title }, um álbum de { $artist } ({ $year }).
}
album-summary-anonymous = { $title }, um álbum.
track-by = { $title } de { $artist }
track-summary = { $title } de { $artist }, do álbum { $album }.
track-summary-single = { $title } de { $artist }.
track-summary-anonymous = { $title }, do álbum { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = Um álbum de { $artist }
feed-artist-subtitle = Lançamentos de { $artist } em { $site }
feed-single-by = Um single de { $artist }
feed-new-album = Um novo álbum.
feed-new-album-by = Um novo álbum de { $artist }.
feed-new-single = Um novo single.
feed-new-single-by = Um novo single de { $artist }.
