# English: the Create section's words, and what every other language falls
# back to. The site's own pages have theirs in ../../locales/.

## Every page

skip-to-content = Skip to content
site-create = { $site } Create
create = Create
account = Account
view-site = View the site
sign-out = Sign out
terms = Terms

## Sign-in and terms

sign-in = Sign in
signin-heading = Share your music on { $site }
signin-lede = Sign in to upload your albums and singles. Your pages go live as soon as you save: no likes, no comments, no follows — only your music.
dev-heading = Local sign-in (development mode)
# Around the command-line flag: "This service runs with --dev: …".
dev-hint-before = This service runs with
dev-hint-after = : sign in as anyone on this machine, no provider needed.
name = Name
email = Email
sign-in-locally = Sign in locally
terms-heading = Terms for artists
terms-agreed = You agreed to these terms.
go-to-artists = Go to your artists.
terms-agree = I hold the rights to the music I upload and I agree to these terms.
agree-continue = Agree and continue
sign-in-to-agree = Sign in to agree

## Your artists

your-artists = Your artists
artists-you-manage = Artists you manage
edit = Edit
more-artists = More artists
no-artist-yet = You have no artist page yet. Make one below, then add albums and singles to it.
new-artist = New artist
bio = Bio
bio-hint = (optional; blank lines separate paragraphs)
create-artist = Create artist
where-signed-in = Where you are signed in
sessions-hint = Signed in on a computer or phone you no longer use, or lost one? This ends every session of yours, here too.
sign-out-everywhere = Sign out everywhere

## What a change says once it is done

done-terms = Thank you. You can now make your artist page.
done-artist-created = Your artist page is made and live.
done-artist-saved = Saved. The artist page is live.
done-artist-deleted = The artist is deleted, with its pages and files.
done-image-saved = The new image is live.
done-album-created = The album is made and its page is live. Add its tracks below.
done-album-saved = Saved. The album page is live.
done-album-deleted = The album is deleted, with its tracks and files.
done-tracks-added = Uploaded. The tracks are live.
done-singles-added = Uploaded. The singles are live.
done-track-saved = Saved. The track is live.
done-track-moved = Moved. The new order is live.
done-track-deleted = The track is deleted.
done-featured = The track is featured on the artist page.
done-unfeatured = The track is no longer featured.
done-featured-order = The featured tracks' new order is live.
done-pending = Saved. The site shows it in a moment.
done-pending-deleted = Deleted. The site shows it in a moment.
see-the-page = See the page

## Errors

error-kicker = Error { $status }
go-back = Go back
go-to-start = Go to the start
error-heading = That did not work
error-not-found-heading = This is not here, or it is not yours
error-unavailable-heading = Please try again in a moment
error-sign-in-first = sign in first
error-internal = something went wrong on our side; nothing was changed. Try again in a moment
error-name-letter = the name needs at least one letter or digit
error-empty-file = the file is empty (0 bytes); choose the file again
error-not-found = { $thing } not found
thing-artist = artist
thing-album = album
thing-track = track
thing-upload = upload
thing-page = page

## An artist's and an album's pages

artist = Artist
album = Album
see-published-page = See the published page
see-published-album = See the published album page
name-and-bio = Name and bio
image-of = The image of { $name }
no-image-yet = No image yet
artist-image = Artist image
artist-image-hint = A square JPEG or PNG works best; it is shown in a circle.
paragraphs-hint = (blank lines separate paragraphs)
save = Save
albums = Albums
no-albums = No albums yet.
new-album = New album
title = Title
release-date = Release date
description = Description
optional = (optional)
create-album = Create album
singles = Singles
add-singles = Add singles
add-singles-hint = Drop one or more audio files here, or choose them: MP3, M4A (AAC), Ogg (Vorbis or Opus), FLAC or WAV. Each becomes a single, titled from its tags.
no-singles = No singles yet.
featured-tracks = Featured tracks
featured-hint = Up to three tracks, from your albums or singles, shown first on your page. Feature a track from its album's page or from the singles above.
move-up = Move up
move-down = Move down
unfeature = Unfeature
no-featured = No featured tracks.
delete-artist-heading = Delete this artist
delete-artist-text = Deletes { $name }'s page, every album, track and single, and their files.
delete-artist-what = this artist with all its albums, tracks and files
details = Details
cover-of = The cover of { $title }
no-cover-yet = No cover yet
cover-image = Cover image
cover-image-hint = A square JPEG or PNG, at least 300 by 300 pixels.
tracks = Tracks
add-tracks = Add tracks
add-tracks-hint = Drop the whole album here, or choose one or many audio files: MP3, M4A (AAC), Ogg (Vorbis or Opus), FLAC or WAV. They are added in track-number order, titled from their tags.
no-tracks = No tracks yet.
delete-album-heading = Delete this album
delete-album-text = Deletes the album's page, its tracks and their files.
delete-album-what = this album with its tracks and files
delete-confirm = I understand this deletes { $what }, for good.
delete = Delete
license = License
done-audio-replaced = The new audio is live; the track kept its page and place.

