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
done-audio-replaced = 新しい音声が公開されました。曲のページと順番はそのままです。

## Signing in did not work

signin-failed = ログインできませんでした
sign-in-again = もう一度ログイン
not-signed-out = まだログアウトしていません
back = 戻る

## The terms

terms-lede = { $site } はインディペンデントなアーティストの音楽を掲載しています。アップロードする前に、この規約を読んで同意してください。あえて短くしています。
terms-yours-heading = あなたの音楽はあなたのもの
terms-yours-text = アップロードするもの(音声、アートワーク、テキスト)はすべて、あなたが作詞・作曲・演奏したものか、ほかの形で権利を持っているもの、または権利を持つ全員の許可を得たものであることを確認してください。他人の作品、許諾を得ていないサンプル、違法なものはアップロードしないでください。
terms-allow-heading = あなたが許可すること
terms-allow-text = あなたは { $site } に対し、アップロードされたものを保存し、サービスの運営に必要なコピー(縮小した画像やバックアップなど)を作成し、サイトを訪れるすべての人に公開・配信することを許可します。この許可は無償で、アップロードを削除した時点で終わります。ただし、バックアップは期限が来ると自動的に消えます。
terms-license-heading = ライセンスはあなたが選ぶ
terms-license-text = アルバムとシングルはそれぞれ、あなたが選んだクリエイティブ・コモンズ 4.0 ライセンス(ほかを選ばなければ 表示-非営利-改変禁止)で公開されます。このライセンスは、ここで聴く以外にリスナーがあなたの音楽で何をしてよいかを示します。一度与えたライセンスは、それに基づいてすでに作られたコピーについては取り消せません。納得できるものを選んでください。
terms-delete-heading = いつでも削除できます
terms-delete-text = 曲、アルバム、アーティストページはいつでも変更・削除できます。削除したページとファイルはすぐにサイトから消えます。
terms-fair-heading = サービスの適正な利用
terms-fair-text = この規約や法律に反するコンテンツは削除することがあり、その際はお知らせします。サービスは現状のまま提供され、利用できることは保証されません。

## A track in a list, and the upload control

featured = おすすめ中
feature = おすすめにする
published-page = 公開ページ
delete-track-confirm = この曲を削除しますか?ページとファイルも削除されます。
replace-audio = 音声を差し替える
new-audio-file = 新しい音声ファイル
new-audio-hint = 修正したマスター: MP3、M4A (AAC)、Ogg (Vorbis または Opus)、FLAC、WAV。曲のページ、リンク、タイトル、順番はそのままで、新しいファイルが公開されるまでは古いファイルが再生されます。
upload = アップロード
uploads-in-progress = アップロード中のファイル
form-limit = JavaScript なしでは、このフォームで送れるファイルは 4 MB までです(アップロードサービスは 1 回のリクエストで最大 6 MB まで受け付けます)。JavaScript が有効なら、どんなサイズのファイルも分割してアップロードされます。

## What the page's script says while it works

js-waiting = 待機中…
js-uploading = アップロード中… { $percent }%
js-checking = ファイルを確認中…
js-uploaded = アップロードして公開しました。
js-upload-failed = アップロードに失敗しました: { $reason }
js-unknown-error = 不明なエラー
js-network = 接続に失敗しました
js-connection-failing = 接続の失敗が続いています。アップロードは { $percent }% で止まりました。あとでもう一度お試しください。
js-checking-late = ファイルの確認に時間がかかりすぎています。数分後にページを再読み込みして、届いたかどうか確かめてください。
js-failed-one = アップロードに失敗しました。ファイルの横のメッセージを見てください。
js-failed-all = どのファイルもアップロードできませんでした。それぞれの横のメッセージを見てください。
js-uploading-file = { $name } をアップロード中…
js-uploading-files = { $count } 個のファイルをアップロード中…
js-finished-one = アップロード完了
js-finished-many = { $count } 件のアップロードが完了
js-finished-some = { $total } 件中 { $done } 件のアップロードが完了
js-live = { $what }: 公開されました。
js-publishing = { $what }。ページを公開しています…
js-request-failed = リクエストに失敗しました ({ $status })。ページを再読み込みして、もう一度お試しください。
js-send-failed = 変更を送信できませんでした。接続を確認して、もう一度お試しください。
js-order-failed = 新しい順番を保存できませんでした。ページを再読み込みすると、保存されている順番が表示されます。
js-drag = ドラッグして並べ替え

