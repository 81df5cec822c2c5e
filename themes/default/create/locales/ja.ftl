# 日本語 (Japanese): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = 本文へ移動
site-create = { $site } クリエイト
create = クリエイト
account = アカウント
view-site = サイトを見る
sign-out = ログアウト
terms = 規約

## Sign-in and terms

sign-in = ログイン
signin-heading = { $site } であなたの音楽を公開しましょう
signin-lede = ログインしてアルバムやシングルをアップロードしましょう。保存するとすぐにページが公開されます。いいねもコメントもフォローもなく、あるのはあなたの音楽だけです。
dev-heading = ローカルログイン(開発モード)
dev-hint-before = このサービスは
dev-hint-after = で動いています: このマシンでは誰としてでもログインでき、プロバイダーは不要です。
name = 名前
email = メールアドレス
sign-in-locally = ローカルでログイン
terms-heading = アーティスト向け規約
terms-agreed = この規約に同意済みです。
go-to-artists = アーティスト一覧へ。
terms-agree = アップロードする音楽の権利を持っており、この規約に同意します。
agree-continue = 同意して続ける
sign-in-to-agree = ログインして同意する

## Your artists

your-artists = あなたのアーティスト
artists-you-manage = 管理しているアーティスト
edit = 編集
more-artists = さらにアーティストを表示
no-artist-yet = まだアーティストページがありません。下で作成してから、アルバムやシングルを追加してください。
new-artist = 新しいアーティスト
bio = プロフィール
bio-hint = (任意。空行で段落を分けます)
create-artist = アーティストを作成
where-signed-in = ログイン中の端末
sessions-hint = もう使っていない、またはなくしたパソコンやスマートフォンでログインしたままですか? ここを含むすべてのセッションを終了します。
sign-out-everywhere = すべての端末からログアウト

## What a change says once it is done

done-terms = ありがとうございます。アーティストページを作成できるようになりました。
done-artist-created = アーティストページが作成され、公開されました。
done-artist-saved = 保存しました。アーティストページは公開中です。
done-artist-deleted = アーティストを、そのページとファイルごと削除しました。
done-image-saved = 新しい画像が公開されました。
done-album-created = アルバムが作成され、ページが公開されました。下で曲を追加してください。
done-album-saved = 保存しました。アルバムページは公開中です。
done-album-deleted = アルバムを、その曲とファイルごと削除しました。
done-tracks-added = アップロードしました。曲は公開中です。
done-singles-added = アップロードしました。シングルは公開中です。
done-track-saved = 保存しました。曲は公開中です。
done-track-moved = 移動しました。新しい順番が公開されています。
done-track-deleted = 曲を削除しました。
done-featured = この曲をアーティストページのおすすめにしました。
done-unfeatured = この曲はおすすめではなくなりました。
done-featured-order = おすすめの曲の新しい順番が公開されています。
done-pending = 保存しました。まもなくサイトに反映されます。
done-pending-deleted = 削除しました。まもなくサイトに反映されます。
see-the-page = ページを見る

## Errors

error-kicker = エラー { $status }
go-back = 戻る
go-to-start = 最初へ
error-heading = うまくいきませんでした
error-not-found-heading = ここにはないか、あなたのものではありません
error-unavailable-heading = しばらくしてからもう一度お試しください
error-sign-in-first = 先にログインしてください
error-internal = こちら側で問題が起きました。何も変更されていません。しばらくしてからもう一度お試しください
error-name-letter = 名前には文字か数字が少なくとも 1 つ必要です
error-empty-file = ファイルが空です (0 バイト)。もう一度ファイルを選んでください
error-not-found = { $thing } が見つかりません
thing-artist = アーティスト
thing-album = アルバム
thing-track = 曲
thing-upload = アップロード
thing-page = ページ

## An artist's and an album's pages

artist = アーティスト
album = アルバム
see-published-page = 公開ページを見る
see-published-album = 公開中のアルバムページを見る
name-and-bio = 名前とプロフィール
image-of = { $name } の画像
no-image-yet = まだ画像がありません
artist-image = アーティスト画像
artist-image-hint = 正方形の JPEG か PNG が最適です。円形に表示されます。
paragraphs-hint = (空行で段落を分けます)
save = 保存
albums = アルバム
no-albums = まだアルバムはありません。
new-album = 新しいアルバム
title = タイトル
release-date = リリース日
description = 説明
optional = (任意)
create-album = アルバムを作成
singles = シングル
add-singles = シングルを追加
add-singles-hint = ここに音声ファイルをドロップするか、選んでください: MP3、M4A (AAC)、Ogg (Vorbis または Opus)、FLAC、WAV。それぞれがシングルになり、タグからタイトルが付きます。
no-singles = まだシングルはありません。
featured-tracks = おすすめの曲
featured-hint = アルバムやシングルから最大 3 曲を、ページの最初に表示します。曲はアルバムのページか上のシングルからおすすめにできます。
move-up = 上へ
move-down = 下へ
unfeature = おすすめから外す
no-featured = おすすめの曲はありません。
delete-artist-heading = このアーティストを削除
delete-artist-text = { $name } のページと、すべてのアルバム・曲・シングル、そのファイルを削除します。
delete-artist-what = このアーティストとそのすべてのアルバム・曲・ファイル
details = 詳細
cover-of = { $title } のジャケット
no-cover-yet = まだジャケットがありません
cover-image = ジャケット画像
cover-image-hint = 正方形の JPEG か PNG で、300 × 300 ピクセル以上。
tracks = 曲
add-tracks = 曲を追加
add-tracks-hint = ここにアルバム全体をドロップするか、音声ファイルを選んでください: MP3、M4A (AAC)、Ogg (Vorbis または Opus)、FLAC、WAV。トラック番号順に追加され、タグからタイトルが付きます。
no-tracks = まだ曲はありません。
delete-album-heading = このアルバムを削除
delete-album-text = アルバムのページと、その曲とファイルを削除します。
delete-album-what = このアルバムとその曲・ファイル
delete-confirm = { $what } が完全に削除されることを理解しました。
delete = 削除
license = ライセンス