## Signing in did not work

signin-failed = Sign-in failed
sign-in-again = Sign in again
not-signed-out = Not signed out yet
back = Back

## The terms

terms-lede = { $site } hosts music by independent artists. Before you upload, please read and agree to these terms. They are short on purpose.
terms-yours-heading = Your music stays yours
terms-yours-text = You confirm that you wrote, performed or otherwise hold the rights to everything you upload — audio, artwork and text — or that you have the permission of everyone who does. Do not upload other people's work, samples you have not cleared, or anything unlawful.
terms-allow-heading = What you allow us to do
terms-allow-text = You give { $site } permission to store your uploads, to make copies needed to run the service (such as smaller versions of images and backups), and to publish and stream them to anyone who visits the site. This permission is free of charge and ends when you delete the upload, apart from backups that expire on their own.
terms-license-heading = You choose the license
terms-license-text = Each album and single is published under a Creative Commons 4.0 license you pick (Attribution-NonCommercial-NoDerivatives unless you choose another). That license tells listeners what they may do with your music beyond listening here. A license you have granted cannot be taken back for copies already made under it, so choose the one you are comfortable with.
terms-delete-heading = You can delete anytime
terms-delete-text = You can change or delete any track, album or artist page at any time. Deleted pages and files are removed from the site straight away.
terms-fair-heading = Fair use of the service
terms-fair-text = We may remove content that breaks these terms or the law, and we will tell you when we do. The service is provided as it is, without guarantees of availability.

## A track in a list, and the upload control

featured = Featured
feature = Feature
published-page = Published page
delete-track-confirm = Delete this track? Its page and file are removed.
replace-audio = Replace audio
new-audio-file = New audio file
new-audio-hint = A corrected master: MP3, M4A (AAC), Ogg (Vorbis or Opus), FLAC or WAV. The track keeps its page, links, title and place; the old file plays until the new one is live.
upload = Upload
uploads-in-progress = Uploads in progress
form-limit = Without JavaScript this form sends files of at most 4 MB (the upload service takes at most 6 MB a request); with JavaScript on, files of any size go up in pieces.

## What the page's script says while it works (it fills in { $name } and the like)

js-waiting = Waiting…
js-uploading = Uploading… { $percent }%
js-checking = Checking the file…
js-uploaded = Uploaded — live.
js-upload-failed = The upload failed: { $reason }
js-unknown-error = unknown error
js-network = the connection failed
js-connection-failing = The connection keeps failing; the upload stopped at { $percent }%. Try again later.
js-checking-late = Checking the file takes longer than it should; reload the page in a few minutes to see whether it arrived.
js-failed-one = The upload failed; see the message next to the file.
js-failed-all = No file could be uploaded; see the messages next to them.
js-uploading-file = Uploading { $name }…
js-uploading-files = Uploading { $count } files…
js-finished-one = Upload finished
js-finished-many = { $count } uploads finished
js-finished-some = { $done } of { $total } uploads finished
js-live = { $what } — live now.
js-publishing = { $what }. The page is being published…
js-request-failed = The request failed ({ $status }). Reload the page and try again.
js-send-failed = The change could not be sent. Check your connection and try again.
js-order-failed = The new order could not be saved. Reload the page to see the order that is saved.
js-drag = Drag to reorder

