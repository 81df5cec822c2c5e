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
