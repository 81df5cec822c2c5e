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