## Errors the service answers with

error-changed-meanwhile = その間に(別のタブか別のリクエストで)変更されました。再読み込みしてもう一度お試しください
error-catalog-unreachable = 今はカタログに接続できません。何も変更されていません。しばらくしてからもう一度お試しください
error-media-unreachable = 今はファイル保存先に接続できません。何も変更されていません。しばらくしてからもう一度お試しください
error-images-busy = 大きな画像を処理中のものが多すぎるため、何も保存されませんでした。数秒後にもう一度お試しください
error-field-not-right = 項目が正しくありません: { $detail }
error-agree-terms-first = 先に規約に同意してください(POST /api/v1/me/terms、または作成セクションで)
error-api-no-file = ファイルが送信されていません: multipart フォームのファイル項目として送ってください
error-send-one-file = ファイルは 1 つだけ送ってください
error-send-json = 項目は JSON で送ってください (Content-Type: application/json)
error-json-too-large = JSON の本文が大きすぎます
error-json-invalid = 本文が正しい JSON ではありません: { $detail }
error-json-not-object = 本文は項目を並べた JSON オブジェクトにしてください
error-upload-form-invalid = アップロードが正しいフォームではありません: { $detail }
error-form-too-large = フォームが大きすぎます
error-form-cut-off = フォームが途中で切れました ({ $detail })。もう一度送ってください
error-csrf = フォームのセキュリティトークンがないか古くなっています。ページを再読み込みしてもう一度お試しください
error-origin = このリクエストはこのサイトのページから送られたものではありません(Origin がないか、別のサイトのものです)
error-terms-tick = チェックボックスにチェックを入れて規約に同意し、ボタンを押してください
error-form-no-file = ファイルが送信されていません: ファイルを選んでから「アップロード」を押してください
error-confirm-delete = 何も削除されていません: 「理解しました」にチェックを入れてから「削除」を押してください
error-move-direction = 移動する向きを指定してください: direction=up または down
error-upload-cut-off = アップロードが途中で切れました: { $detail }
error-in-file = { $file }: { $error }。
error-in-file-one-kept = { $file }: { $error }。その前のファイルは追加されました。
error-in-file-kept = { $file }: { $error }。その前の { $count } 個のファイルは追加されました。
error-cursor = この cursor はこのサービスが発行したものではありません。最初のページから始めてください(cursor を省く)
error-page-limit = limit は 1 から { $max } までのアーティスト数にしてください
error-name-taken = その名前はほかのアーティストが使っています。別の名前にしてください
error-name-taken-exactly = 「{ $name }」という名前はほかのアーティストが使っています。別の名前にしてください
error-name-looks-the-same = 「{ $name }」は、ほかのアーティストの名前「{ $taken }」と同じに見えます(別の文字体系の文字、アクセント、大文字・小文字、全角文字、特殊な空白では別の名前になりません)。別の名前にしてください
error-name-taken-or-changed = その名前はほかのアーティストが使っているか、その間にアーティストが変更されました。再読み込みしてもう一度お試しください
error-empty = { $what ->
    [name] 名前が空です。入力してください
   *[other] タイトルが空です。入力してください
}
error-too-long = { $what ->
    [name] 名前が長すぎます: { $max } 文字までです
    [text] テキストが長すぎます: { $max } 文字までです
   *[other] タイトルが長すぎます: { $max } 文字までです
}
error-not-a-date = リリース日 { $date } は日付ではありません: YYYY-MM-DD の形で入力してください
error-license = ライセンスは次のいずれかにしてください: { $licenses }
error-album-track-date = アルバムの曲のリリース日はアルバムのものになります。アルバムのリリース日を変更してください
error-no-room = { $what ->
    [album] これ以上アルバムを追加できません: { $max } 件までです
    [single] これ以上シングルを追加できません: { $max } 件までです
   *[other] このアルバムにこれ以上曲を追加できません: { $max } 曲までです
}
error-track-list-busy = 曲の一覧を更新中です。再読み込みしてもう一度お試しください
error-featured-max = おすすめにできる曲は { $max } 曲までです。先にどれかのおすすめを外してください
error-featured-list = おすすめの曲をそれぞれ 1 回ずつ、並べたい順に指定してください
error-several-uploads = { $what ->
    [the-artist] 複数のアップロードが同時にアーティストを変更しました。もう一度お試しください
   *[other] 複数のアップロードが同時にアルバムを変更しました。もう一度お試しください
}
error-artists-limit = アーティストが { $count } 件あり、1 つのアカウントで持てる上限です({ $max }、アーティスト数の上限)。不要なものを削除するか、今あるアーティストにアルバムやシングルを追加してください
error-changed-nothing-deleted = その間に(別のタブか別のリクエストで)変更されたため、何も削除されていません。再読み込みしてもう一度お試しください
error-delete-unfinished = 削除を始めましたが、今は完了できませんでした(カタログに接続できません)。しばらくしてからもう一度削除すると完了します(サービスの再起動時にも完了します)
error-being-deleted = { $what ->
    [artist] このアーティストは削除中です。しばらくしてから再読み込みしてください(もう一度削除すると削除が完了します)
   *[other] このアルバムは削除中です。しばらくしてから再読み込みしてください(もう一度削除すると削除が完了します)
}
error-delete-kept-changing = 削除しようとしているものが変わり続けました。もう一度削除して完了させてください
error-replace-kept-changing = 音声の差し替え中に曲が変わり続けました。何も変更されていません。もう一度お試しください
error-audio-replaced-meanwhile = その間に(別のタブか別のリクエストで)この曲の音声が差し替えられました。再読み込みして聴いてみて、あなたのファイルで差し替えるべきならもう一度アップロードしてください
error-empty-upload = ファイルが空です (0 バイト): もう一度ファイルを選んでアップロードしてください
error-file-too-large = ファイルが上限の { $limit } を超えています。小さくしてもう一度アップロードしてください
error-upload-cut-off-again = アップロードが途中で切れました ({ $detail })。もう一度ファイルを送ってください
error-storage-full = このファイル ({ $size }) は保存容量に収まりません: 保存中の音声は { $kept }{ $open }、1 つのアカウントで保存できるのは { $limit } です(保存容量の上限)。不要な曲を削除してから、もう一度アップロードしてください
error-storage-open = (ほかに進行中のアップロードが { $size })
error-uploads-limit = 開いているアップロードが { $count } 件あり、1 つのアカウントで同時に持てる上限です({ $max }、同時アップロード数の上限)。どれかを完了するか取り消す (DELETE) か、期限切れになるのを待ってから、これをもう一度始めてください
error-upload-not-stored = ファイルを保存できませんでした
error-upload-handoff = アップロードは届きましたが、確認に回せませんでした。しばらくしてから最後の部分をもう一度送ってください
error-tus-version = これは tus { $version } のエンドポイントです: ヘッダー Tus-Resumable: { $version } を送ってください
error-tus-metadata = Upload-Metadata は、キーと base64 の値の組をカンマで区切ったものにしてください
error-tus-target = Upload-Metadata にはアップロード先を指定してください: `target` は album/ID/tracks、artist/ID/singles、artist/ID/image、album/ID/image、track/ID/audio のいずれかの base64 です
error-tus-offset = Upload-Offset は { $sent } ですが、保存済みは { $stored } バイトです。{ $stored } から続けてください
error-tus-length-unknown = アップロードの長さは開始時にわかっている必要があります: Upload-Length を送ってください
error-tus-send-length = ファイルのサイズをバイト数で Upload-Length として送ってください
error-tus-send-offset = Upload-Offset を送ってください: バイト列が始まる位置です
error-tus-content-type = PATCH のバイト列は Content-Type: { $type } で送ってください
error-tus-not-bytes = { $header } はバイト数(例: 1048576)にしてください
error-tus-changed = その間に別のリクエストがこのアップロードを変更しました。位置を問い合わせて (HEAD)、そこから続けてください
error-tus-busy = 別のリクエストがこのアップロードのバイト列を保存中です。しばらくしてからもう一度お試しください
error-tus-finishing = このアップロードは完了していて保存中です。少しお待ちください
error-tus-too-many-pieces = このアップロードは分割数が多すぎます。最初からやり直してください
error-tus-too-much = このリクエストには、アップロードの残り { $left } バイトより多くのデータが含まれています。終わりを超えた分は保存されていません
error-override-once = アップロードへの POST では、代わりとなるメソッドを 1 回だけ指定してください: { $header }: PATCH または DELETE
error-override-which = { $header } は PATCH か DELETE にしかできません(再開可能なアップロード用)。ほかのメソッドはそのまま送ってください
error-override-where = { $header } は再開可能なアップロードへの POST ({ $path }/ID、PATCH または DELETE の代わり) でのみ有効です。メソッドそのものを送ってください
error-audio-kinds = MP3、AAC/M4A、Ogg Vorbis/Opus、FLAC、WAV のいずれかをアップロードしてください
error-looks-like = ({ $kind } のようです)
error-not-audio = このファイルは配信できる音声ではありません{ $seems }。{ $kinds }。
error-audio-channels = このファイルには音声チャンネルが { $channels } ありますが、このサイトでは { $max } までです(チャンネル数の上限)。ステレオで書き出して、もう一度アップロードしてください。
error-audio-rate = このファイルのサンプルレートは { $rate } ですが、このサイトでは { $max } までです(サンプルレートの上限)。48 kHz か 44.1 kHz で書き出して、もう一度アップロードしてください。
error-audio-length = このファイルには { $length } の音声がありますが、このサイトの曲は { $max } までです(長さの上限)。短い曲に分けてアップロードしてください。
error-audio-ratio = この { $format } ファイルはデコードすると { $length } の音声になり、サイズの { $ratio } 倍を超えます(サイトの上限)。実際の録音はそこまで圧縮されません。本物の音声なら、WAV かより高いビットレートで書き出して、もう一度アップロードしてください。
error-audio-empty = ファイルが空です (0 バイト)。曲を書き出し直してアップロードしてください。
error-read-back = アップロードを読み戻せませんでした。もう一度アップロードしてみてください。
error-tag-only = このファイルにはタグだけがあり、音声がありません。曲を書き出し直してアップロードしてください。
error-too-short = ファイルが短すぎて音声を含められません。曲を書き出し直してアップロードしてください。
error-id3-only = ファイルは ID3 タグで始まっていますが、そのあとに音声がありません。曲を書き出し直してアップロードしてください。
error-rf64 = これは 4 GB を超える WAV ファイル (RF64) で、ブラウザでは再生できません。{ $kinds }(4 GB 未満)。
error-adts = これはコンテナに入っていない AAC (ADTS) で、再生できないブラウザがあります。M4A ファイルに入れるか、{ $kinds }。
error-mpeg-layer = これは MPEG オーディオ レイヤー { $layer } (MP{ $layer }) で、再生できないブラウザがあります。{ $kinds }。
error-wav-order = この WAV ファイルは、フォーマットヘッダーより前に音声があります。書き出し直してアップロードしてください。
error-wav-cut-early = この WAV ファイルは音声が始まる前で切れています。書き出し直して、ファイル全体をアップロードしてください。
error-wav-no-audio = この WAV ファイルにはヘッダーがありますが、音声がありません。曲を書き出し直してアップロードしてください。
error-wav-header-damaged = この WAV ファイルのフォーマットヘッダーが壊れています。書き出し直してアップロードしてください。
error-wav-header-sum = この WAV ファイルのフォーマットヘッダーのつじつまが合いません(チャンネル数、サンプルレート、サンプルサイズ)。書き出し直してアップロードしてください。
error-wav-encoding = この WAV ファイルの中身は { $encoding } で、ブラウザでは再生できません。16 ビットか 24 ビットの PCM WAV で書き出すか、{ $kinds }。
error-ogg-cut = この Ogg ファイルは途中で切れています: 最後のページがないか不完全です。書き出し直して、ファイル全体をアップロードしてください。
error-alac = この M4A ファイルの中身は Apple Lossless (ALAC) で、ほとんどのブラウザでは再生できません。AAC か FLAC で書き出すか、{ $kinds }。
error-ogg-flac = この Ogg ファイルの中身は FLAC で、再生できないブラウザがあります。通常の FLAC ファイルを書き出すか、{ $kinds }。
error-mp4-no-audio = この MP4 ファイルには再生できる音声トラックがありません。{ $kinds }。
error-codec = この { $format } ファイルの音声は、ブラウザで再生できない形式です。{ $kinds }。
error-feature = この { $format } ファイルは再生できない機能を使っています ({ $feature })。{ $kinds }。
error-damaged = この { $format } ファイルは壊れているか不完全です ({ $why })。書き出し直して、ファイル全体をアップロードしてください。
error-frames = この { $format } ファイルは壊れています: { $packets } 個の音声フレームのうち { $errors } 個をデコードできません。書き出し直してアップロードしてください。
error-no-audio = この { $format } ファイルには音声がありません。曲を書き出し直してアップロードしてください。
error-header-no-audio = この { $format } ファイルにはヘッダーがありますが、音声がありません。曲を書き出し直してアップロードしてください。
error-no-rate = この { $format } ファイルにはサンプルレートが書かれていません。書き出し直してアップロードしてください。
error-cut-short = この { $format } ファイルは途中で切れています: ヘッダーでは { $promised } のはずが、{ $there } しかありません。書き出し直して、ファイル全体をアップロードしてください。
error-image-kinds = JPEG か PNG をアップロードしてください
error-not-image = このファイルは受け付けられる画像ではありません{ $seems }。{ $kinds }。
error-image-empty = 画像ファイルが空です (0 バイト)。保存し直してアップロードしてください。
error-image-read-back = 画像を読み戻せませんでした。もう一度アップロードしてみてください。
error-image-damaged = この { $format } 画像は壊れているか途中で切れています。保存し直して、ファイル全体をアップロードしてください。
error-image-too-large = この画像は大きすぎます: 1 辺 { $side } ピクセル、{ $megapixels } メガピクセルまでです。縮小してもう一度アップロードしてください。
error-image-feature = この { $format } は読み込めない機能を使っています。通常の JPEG か PNG で保存して、もう一度アップロードしてください。
error-image-reencode = 画像を再エンコードできませんでした。通常の JPEG か PNG で保存し直してアップロードしてください。
error-dev-name = ログインに使う名前を入力してください
error-signin-provider = { $reason } (エラーコード: { $code })。最初からやり直してください。何度も起きる場合は、このコードをお知らせください
error-signin-cancelled = ログインプロバイダーでログインが取り消されたか、許可されませんでした
error-signin-there-first = ログインプロバイダーで先にログインする必要があります
error-signin-not-now = ログインプロバイダーが今はログインさせられませんでした
error-signin-refused = ログインプロバイダーがログインさせませんでした
error-signin-expired = このログインはここで始められたものではないか、10 分以上かかりました。最初からやり直してください
error-signin-no-code = ログインプロバイダーからコードが返ってきませんでした。最初からやり直してください
error-signin-state = ログインが送り出したときのまま戻ってきませんでした ({ $why })。最初からやり直してください
error-signin-state-mismatch = state パラメーターが一致しません
error-signin-too-slow = ログインに時間がかかりすぎました
error-signin-unreachable = ログインプロバイダー { $issuer } に接続できないか、その自己記述が誤っています: { $detail }
error-signin-exchange = ログインプロバイダーがログインを拒否しました: { $detail }
error-signin-token = ログインプロバイダーの ID トークンが無効です: { $detail }
error-renditions-queued = この曲の配信用バージョンは作成されませんでした: 配信用バージョンを待っている曲がすでに { $count } 曲あり、このサイトが 1 人分として順番待ちにできる上限です。元のファイルが再生されます(サイトの次回のメディア一括処理で作成されます)。
error-renditions-stopped = この曲の配信用バージョンの作成は { $took } で中止されました: { $length } の曲にしては時間がかかりすぎました。元のファイルが再生されます。もう一度試すには、書き出し直して (WAV か FLAC) アップロードしてください。
error-renditions-its-length = この長さ

## The licenses' names, in the license pickers

license-by = 表示 4.0 国際
license-by-sa = 表示 - 継承 4.0 国際
license-by-nd = 表示 - 改変禁止 4.0 国際
license-by-nc = 表示 - 非営利 4.0 国際
license-by-nc-sa = 表示 - 非営利 - 継承 4.0 国際
license-by-nc-nd = 表示 - 非営利 - 改変禁止 4.0 国際
