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
done-audio-replaced = Das neue Audio ist online; der Titel behält seine Seite und seinen Platz.

## Signing in did not work

signin-failed = Anmeldung fehlgeschlagen
sign-in-again = Erneut anmelden
not-signed-out = Noch nicht abgemeldet
back = Zurück

## The terms

terms-lede = { $site } beherbergt Musik unabhängiger Künstlerinnen und Künstler. Bitte lies diese Bedingungen und stimme ihnen zu, bevor du etwas hochlädst. Sie sind absichtlich kurz.
terms-yours-heading = Deine Musik bleibt deine
terms-yours-text = Du bestätigst, dass du alles, was du hochlädst (Audio, Bilder und Texte), geschrieben oder aufgeführt hast oder auf andere Weise die Rechte daran hältst, oder dass du die Erlaubnis aller hast, die sie halten. Lade keine Werke anderer, keine nicht geklärten Samples und nichts Rechtswidriges hoch.
terms-allow-heading = Was du uns erlaubst
terms-allow-text = Du erlaubst { $site }, deine Uploads zu speichern, die für den Betrieb nötigen Kopien anzulegen (etwa kleinere Versionen von Bildern und Sicherungen) und sie allen, die die Website besuchen, zu veröffentlichen und zu streamen. Diese Erlaubnis ist unentgeltlich und endet, wenn du den Upload löschst, abgesehen von Sicherungen, die von selbst ablaufen.
terms-license-heading = Du wählst die Lizenz
terms-license-text = Jedes Album und jede Single erscheint unter einer Creative-Commons-4.0-Lizenz deiner Wahl (Namensnennung - Nicht kommerziell - Keine Bearbeitungen, wenn du keine andere wählst). Diese Lizenz sagt Hörerinnen und Hörern, was sie mit deiner Musik über das Anhören hier hinaus tun dürfen. Eine erteilte Lizenz lässt sich für bereits darunter gemachte Kopien nicht zurücknehmen; wähle also eine, mit der du dich wohlfühlst.
terms-delete-heading = Du kannst jederzeit löschen
terms-delete-text = Du kannst jeden Titel, jedes Album und jede Künstlerseite jederzeit ändern oder löschen. Gelöschte Seiten und Dateien verschwinden sofort von der Website.
terms-fair-heading = Faire Nutzung des Dienstes
terms-fair-text = Wir können Inhalte entfernen, die gegen diese Bedingungen oder das Gesetz verstoßen, und sagen dir Bescheid, wenn wir das tun. Der Dienst wird so angeboten, wie er ist, ohne Gewähr für seine Verfügbarkeit.

## A track in a list, and the upload control

featured = Hervorgehoben
feature = Hervorheben
published-page = Veröffentlichte Seite
delete-track-confirm = Diesen Titel löschen? Seine Seite und seine Datei werden entfernt.
replace-audio = Audio ersetzen
new-audio-file = Neue Audiodatei
new-audio-hint = Ein korrigiertes Master: MP3, M4A (AAC), Ogg (Vorbis oder Opus), FLAC oder WAV. Der Titel behält seine Seite, Links, seinen Namen und Platz; die alte Datei spielt, bis die neue online ist.
upload = Hochladen
uploads-in-progress = Laufende Uploads
form-limit = Ohne JavaScript sendet dieses Formular Dateien bis 4 MB (der Upload-Dienst nimmt höchstens 6 MB pro Anfrage); mit JavaScript gehen Dateien jeder Größe in Teilen hoch.

## What the page's script says while it works

