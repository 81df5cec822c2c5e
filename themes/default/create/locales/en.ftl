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
