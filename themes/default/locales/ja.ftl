# 日本語 (Japanese): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = 本文へ移動
site-feed-title = { $site } の新着リリース
site-description = インディーズ・アーティストの音楽。無料で聴けて、シェアできます。

## The player

player = プレーヤー
previous-track = 前の曲
next-track = 次の曲
play = 再生
data-saver = データセーバー
seek = 再生位置
play-track = { $title } を再生
player-autoplay = 再生ボタンを押すと音楽が始まります
player-failed = { $title } を再生できませんでした
player-copied = リンクをコピーしました
player-copy-this = このリンクをコピーしてください: { $url }
player-time-of = { $current } / { $total }

## Sharing

copy-link = リンクをコピー
copy-link-at = この位置のリンクをコピー:

## Home and the artist index

artists = アーティスト
no-artists = まだアーティストはいません。
artist-count-by-letter = { $count ->
   *[other] { $count } 組のアーティスト(名前の頭文字順)。
}
artists-by-initial = 頭文字別のアーティスト
index-heading = アーティスト: { $letter }
index-heading-other = アーティスト: #(数字・記号・その他の文字)
index-title-page = { $heading }({ $pages } ページ中 { $number } ページ目)
index-description = { $site } で名前が { $first } で始まるアーティスト。
index-other-first = 数字・記号・その他の文字
page-of = { $pages } ページ中 { $number } ページ目
pages-of = { $letter } のページ
previous-page = ← 前へ
next-page = 次へ →

## Artist pages

artist = アーティスト
artist-description = { $site } の { $name } の音楽。
featured-tracks = おすすめの曲
albums = アルバム
singles = シングル
about-artist = { $name } について
artist-playlist-title = { $name }: プレイリスト
artist-atom-title = { $name }: 新着リリース
artist-podcast-title = { $name }: ポッドキャスト
playlist-m3u = プレイリスト (M3U)
podcast-rss = ポッドキャスト (RSS)
new-releases-atom = 新着リリース (Atom)

## Album and track pages

album = アルバム
album-playlist-title = { $title }: プレイリスト
track-count = { $count ->
   *[other] { $count } 曲
}
by-before = {""}
by-after = による
tracks = 曲
about-album = このアルバムについて
track-on-before = {""}
track-on-after = の { $number } 曲目
single = シングル
listen = 聴く
download = ダウンロード
download-track = { $title } をダウンロード、
download-file-name = 曲
date = { $year }年{ $month-name }{ $day }日
month-1 = 1月
month-2 = 2月
month-3 = 3月
month-4 = 4月
month-5 = 5月
month-6 = 6月
month-7 = 7月
month-8 = 8月
month-9 = 9月
month-10 = 10月
month-11 = 11月
month-12 = 12月

## Licenses

license-text-before = クリエイティブ・コモンズ
license-text-after = ライセンス ({ $short }) の下で公開されています。
license-by = 表示 4.0 国際
license-by-sa = 表示 - 継承 4.0 国際
license-by-nd = 表示 - 改変禁止 4.0 国際
license-by-nc = 表示 - 非営利 4.0 国際
license-by-nc-sa = 表示 - 非営利 - 継承 4.0 国際
license-by-nc-nd = 表示 - 非営利 - 改変禁止 4.0 国際

## Not found

not-found-title = 見つかりません — { $site }
not-found-description = このページは存在しません。
not-found-kicker = エラー 404
not-found-heading = このページは見つかりません
not-found-text = リンクが古いか、音楽が移動したのかもしれません。ここにあるものはすべてワンクリックで見られます。
not-found-home = ホームページへ

## What search engines and link previews show

album-by = { $artist } の { $title }
album-summary = { $year ->
    [0] { $artist } のアルバム「{ $title }」。
   *[other] { $artist } のアルバム「{ $title }」({ $year } 年)。
}
album-summary-anonymous = アルバム「{ $title }」。
track-by = { $artist } の { $title }
track-summary = { $artist } の「{ $title }」(アルバム「{ $album }」収録)。
track-summary-single = { $artist } の「{ $title }」。
track-summary-anonymous = 「{ $title }」(アルバム「{ $album }」収録)。
track-summary-single-anonymous = 「{ $title }」。

## Feeds

feed-album-by = { $artist } のアルバム
feed-artist-subtitle = { $site } での { $artist } の新着リリース
feed-single-by = { $artist } のシングル
feed-new-album = 新しいアルバム。
feed-new-album-by = { $artist } の新しいアルバム。
feed-new-single = 新しいシングル。
feed-new-single-by = { $artist } の新しいシングル。