js-waiting = Wartet…
js-uploading = Lädt hoch… { $percent } %
js-checking = Datei wird geprüft…
js-uploaded = Hochgeladen und online.
js-upload-failed = Das Hochladen ist fehlgeschlagen: { $reason }
js-unknown-error = unbekannter Fehler
js-network = die Verbindung ist fehlgeschlagen
js-connection-failing = Die Verbindung bricht immer wieder ab; das Hochladen hat bei { $percent } % angehalten. Versuche es später noch einmal.
js-checking-late = Das Prüfen der Datei dauert länger als es sollte; lade die Seite in ein paar Minuten neu, um zu sehen, ob sie angekommen ist.
js-failed-one = Das Hochladen ist fehlgeschlagen; siehe die Meldung neben der Datei.
js-failed-all = Keine Datei konnte hochgeladen werden; siehe die Meldungen daneben.
js-uploading-file = { $name } wird hochgeladen…
js-uploading-files = { $count } Dateien werden hochgeladen…
js-finished-one = Hochladen abgeschlossen
js-finished-many = { $count } Uploads abgeschlossen
js-finished-some = { $done } von { $total } Uploads abgeschlossen
js-live = { $what }: jetzt online.
js-publishing = { $what }. Die Seite wird veröffentlicht…
js-request-failed = Die Anfrage ist fehlgeschlagen ({ $status }). Lade die Seite neu und versuche es noch einmal.
js-send-failed = Die Änderung konnte nicht gesendet werden. Prüfe deine Verbindung und versuche es noch einmal.
js-order-failed = Die neue Reihenfolge konnte nicht gespeichert werden. Lade die Seite neu, um die gespeicherte Reihenfolge zu sehen.
js-drag = Zum Umsortieren ziehen

## Errors the service answers with

