# Deutsch (German): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Zum Inhalt springen
site-create = { $site } Erstellen
create = Erstellen
account = Konto
view-site = Zur Website
sign-out = Abmelden
terms = Bedingungen

## Sign-in and terms

sign-in = Anmelden
signin-heading = Teile deine Musik auf { $site }
signin-lede = Melde dich an, um deine Alben und Singles hochzuladen. Deine Seiten sind online, sobald du speicherst: keine Likes, keine Kommentare, keine Follower – nur deine Musik.
dev-heading = Lokale Anmeldung (Entwicklungsmodus)
dev-hint-before = Dieser Dienst läuft mit
dev-hint-after = : Melde dich auf diesem Rechner als beliebige Person an, ohne Anbieter.
name = Name
email = E-Mail
sign-in-locally = Lokal anmelden
terms-heading = Bedingungen für Künstler
terms-agreed = Du hast diesen Bedingungen zugestimmt.
go-to-artists = Zu deinen Künstlern.
terms-agree = Ich besitze die Rechte an der Musik, die ich hochlade, und stimme diesen Bedingungen zu.
agree-continue = Zustimmen und weiter
sign-in-to-agree = Zum Zustimmen anmelden

## Your artists

your-artists = Deine Künstler
artists-you-manage = Künstler, die du verwaltest
edit = Bearbeiten
more-artists = Weitere Künstler
no-artist-yet = Du hast noch keine Künstlerseite. Lege unten eine an und füge ihr dann Alben und Singles hinzu.
new-artist = Neuer Künstler
bio = Biografie
bio-hint = (optional; Leerzeilen trennen Absätze)
create-artist = Künstler anlegen
where-signed-in = Wo du angemeldet bist
sessions-hint = Auf einem Computer oder Telefon angemeldet, das du nicht mehr nutzt oder verloren hast? Dies beendet alle deine Sitzungen, auch diese.
sign-out-everywhere = Überall abmelden

## What a change says once it is done

done-terms = Danke. Du kannst jetzt deine Künstlerseite anlegen.
done-artist-created = Deine Künstlerseite ist angelegt und online.
done-artist-saved = Gespeichert. Die Künstlerseite ist online.
done-artist-deleted = Der Künstler ist gelöscht, mit seinen Seiten und Dateien.
done-image-saved = Das neue Bild ist online.
done-album-created = Das Album ist angelegt und seine Seite online. Füge unten seine Titel hinzu.
done-album-saved = Gespeichert. Die Albumseite ist online.
done-album-deleted = Das Album ist gelöscht, mit seinen Titeln und Dateien.
done-tracks-added = Hochgeladen. Die Titel sind online.
done-singles-added = Hochgeladen. Die Singles sind online.
done-track-saved = Gespeichert. Der Titel ist online.
done-track-moved = Verschoben. Die neue Reihenfolge ist online.
done-track-deleted = Der Titel ist gelöscht.
done-featured = Der Titel ist auf der Künstlerseite hervorgehoben.
done-unfeatured = Der Titel ist nicht mehr hervorgehoben.
done-featured-order = Die neue Reihenfolge der hervorgehobenen Titel ist online.
done-pending = Gespeichert. Die Website zeigt es gleich.
done-pending-deleted = Gelöscht. Die Website zeigt es gleich.
see-the-page = Zur Seite

## Errors

error-kicker = Fehler { $status }
go-back = Zurück
go-to-start = Zum Anfang
error-heading = Das hat nicht geklappt
error-not-found-heading = Das gibt es hier nicht, oder es gehört dir nicht
error-unavailable-heading = Bitte versuche es gleich noch einmal
error-sign-in-first = bitte zuerst anmelden
error-internal = bei uns ist etwas schiefgegangen; nichts wurde geändert. Versuche es gleich noch einmal
error-name-letter = der Name braucht mindestens einen Buchstaben oder eine Ziffer
error-empty-file = die Datei ist leer (0 Byte); wähle die Datei noch einmal
error-not-found = { $thing } nicht gefunden
thing-artist = Künstler
thing-album = Album
thing-track = Titel
thing-upload = Upload
thing-page = Seite

## An artist's and an album's pages

artist = Künstler
album = Album
see-published-page = Veröffentlichte Seite ansehen
see-published-album = Veröffentlichte Albumseite ansehen
name-and-bio = Name und Biografie
image-of = Das Bild von { $name }
no-image-yet = Noch kein Bild
artist-image = Künstlerbild
artist-image-hint = Am besten ein quadratisches JPEG oder PNG; es wird in einem Kreis gezeigt.
paragraphs-hint = (Leerzeilen trennen Absätze)
save = Speichern
albums = Alben
no-albums = Noch keine Alben.
new-album = Neues Album
title = Titel
release-date = Erscheinungsdatum
description = Beschreibung
optional = (optional)
create-album = Album anlegen
singles = Singles
add-singles = Singles hinzufügen
add-singles-hint = Lege hier eine oder mehrere Audiodateien ab oder wähle sie aus: MP3, M4A (AAC), Ogg (Vorbis oder Opus), FLAC oder WAV. Jede wird eine Single, betitelt nach ihren Tags.
no-singles = Noch keine Singles.
featured-tracks = Ausgewählte Titel
featured-hint = Bis zu drei Titel aus deinen Alben oder Singles, zuerst auf deiner Seite gezeigt. Hebe einen Titel auf der Seite seines Albums oder bei den Singles oben hervor.
move-up = Nach oben
move-down = Nach unten
unfeature = Nicht mehr hervorheben
no-featured = Keine ausgewählten Titel.
delete-artist-heading = Diesen Künstler löschen
delete-artist-text = Löscht die Seite von { $name }, jedes Album, jeden Titel und jede Single und ihre Dateien.
delete-artist-what = diesen Künstler mit allen Alben, Titeln und Dateien
details = Details
cover-of = Das Cover von { $title }
no-cover-yet = Noch kein Cover
cover-image = Cover
cover-image-hint = Ein quadratisches JPEG oder PNG, mindestens 300 mal 300 Pixel.
tracks = Titel
add-tracks = Titel hinzufügen
add-tracks-hint = Lege hier das ganze Album ab oder wähle eine oder mehrere Audiodateien: MP3, M4A (AAC), Ogg (Vorbis oder Opus), FLAC oder WAV. Sie werden in der Reihenfolge der Titelnummern hinzugefügt, betitelt nach ihren Tags.
no-tracks = Noch keine Titel.
delete-album-heading = Dieses Album löschen
delete-album-text = Löscht die Albumseite, ihre Titel und deren Dateien.
delete-album-what = dieses Album mit seinen Titeln und Dateien
delete-confirm = Mir ist klar, dass dies { $what } endgültig löscht.
delete = Löschen
license = Lizenz