## Errors the service answers with, each the English sentence the code
## writes (`uploader/src/messages.rs` finds them by it). { $what } is a key
## a translation may choose its words by: name, title, text (names and
## titles), album, single, track-on-this-album (no room), artist, album
## (being deleted), the-album, the-artist (several uploads).

error-changed-meanwhile = it was changed meanwhile (in another tab or by another request); reload and try again
error-catalog-unreachable = the catalog is not reachable right now; nothing was changed. Try again in a moment
error-media-unreachable = the media store is not reachable right now; nothing was changed. Try again in a moment
error-images-busy = Too many large images are being prepared right now, so nothing was stored; try again in a few seconds
error-field-not-right = a field is not right: { $detail }
error-agree-terms-first = agree to the terms first (POST /api/v1/me/terms, or the Create section)
error-api-no-file = no file was sent: post it as a multipart form file field
error-send-one-file = send one file
error-send-json = send the fields as JSON (Content-Type: application/json)
error-json-too-large = the JSON body is too large
error-json-invalid = the body is not valid JSON: { $detail }
error-json-not-object = the body must be a JSON object of fields
error-upload-form-invalid = the upload is not a valid form: { $detail }
error-form-too-large = the form is too large
error-form-cut-off = the form was cut off ({ $detail }); send it again
error-csrf = the form's security token is missing or old; reload the page and try again
error-origin = this request did not come from this site's own pages (its Origin is missing or another site's)
error-terms-tick = tick the box to agree to the terms, then press the button
error-form-no-file = no file was sent: choose a file, then press Upload
error-confirm-delete = nothing was deleted: tick “I understand” to confirm, then press Delete
error-move-direction = say which way to move: direction=up or down
error-upload-cut-off = the upload was cut off: { $detail }
error-in-file = { $file }: { $error }.
error-in-file-one-kept = { $file }: { $error }. The file before it was added.
error-in-file-kept = { $file }: { $error }. The { $count } files before it were added.
error-cursor = the cursor is not one this service gave out; start from the first page (leave out cursor)
error-page-limit = limit must be a number of artists from 1 to { $max }
error-name-taken = that name is taken by another artist; pick another name
error-name-taken-exactly = the name "{ $name }" is taken by another artist; pick another name
error-name-looks-the-same = "{ $name }" looks the same as "{ $taken }", the name of another artist (letters from another alphabet, accents, case, wide letters and special spaces do not make a name different); pick another name
error-name-taken-or-changed = that name is taken by another artist, or the artist was changed meanwhile; reload and try again
error-empty = the { $what } is empty; give it one
error-too-long = the { $what } is too long: at most { $max } characters
error-not-a-date = the release date { $date } is not a date: use YYYY-MM-DD
error-license = the license must be one of { $licenses }
error-album-track-date = an album track takes its album's release date; change the album's
error-no-room = there is no room for another { $what }: at most { $max } are kept
error-track-list-busy = the track list is being updated; reload and try again
error-featured-max = at most { $max } tracks can be featured; stop featuring one first
error-featured-list = list every featured track once, in the order wanted
error-several-uploads = { $what } was changed by several uploads at once; try again
error-artists-limit = you have { $count } artists, the most one account may have ({ $max }, the artists limit); delete one you no longer need, or add albums and singles to one you have
error-changed-nothing-deleted = it was changed meanwhile (in another tab or by another request), so nothing was deleted; reload and try again
error-delete-unfinished = the delete has begun but could not finish now (the catalog is not reachable); delete it again in a moment to finish it (the service also finishes it when it restarts)
error-being-deleted = this { $what } is being deleted; reload in a moment (deleting it again finishes the delete)
error-delete-kept-changing = what is being deleted kept changing; delete it again to finish the delete
error-replace-kept-changing = the track kept changing while its audio was being replaced; nothing was changed, try again
error-audio-replaced-meanwhile = this track's audio was replaced meanwhile (in another tab or by another request); reload to hear it, and upload again if yours should replace it
error-empty-upload = the file is empty (0 bytes): choose the file again and upload it
error-file-too-large = the file is larger than the limit of { $limit }; make it smaller and upload it again
error-upload-cut-off-again = the upload was cut off ({ $detail }); send the file again
error-storage-full = this file ({ $size }) does not fit in your storage: you keep { $kept } of audio{ $open }, and one account may store { $limit } (the stored-bytes limit); delete tracks you no longer need, then upload it again
error-storage-open = and { $size } in uploads in progress
error-uploads-limit = you have { $count } uploads open, the most one account may have at once ({ $max }, the open-uploads limit); finish or cancel one (DELETE it), or wait until one expires, then start this one again
error-upload-not-stored = the file could not be stored
error-upload-handoff = the upload arrived but could not be handed on for checking; send the last piece again in a moment
error-tus-version = this is a tus { $version } endpoint: send the header Tus-Resumable: { $version }
error-tus-metadata = Upload-Metadata must be comma-separated pairs of a key and a base64 value
error-tus-target = Upload-Metadata must name the upload's target: `target` is base64 of album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image or track/ID/audio
error-tus-offset = Upload-Offset is { $sent } but { $stored } bytes are stored; continue from { $stored }
error-tus-length-unknown = an upload's length must be known when it starts: send Upload-Length
error-tus-send-length = send the file's size in bytes as Upload-Length
error-tus-send-offset = send Upload-Offset: the offset the bytes start at
error-tus-content-type = send the bytes of a PATCH as Content-Type: { $type }
error-tus-not-bytes = { $header } must be a number of bytes, such as 1048576
error-tus-changed = another request changed this upload meanwhile; ask for its offset (HEAD) and continue from there
error-tus-busy = another request is storing bytes of this upload; try again in a moment
error-tus-finishing = this upload is complete and being stored; wait a moment
error-tus-too-many-pieces = this upload was sent in too many pieces; start it again
error-tus-too-much = this request carries more than the { $left } bytes left of the upload; nothing past its end was stored
error-override-once = a POST to an upload must name the method it stands for, once: { $header }: PATCH or DELETE
error-override-which = { $header } may only be PATCH or DELETE (for a resumable upload); send other methods as they are
error-override-where = { $header } is honoured only on a POST to a resumable upload ({ $path }/ID, standing for PATCH or DELETE); send the method itself
error-audio-kinds = upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV
error-looks-like = (it looks like { $kind })
error-not-audio = This file is not audio we can stream{ $seems }; { $kinds }.
error-audio-channels = This file has { $channels } audio channels; this site takes at most { $max } (its channel limit). Export it in stereo and upload it again.
error-audio-rate = This file's sample rate is { $rate }; this site takes at most { $max } (its sample-rate limit). Export it at 48 kHz or 44.1 kHz and upload it again.
error-audio-length = This file holds { $length } of audio; this site takes tracks of at most { $max } (its length limit). Split it into shorter tracks and upload those.
error-audio-ratio = This { $format } file decodes to { $length } of audio, more than { $ratio } times its size (the site's limit): real recordings don't compress that far. If it is real audio, export it as WAV or at a higher bit rate and upload it again.
error-audio-empty = The file is empty (0 bytes); export the track again and upload it.
error-read-back = The upload could not be read back; try uploading it again.
error-tag-only = The file holds only a tag and no audio; export the track again and upload it.
error-too-short = The file is too short to hold any audio; export the track again and upload it.
error-id3-only = The file starts with an ID3 tag but no audio follows it; export the track again and upload it.
error-rf64 = This is a WAV file over 4 GB (RF64), which browsers don't play; { $kinds } under 4 GB.
error-adts = This is raw AAC (ADTS), which not every browser plays; put it in an M4A file, or { $kinds }.
error-mpeg-layer = This is MPEG audio layer { $layer } (MP{ $layer }), which browsers don't all play; { $kinds }.
error-wav-order = The WAV file has its audio before its format header; export it again and upload it.
error-wav-cut-early = The WAV file is cut short before its audio begins; export it again and upload the whole file.
error-wav-no-audio = The WAV file has a header but no audio; export the track again and upload it.
error-wav-header-damaged = The WAV file's format header is damaged; export it again and upload it.
error-wav-header-sum = The WAV file's format header doesn't add up (channels, sample rate or sample size); export it again and upload it.
error-wav-encoding = This WAV file holds { $encoding }, which browsers can't play; export it as 16- or 24-bit PCM WAV, or { $kinds }.
error-ogg-cut = The Ogg file is cut short: its last page is missing or incomplete; export it again and upload the whole file.
error-alac = This M4A file holds Apple Lossless (ALAC), which most browsers can't play; export it as AAC or FLAC, or { $kinds }.
error-ogg-flac = This Ogg file holds FLAC, which not every browser plays; export a plain FLAC file, or { $kinds }.
error-mp4-no-audio = This MP4 file has no audio track we can play; { $kinds }.
error-codec = This { $format } file holds audio in a format browsers can't play; { $kinds }.
error-feature = This { $format } file uses a feature we can't play ({ $feature }); { $kinds }.
error-damaged = The { $format } file is damaged or incomplete ({ $why }); export it again and upload the whole file.
error-frames = The { $format } file is damaged: { $errors } of its { $packets } audio frames don't decode; export it again and upload it.
error-no-audio = The { $format } file has no audio in it; export the track again and upload it.
error-header-no-audio = The { $format } file has a header but no audio; export the track again and upload it.
error-no-rate = The { $format } file doesn't say its sample rate; export it again and upload it.
error-cut-short = The { $format } file is cut short: its header promises { $promised } but only { $there } is there; export it again and upload the whole file.
error-image-kinds = upload a JPEG or PNG
error-not-image = This file is not an image we take{ $seems }; { $kinds }.
error-image-empty = The image file is empty (0 bytes); save it again and upload it.
error-image-read-back = The image could not be read back; try uploading it again.
error-image-damaged = The { $format } image is damaged or cut short; save it again and upload the whole file.
error-image-too-large = This image is too large: we take at most { $side } pixels on a side and { $megapixels } megapixels; resize it and upload it again.
error-image-feature = This { $format } uses a feature we can't read; save it as a plain JPEG or PNG and upload it again.
error-image-reencode = The image could not be re-encoded; save it again as a plain JPEG or PNG and upload it.
error-dev-name = give a name to sign in with
error-signin-provider = { $reason } (error code: { $code }). Start again; if it keeps happening, tell us the code
error-signin-cancelled = the sign-in was cancelled or not allowed at the sign-in provider
error-signin-there-first = the sign-in provider needs you to sign in there first
error-signin-not-now = the sign-in provider could not sign you in just now
error-signin-refused = the sign-in provider did not sign you in
error-signin-expired = this sign-in was not started here, or took longer than 10 minutes; start again
error-signin-no-code = the sign-in provider sent no code back; start again
error-signin-state = the sign-in did not come back as it went out ({ $why }); start again
error-signin-state-mismatch = the state parameter does not match
error-signin-too-slow = the sign-in took too long
error-signin-unreachable = the sign-in provider { $issuer } could not be reached or described itself wrongly: { $detail }
error-signin-exchange = the sign-in provider refused the sign-in: { $detail }
error-signin-token = the sign-in provider's ID token is not valid: { $detail }
error-renditions-queued = No streaming versions were made of this track: you already had { $count ->
        [one] { $count } track
       *[other] { $count } tracks
    } waiting for theirs, the most this site queues for one person. It plays its original file (the site's next full media run makes them).
error-renditions-stopped = Making streaming versions of this track was stopped after { $took }: it took far longer than a track of { $length } should. It plays its original file; to try again, export it once more (WAV or FLAC) and upload it.
error-renditions-its-length = its length

## The licenses' names, in the license pickers

license-by = Attribution 4.0 International
license-by-sa = Attribution-ShareAlike 4.0 International
license-by-nd = Attribution-NoDerivatives 4.0 International
license-by-nc = Attribution-NonCommercial 4.0 International
license-by-nc-sa = Attribution-NonCommercial-ShareAlike 4.0 International
license-by-nc-nd = Attribution-NonCommercial-NoDerivatives 4.0 International