error-changed-meanwhile = es wurde inzwischen geändert (in einem anderen Tab oder durch eine andere Anfrage); lade neu und versuche es noch einmal
error-catalog-unreachable = der Katalog ist gerade nicht erreichbar; nichts wurde geändert. Versuche es gleich noch einmal
error-media-unreachable = der Dateispeicher ist gerade nicht erreichbar; nichts wurde geändert. Versuche es gleich noch einmal
error-images-busy = Gerade werden zu viele große Bilder vorbereitet, daher wurde nichts gespeichert; versuche es in ein paar Sekunden noch einmal
error-field-not-right = ein Feld stimmt nicht: { $detail }
error-agree-terms-first = stimme zuerst den Bedingungen zu (POST /api/v1/me/terms, oder im Bereich Erstellen)
error-api-no-file = es wurde keine Datei gesendet: sende sie als Dateifeld eines Multipart-Formulars
error-send-one-file = sende eine einzige Datei
error-send-json = sende die Felder als JSON (Content-Type: application/json)
error-json-too-large = der JSON-Inhalt ist zu groß
error-json-invalid = der Inhalt ist kein gültiges JSON: { $detail }
error-json-not-object = der Inhalt muss ein JSON-Objekt aus Feldern sein
error-upload-form-invalid = der Upload ist kein gültiges Formular: { $detail }
error-form-too-large = das Formular ist zu groß
error-form-cut-off = das Formular kam unvollständig an ({ $detail }); sende es noch einmal
error-csrf = das Sicherheitstoken des Formulars fehlt oder ist veraltet; lade die Seite neu und versuche es noch einmal
error-origin = diese Anfrage kam nicht von den Seiten dieser Website (ihr Origin fehlt oder gehört zu einer anderen Website)
error-terms-tick = setze das Häkchen, um den Bedingungen zuzustimmen, und klicke dann auf die Schaltfläche
error-form-no-file = es wurde keine Datei gesendet: wähle eine Datei und klicke dann auf Hochladen
error-confirm-delete = nichts wurde gelöscht: setze zur Bestätigung das Häkchen bei „Mir ist klar“ und klicke dann auf Löschen
error-move-direction = gib an, wohin verschoben werden soll: direction=up oder down
error-upload-cut-off = der Upload kam unvollständig an: { $detail }
error-in-file = { $file }: { $error }.
error-in-file-one-kept = { $file }: { $error }. Die Datei davor wurde hinzugefügt.
error-in-file-kept = { $file }: { $error }. Die { $count } Dateien davor wurden hinzugefügt.
error-cursor = dieser Cursor stammt nicht von diesem Dienst; beginne bei der ersten Seite (ohne cursor)
error-page-limit = limit muss eine Anzahl von Künstlern von 1 bis { $max } sein
error-name-taken = dieser Name gehört schon einem anderen Künstler; wähle einen anderen Namen
error-name-taken-exactly = der Name „{ $name }“ gehört schon einem anderen Künstler; wähle einen anderen Namen
error-name-looks-the-same = „{ $name }“ sieht genauso aus wie „{ $taken }“, der Name eines anderen Künstlers (Buchstaben aus einem anderen Alphabet, Akzente, Groß- und Kleinschreibung, breite Zeichen und besondere Leerzeichen machen einen Namen nicht verschieden); wähle einen anderen Namen
error-name-taken-or-changed = dieser Name gehört schon einem anderen Künstler, oder der Künstler wurde inzwischen geändert; lade neu und versuche es noch einmal
error-empty = { $what ->
    [name] der Name ist leer; gib einen ein
   *[other] der Titel ist leer; gib einen ein
}
error-too-long = { $what ->
    [name] der Name ist zu lang: höchstens { $max } Zeichen
    [text] der Text ist zu lang: höchstens { $max } Zeichen
   *[other] der Titel ist zu lang: höchstens { $max } Zeichen
}
error-not-a-date = das Erscheinungsdatum { $date } ist kein Datum: verwende JJJJ-MM-TT
error-license = die Lizenz muss eine dieser sein: { $licenses }
error-album-track-date = ein Albumtitel übernimmt das Erscheinungsdatum seines Albums; ändere das des Albums
error-no-room = { $what ->
    [album] für ein weiteres Album ist kein Platz: höchstens { $max } werden gehalten
    [single] für eine weitere Single ist kein Platz: höchstens { $max } werden gehalten
   *[other] für einen weiteren Titel auf diesem Album ist kein Platz: höchstens { $max } werden gehalten
}
error-track-list-busy = die Titelliste wird gerade aktualisiert; lade neu und versuche es noch einmal
error-featured-max = höchstens { $max } Titel können hervorgehoben werden; nimm zuerst bei einem die Hervorhebung zurück
error-featured-list = nenne jeden hervorgehobenen Titel einmal, in der gewünschten Reihenfolge
error-several-uploads = { $what ->
    [the-artist] der Künstler wurde von mehreren Uploads gleichzeitig geändert; versuche es noch einmal
   *[other] das Album wurde von mehreren Uploads gleichzeitig geändert; versuche es noch einmal
}
error-artists-limit = du hast { $count } Künstler, die meisten, die ein Konto haben kann ({ $max }, das Künstlerlimit); lösche einen, den du nicht mehr brauchst, oder füge einem vorhandenen Alben und Singles hinzu
error-changed-nothing-deleted = es wurde inzwischen geändert (in einem anderen Tab oder durch eine andere Anfrage), daher wurde nichts gelöscht; lade neu und versuche es noch einmal
error-delete-unfinished = das Löschen hat begonnen, konnte aber jetzt nicht abgeschlossen werden (der Katalog ist nicht erreichbar); lösche es gleich noch einmal, um es abzuschließen (der Dienst schließt es auch bei seinem Neustart ab)
error-being-deleted = { $what ->
    [artist] dieser Künstler wird gerade gelöscht; lade gleich neu (erneutes Löschen schließt das Löschen ab)
   *[other] dieses Album wird gerade gelöscht; lade gleich neu (erneutes Löschen schließt das Löschen ab)
}
error-delete-kept-changing = was gelöscht wird, hat sich ständig geändert; lösche es noch einmal, um das Löschen abzuschließen
error-replace-kept-changing = der Titel hat sich ständig geändert, während sein Audio ersetzt wurde; nichts wurde geändert, versuche es noch einmal
error-audio-replaced-meanwhile = das Audio dieses Titels wurde inzwischen ersetzt (in einem anderen Tab oder durch eine andere Anfrage); lade neu, um es zu hören, und lade deines noch einmal hoch, wenn es es ersetzen soll
error-empty-upload = die Datei ist leer (0 Byte): wähle die Datei noch einmal und lade sie hoch
error-file-too-large = die Datei ist größer als das Limit von { $limit }; mach sie kleiner und lade sie noch einmal hoch
error-upload-cut-off-again = der Upload kam unvollständig an ({ $detail }); sende die Datei noch einmal
error-storage-full = diese Datei ({ $size }) passt nicht in deinen Speicher: du hast { $kept } Audio{ $open }, und ein Konto darf { $limit } speichern (das Speicherlimit); lösche Titel, die du nicht mehr brauchst, und lade sie dann noch einmal hoch
error-storage-open = und { $size } in laufenden Uploads
error-uploads-limit = du hast { $count } offene Uploads, die meisten, die ein Konto gleichzeitig haben kann ({ $max }, das Limit offener Uploads); schließe einen ab oder brich ihn ab (DELETE), oder warte, bis einer abläuft, und starte diesen dann neu
error-upload-not-stored = die Datei konnte nicht gespeichert werden
error-upload-handoff = der Upload ist angekommen, konnte aber nicht zur Prüfung weitergegeben werden; sende das letzte Stück gleich noch einmal
error-tus-version = dies ist ein tus-{ $version }-Endpunkt: sende den Header Tus-Resumable: { $version }
error-tus-metadata = Upload-Metadata müssen durch Kommas getrennte Paare aus einem Schlüssel und einem Base64-Wert sein
error-tus-target = Upload-Metadata muss das Ziel des Uploads nennen: `target` ist Base64 von album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image oder track/ID/audio
error-tus-offset = Upload-Offset ist { $sent }, aber { $stored } Byte sind gespeichert; mach bei { $stored } weiter
error-tus-length-unknown = die Länge eines Uploads muss zu Beginn bekannt sein: sende Upload-Length
error-tus-send-length = sende die Größe der Datei in Byte als Upload-Length
error-tus-send-offset = sende Upload-Offset: die Stelle, an der die Bytes beginnen
error-tus-content-type = sende die Bytes eines PATCH als Content-Type: { $type }
error-tus-not-bytes = { $header } muss eine Anzahl von Bytes sein, etwa 1048576
error-tus-changed = eine andere Anfrage hat diesen Upload inzwischen geändert; frage seine Position ab (HEAD) und mach dort weiter
error-tus-busy = eine andere Anfrage speichert gerade Bytes dieses Uploads; versuche es gleich noch einmal
error-tus-finishing = dieser Upload ist vollständig und wird gespeichert; warte einen Moment
error-tus-too-many-pieces = dieser Upload wurde in zu vielen Teilen gesendet; starte ihn neu
error-tus-too-much = diese Anfrage enthält mehr als die { $left } Byte, die vom Upload noch fehlen; nichts über sein Ende hinaus wurde gespeichert
error-override-once = ein POST an einen Upload muss die Methode, für die er steht, einmal nennen: { $header }: PATCH oder DELETE
error-override-which = { $header } darf nur PATCH oder DELETE sein (für einen fortsetzbaren Upload); sende andere Methoden so, wie sie sind
error-override-where = { $header } gilt nur bei einem POST an einen fortsetzbaren Upload ({ $path }/ID, anstelle von PATCH oder DELETE); sende die Methode selbst
error-audio-kinds = lade MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC oder WAV hoch
error-looks-like = (es sieht aus wie { $kind })
error-not-audio = Diese Datei ist kein Audio, das wir streamen können{ $seems }; { $kinds }.
error-audio-channels = Diese Datei hat { $channels } Audiokanäle; diese Website nimmt höchstens { $max } (ihr Kanallimit). Exportiere sie in Stereo und lade sie noch einmal hoch.
error-audio-rate = Die Abtastrate dieser Datei ist { $rate }; diese Website nimmt höchstens { $max } (ihr Abtastraten-Limit). Exportiere sie mit 48 kHz oder 44,1 kHz und lade sie noch einmal hoch.
error-audio-length = Diese Datei enthält { $length } Audio; diese Website nimmt Titel von höchstens { $max } (ihr Längenlimit). Teile sie in kürzere Titel und lade diese hoch.
error-audio-ratio = Diese { $format }-Datei ergibt dekodiert { $length } Audio, mehr als das { $ratio }-Fache ihrer Größe (das Limit der Website): echte Aufnahmen lassen sich nicht so stark komprimieren. Wenn es echtes Audio ist, exportiere es als WAV oder mit höherer Bitrate und lade es noch einmal hoch.
error-audio-empty = Die Datei ist leer (0 Byte); exportiere den Titel noch einmal und lade ihn hoch.
error-read-back = Der Upload konnte nicht zurückgelesen werden; versuche, ihn noch einmal hochzuladen.
error-tag-only = Die Datei enthält nur ein Tag und kein Audio; exportiere den Titel noch einmal und lade ihn hoch.
error-too-short = Die Datei ist zu kurz, um Audio zu enthalten; exportiere den Titel noch einmal und lade ihn hoch.
error-id3-only = Die Datei beginnt mit einem ID3-Tag, aber danach folgt kein Audio; exportiere den Titel noch einmal und lade ihn hoch.
error-rf64 = Das ist eine WAV-Datei über 4 GB (RF64), die Browser nicht abspielen; { $kinds } unter 4 GB.
error-adts = Das ist rohes AAC (ADTS), das nicht jeder Browser abspielt; pack es in eine M4A-Datei, oder { $kinds }.
error-mpeg-layer = Das ist MPEG-Audio Layer { $layer } (MP{ $layer }), das nicht alle Browser abspielen; { $kinds }.
error-wav-order = Die WAV-Datei hat ihr Audio vor ihrem Format-Header; exportiere sie noch einmal und lade sie hoch.
error-wav-cut-early = Die WAV-Datei bricht ab, bevor ihr Audio beginnt; exportiere sie noch einmal und lade die ganze Datei hoch.
error-wav-no-audio = Die WAV-Datei hat einen Header, aber kein Audio; exportiere den Titel noch einmal und lade ihn hoch.
error-wav-header-damaged = Der Format-Header der WAV-Datei ist beschädigt; exportiere sie noch einmal und lade sie hoch.
error-wav-header-sum = Der Format-Header der WAV-Datei geht nicht auf (Kanäle, Abtastrate oder Samplegröße); exportiere sie noch einmal und lade sie hoch.
error-wav-encoding = Diese WAV-Datei enthält { $encoding }, das Browser nicht abspielen können; exportiere sie als 16- oder 24-Bit-PCM-WAV, oder { $kinds }.
error-ogg-cut = Die Ogg-Datei bricht ab: ihre letzte Seite fehlt oder ist unvollständig; exportiere sie noch einmal und lade die ganze Datei hoch.
error-alac = Diese M4A-Datei enthält Apple Lossless (ALAC), das die meisten Browser nicht abspielen können; exportiere sie als AAC oder FLAC, oder { $kinds }.
error-ogg-flac = Diese Ogg-Datei enthält FLAC, das nicht jeder Browser abspielt; exportiere eine einfache FLAC-Datei, oder { $kinds }.
error-mp4-no-audio = Diese MP4-Datei hat keine Audiospur, die wir abspielen können; { $kinds }.
error-codec = Diese { $format }-Datei enthält Audio in einem Format, das Browser nicht abspielen können; { $kinds }.
error-feature = Diese { $format }-Datei nutzt eine Funktion, die wir nicht abspielen können ({ $feature }); { $kinds }.
error-damaged = Die { $format }-Datei ist beschädigt oder unvollständig ({ $why }); exportiere sie noch einmal und lade die ganze Datei hoch.
error-frames = Die { $format }-Datei ist beschädigt: { $errors } ihrer { $packets } Audioframes lassen sich nicht dekodieren; exportiere sie noch einmal und lade sie hoch.
error-no-audio = Die { $format }-Datei enthält kein Audio; exportiere den Titel noch einmal und lade ihn hoch.
error-header-no-audio = Die { $format }-Datei hat einen Header, aber kein Audio; exportiere den Titel noch einmal und lade ihn hoch.
error-no-rate = Die { $format }-Datei nennt ihre Abtastrate nicht; exportiere sie noch einmal und lade sie hoch.
error-cut-short = Die { $format }-Datei bricht ab: ihr Header verspricht { $promised }, aber nur { $there } ist da; exportiere sie noch einmal und lade die ganze Datei hoch.
error-image-kinds = lade ein JPEG oder PNG hoch
error-not-image = Diese Datei ist kein Bild, das wir annehmen{ $seems }; { $kinds }.
error-image-empty = Die Bilddatei ist leer (0 Byte); speichere sie noch einmal und lade sie hoch.
error-image-read-back = Das Bild konnte nicht zurückgelesen werden; versuche, es noch einmal hochzuladen.
error-image-damaged = Das { $format }-Bild ist beschädigt oder abgeschnitten; speichere es noch einmal und lade die ganze Datei hoch.
error-image-too-large = Dieses Bild ist zu groß: wir nehmen höchstens { $side } Pixel pro Seite und { $megapixels } Megapixel; verkleinere es und lade es noch einmal hoch.
error-image-feature = Dieses { $format } nutzt eine Funktion, die wir nicht lesen können; speichere es als einfaches JPEG oder PNG und lade es noch einmal hoch.
error-image-reencode = Das Bild konnte nicht neu kodiert werden; speichere es noch einmal als einfaches JPEG oder PNG und lade es hoch.
error-dev-name = gib einen Namen für die Anmeldung ein
error-signin-provider = { $reason } (Fehlercode: { $code }). Fang noch einmal an; wenn es immer wieder passiert, nenne uns den Code
error-signin-cancelled = die Anmeldung wurde beim Anmeldedienst abgebrochen oder nicht erlaubt
error-signin-there-first = der Anmeldedienst verlangt, dass du dich zuerst dort anmeldest
error-signin-not-now = der Anmeldedienst konnte dich gerade nicht anmelden
error-signin-refused = der Anmeldedienst hat dich nicht angemeldet
error-signin-expired = diese Anmeldung wurde nicht hier begonnen oder hat länger als 10 Minuten gedauert; fang noch einmal an
error-signin-no-code = der Anmeldedienst hat keinen Code zurückgeschickt; fang noch einmal an
error-signin-state = die Anmeldung kam nicht so zurück, wie sie losging ({ $why }); fang noch einmal an
error-signin-state-mismatch = der Parameter state stimmt nicht überein
error-signin-too-slow = die Anmeldung hat zu lange gedauert
error-signin-unreachable = der Anmeldedienst { $issuer } war nicht erreichbar oder hat sich falsch beschrieben: { $detail }
error-signin-exchange = der Anmeldedienst hat die Anmeldung abgelehnt: { $detail }
error-signin-token = das ID-Token des Anmeldedienstes ist nicht gültig: { $detail }
error-renditions-queued = Für diesen Titel wurden keine Streaming-Versionen erstellt: du hattest schon Titel, die auf ihre warten ({ $count }), die meisten, die diese Website für eine Person einreiht. Er spielt seine Originaldatei (der nächste vollständige Medienlauf der Website erstellt sie).
error-renditions-stopped = Das Erstellen der Streaming-Versionen dieses Titels wurde nach { $took } abgebrochen: es dauerte viel länger, als es bei einem Titel von { $length } sollte. Er spielt seine Originaldatei; um es noch einmal zu versuchen, exportiere ihn erneut (WAV oder FLAC) und lade ihn hoch.
error-renditions-its-length = dieser Länge

## The licenses' names, in the license pickers

license-by = Namensnennung 4.0 International
license-by-sa = Namensnennung - Weitergabe unter gleichen Bedingungen 4.0 International
license-by-nd = Namensnennung - Keine Bearbeitungen 4.0 International
license-by-nc = Namensnennung - Nicht kommerziell 4.0 International
license-by-nc-sa = Namensnennung - Nicht kommerziell - Weitergabe unter gleichen Bedingungen 4.0 International
license-by-nc-nd = Namensnennung - Nicht kommerziell - Keine Bearbeitungen 4.0 International
