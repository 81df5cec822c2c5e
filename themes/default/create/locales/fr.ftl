# Français (French): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Aller au contenu
site-create = { $site } Créer
create = Créer
account = Compte
view-site = Voir le site
sign-out = Se déconnecter
terms = Conditions

## Sign-in and terms

sign-in = Se connecter
signin-heading = Partagez votre musique sur { $site }
signin-lede = Connectez-vous pour mettre en ligne vos albums et vos singles. Vos pages sont publiées dès que vous enregistrez : pas de « j’aime », pas de commentaires, pas d’abonnés — seulement votre musique.
dev-heading = Connexion locale (mode développement)
dev-hint-before = Ce service tourne avec
dev-hint-after = : connectez-vous sous n’importe quel nom sur cette machine, sans fournisseur.
name = Nom
email = E-mail
sign-in-locally = Se connecter localement
terms-heading = Conditions pour les artistes
terms-agreed = Vous avez accepté ces conditions.
go-to-artists = Aller à vos artistes.
terms-agree = Je détiens les droits de la musique que je mets en ligne et j’accepte ces conditions.
agree-continue = Accepter et continuer
sign-in-to-agree = Connectez-vous pour accepter

## Your artists

your-artists = Vos artistes
artists-you-manage = Les artistes que vous gérez
edit = Modifier
more-artists = Plus d’artistes
no-artist-yet = Vous n’avez pas encore de page d’artiste. Créez-en une ci-dessous, puis ajoutez-y des albums et des singles.
new-artist = Nouvel artiste
bio = Biographie
bio-hint = (facultatif ; une ligne vide sépare les paragraphes)
create-artist = Créer l’artiste
where-signed-in = Où vous êtes connecté
sessions-hint = Connecté sur un ordinateur ou un téléphone que vous n’utilisez plus, ou perdu ? Ceci ferme toutes vos sessions, ici aussi.
sign-out-everywhere = Se déconnecter partout

## What a change says once it is done

done-terms = Merci. Vous pouvez maintenant créer votre page d’artiste.
done-artist-created = Votre page d’artiste est créée et en ligne.
done-artist-saved = Enregistré. La page de l’artiste est en ligne.
done-artist-deleted = L’artiste est supprimé, avec ses pages et ses fichiers.
done-image-saved = La nouvelle image est en ligne.
done-album-created = L’album est créé et sa page est en ligne. Ajoutez ses morceaux ci-dessous.
done-album-saved = Enregistré. La page de l’album est en ligne.
done-album-deleted = L’album est supprimé, avec ses morceaux et ses fichiers.
done-tracks-added = Mis en ligne. Les morceaux sont publiés.
done-singles-added = Mis en ligne. Les singles sont publiés.
done-track-saved = Enregistré. Le morceau est en ligne.
done-track-moved = Déplacé. Le nouvel ordre est en ligne.
done-track-deleted = Le morceau est supprimé.
done-featured = Le morceau est mis à la une sur la page de l’artiste.
done-unfeatured = Le morceau n’est plus à la une.
done-featured-order = Le nouvel ordre des morceaux à la une est en ligne.
done-pending = Enregistré. Le site l’affichera dans un instant.
done-pending-deleted = Supprimé. Le site l’affichera dans un instant.
see-the-page = Voir la page

## Errors

error-kicker = Erreur { $status }
go-back = Retour
go-to-start = Aller au début
error-heading = Cela n’a pas marché
error-not-found-heading = Ce n’est pas ici, ou ce n’est pas à vous
error-unavailable-heading = Réessayez dans un instant
error-sign-in-first = connectez-vous d’abord
error-internal = un problème est survenu de notre côté ; rien n’a été modifié. Réessayez dans un instant
error-name-letter = le nom doit contenir au moins une lettre ou un chiffre
error-empty-file = le fichier est vide (0 octet) ; choisissez à nouveau le fichier
error-not-found = { $thing } introuvable
thing-artist = artiste
thing-album = album
thing-track = morceau
thing-upload = envoi
thing-page = page

## An artist's and an album's pages

artist = Artiste
album = Album
see-published-page = Voir la page publiée
see-published-album = Voir la page publiée de l’album
name-and-bio = Nom et biographie
image-of = L’image de { $name }
no-image-yet = Pas encore d’image
artist-image = Image de l’artiste
artist-image-hint = Un JPEG ou un PNG carré convient le mieux ; il est affiché dans un cercle.
paragraphs-hint = (une ligne vide sépare les paragraphes)
save = Enregistrer
albums = Albums
no-albums = Pas encore d’albums.
new-album = Nouvel album
title = Titre
release-date = Date de sortie
description = Description
optional = (facultatif)
create-album = Créer l’album
singles = Singles
add-singles = Ajouter des singles
add-singles-hint = Déposez ici un ou plusieurs fichiers audio, ou choisissez-les : MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. Chacun devient un single, titré d’après ses métadonnées.
no-singles = Pas encore de singles.
featured-tracks = Morceaux à la une
featured-hint = Jusqu’à trois morceaux de vos albums ou singles, montrés en premier sur votre page. Mettez un morceau à la une depuis la page de son album ou depuis les singles ci-dessus.
move-up = Monter
move-down = Descendre
unfeature = Retirer de la une
no-featured = Aucun morceau à la une.
delete-artist-heading = Supprimer cet artiste
delete-artist-text = Supprime la page de { $name }, chaque album, morceau et single, et leurs fichiers.
delete-artist-what = cet artiste avec tous ses albums, morceaux et fichiers
details = Détails
cover-of = La pochette de { $title }
no-cover-yet = Pas encore de pochette
cover-image = Pochette
cover-image-hint = Un JPEG ou un PNG carré, d’au moins 300 sur 300 pixels.
tracks = Morceaux
add-tracks = Ajouter des morceaux
add-tracks-hint = Déposez ici l’album entier, ou choisissez un ou plusieurs fichiers audio : MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. Ils sont ajoutés dans l’ordre des numéros de piste, titrés d’après leurs métadonnées.
no-tracks = Pas encore de morceaux.
delete-album-heading = Supprimer cet album
delete-album-text = Supprime la page de l’album, ses morceaux et leurs fichiers.
delete-album-what = cet album avec ses morceaux et fichiers
delete-confirm = Je comprends que cela supprime { $what }, définitivement.
delete = Supprimer
license = Licence
done-audio-replaced = Le nouvel audio est en ligne ; le morceau garde sa page et sa place.

## Signing in did not work

signin-failed = La connexion a échoué
sign-in-again = Se reconnecter
not-signed-out = Pas encore déconnecté
back = Retour

## The terms

terms-lede = { $site } héberge la musique d’artistes indépendants. Avant d’envoyer quoi que ce soit, lisez et acceptez ces conditions. Elles sont courtes exprès.
terms-yours-heading = Votre musique reste la vôtre
terms-yours-text = Vous confirmez avoir écrit, interprété ou détenir d’une autre manière les droits sur tout ce que vous envoyez (audio, visuels et textes), ou avoir l’accord de toutes les personnes qui les détiennent. N’envoyez pas l’œuvre d’autrui, des samples non autorisés, ni rien d’illégal.
terms-allow-heading = Ce que vous nous autorisez à faire
terms-allow-text = Vous autorisez { $site } à conserver vos envois, à en faire les copies nécessaires au service (comme des versions réduites des images et des sauvegardes), et à les publier et les diffuser en streaming à toute personne qui visite le site. Cette autorisation est gratuite et prend fin quand vous supprimez l’envoi, hormis les sauvegardes qui expirent d’elles-mêmes.
terms-license-heading = Vous choisissez la licence
terms-license-text = Chaque album et chaque single est publié sous la licence Creative Commons 4.0 de votre choix (Attribution - Pas d’utilisation commerciale - Pas de modification, sauf si vous en choisissez une autre). Cette licence indique au public ce qu’il peut faire de votre musique au-delà de l’écouter ici. Une licence accordée ne peut pas être retirée pour les copies déjà faites sous celle-ci : choisissez-en une qui vous convient.
terms-delete-heading = Vous pouvez supprimer à tout moment
terms-delete-text = Vous pouvez modifier ou supprimer n’importe quel morceau, album ou page d’artiste à tout moment. Les pages et fichiers supprimés disparaissent du site aussitôt.
terms-fair-heading = Usage loyal du service
terms-fair-text = Nous pouvons retirer un contenu qui enfreint ces conditions ou la loi, et nous vous le dirons. Le service est fourni tel quel, sans garantie de disponibilité.

## A track in a list, and the upload control

featured = Mis en avant
feature = Mettre en avant
published-page = Page publiée
delete-track-confirm = Supprimer ce morceau ? Sa page et son fichier sont retirés.
replace-audio = Remplacer l’audio
new-audio-file = Nouveau fichier audio
new-audio-hint = Un master corrigé : MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. Le morceau garde sa page, ses liens, son titre et sa place ; l’ancien fichier est joué jusqu’à ce que le nouveau soit en ligne.
upload = Envoyer
uploads-in-progress = Envois en cours
form-limit = Sans JavaScript, ce formulaire envoie des fichiers de 4 Mo au plus (le service d’envoi accepte au plus 6 Mo par requête) ; avec JavaScript, les fichiers de toute taille partent en plusieurs morceaux.

## What the page's script says while it works

js-waiting = En attente…
js-uploading = Envoi… { $percent } %
js-checking = Vérification du fichier…
js-uploaded = Envoyé et en ligne.
js-upload-failed = L’envoi a échoué : { $reason }
js-unknown-error = erreur inconnue
js-network = la connexion a échoué
js-connection-failing = La connexion échoue encore ; l’envoi s’est arrêté à { $percent } %. Réessayez plus tard.
js-checking-late = La vérification du fichier prend plus de temps que prévu ; rechargez la page dans quelques minutes pour voir s’il est arrivé.
js-failed-one = L’envoi a échoué ; voyez le message à côté du fichier.
js-failed-all = Aucun fichier n’a pu être envoyé ; voyez les messages à côté de chacun.
js-uploading-file = Envoi de { $name }…
js-uploading-files = Envoi de { $count } fichiers…
js-finished-one = Envoi terminé
js-finished-many = { $count } envois terminés
js-finished-some = { $done } envois terminés sur { $total }
js-live = { $what } : en ligne.
js-publishing = { $what }. La page est en cours de publication…
js-request-failed = La requête a échoué ({ $status }). Rechargez la page et réessayez.
js-send-failed = La modification n’a pas pu être envoyée. Vérifiez votre connexion et réessayez.
js-order-failed = Le nouvel ordre n’a pas pu être enregistré. Rechargez la page pour voir l’ordre enregistré.
js-drag = Faire glisser pour réordonner

## Errors the service answers with

error-changed-meanwhile = cela a été modifié entre-temps (dans un autre onglet ou par une autre requête) ; rechargez et réessayez
error-catalog-unreachable = le catalogue est injoignable pour l’instant ; rien n’a été modifié. Réessayez dans un instant
error-media-unreachable = le stockage des fichiers est injoignable pour l’instant ; rien n’a été modifié. Réessayez dans un instant
error-images-busy = Trop de grandes images sont en préparation en ce moment, donc rien n’a été enregistré ; réessayez dans quelques secondes
error-field-not-right = un champ n’est pas correct : { $detail }
error-agree-terms-first = acceptez d’abord les conditions (POST /api/v1/me/terms, ou la section Créer)
error-api-no-file = aucun fichier n’a été envoyé : envoyez-le comme champ fichier d’un formulaire multipart
error-send-one-file = envoyez un seul fichier
error-send-json = envoyez les champs en JSON (Content-Type: application/json)
error-json-too-large = le corps JSON est trop volumineux
error-json-invalid = le corps n’est pas du JSON valide : { $detail }
error-json-not-object = le corps doit être un objet JSON de champs
error-upload-form-invalid = l’envoi n’est pas un formulaire valide : { $detail }
error-form-too-large = le formulaire est trop volumineux
error-form-cut-off = le formulaire est arrivé incomplet ({ $detail }) ; envoyez-le de nouveau
error-csrf = le jeton de sécurité du formulaire manque ou est périmé ; rechargez la page et réessayez
error-origin = cette requête ne vient pas des pages de ce site (son Origin manque ou est celui d’un autre site)
error-terms-tick = cochez la case pour accepter les conditions, puis appuyez sur le bouton
error-form-no-file = aucun fichier n’a été envoyé : choisissez un fichier, puis appuyez sur Envoyer
error-confirm-delete = rien n’a été supprimé : cochez « Je comprends » pour confirmer, puis appuyez sur Supprimer
error-move-direction = dites dans quel sens déplacer : direction=up ou down
error-upload-cut-off = l’envoi est arrivé incomplet : { $detail }
error-in-file = { $file } : { $error }.
error-in-file-one-kept = { $file } : { $error }. Le fichier précédent a bien été ajouté.
error-in-file-kept = { $file } : { $error }. Les { $count } fichiers précédents ont bien été ajoutés.
error-cursor = ce curseur n’a pas été donné par ce service ; recommencez à la première page (sans cursor)
error-page-limit = limit doit être un nombre d’artistes de 1 à { $max }
error-name-taken = ce nom est déjà pris par un autre artiste ; choisissez-en un autre
error-name-taken-exactly = le nom « { $name } » est déjà pris par un autre artiste ; choisissez-en un autre
error-name-looks-the-same = « { $name } » ressemble à « { $taken } », le nom d’un autre artiste (des lettres d’un autre alphabet, des accents, la casse, des lettres pleine chasse ou des espaces spéciales ne rendent pas un nom différent) ; choisissez-en un autre
error-name-taken-or-changed = ce nom est déjà pris par un autre artiste, ou l’artiste a été modifié entre-temps ; rechargez et réessayez
error-empty = { $what ->
    [name] le nom est vide ; donnez-en un
   *[other] le titre est vide ; donnez-en un
}
error-too-long = { $what ->
    [name] le nom est trop long : { $max } caractères au plus
    [text] le texte est trop long : { $max } caractères au plus
   *[other] le titre est trop long : { $max } caractères au plus
}
error-not-a-date = la date de sortie { $date } n’est pas une date : utilisez AAAA-MM-JJ
error-license = la licence doit être l’une de celles-ci : { $licenses }
error-album-track-date = un morceau d’album prend la date de sortie de son album ; changez celle de l’album
error-no-room = { $what ->
    [album] il n’y a plus de place pour un autre album : { $max } au plus sont gardés
    [single] il n’y a plus de place pour un autre single : { $max } au plus sont gardés
   *[other] il n’y a plus de place pour un autre morceau sur cet album : { $max } au plus sont gardés
}
error-track-list-busy = la liste des morceaux est en cours de mise à jour ; rechargez et réessayez
error-featured-max = { $max } morceaux au plus peuvent être mis en avant ; retirez-en un d’abord
error-featured-list = indiquez chaque morceau mis en avant une fois, dans l’ordre voulu
error-several-uploads = { $what ->
    [the-artist] l’artiste a été modifié par plusieurs envois à la fois ; réessayez
   *[other] l’album a été modifié par plusieurs envois à la fois ; réessayez
}
error-artists-limit = vous avez { $count } artistes, le maximum pour un compte ({ $max }, la limite d’artistes) ; supprimez-en un dont vous n’avez plus besoin, ou ajoutez des albums et des singles à l’un de ceux que vous avez
error-changed-nothing-deleted = cela a été modifié entre-temps (dans un autre onglet ou par une autre requête), donc rien n’a été supprimé ; rechargez et réessayez
error-delete-unfinished = la suppression a commencé mais n’a pas pu se terminer (le catalogue est injoignable) ; supprimez de nouveau dans un instant pour la terminer (le service la termine aussi à son redémarrage)
error-being-deleted = { $what ->
    [artist] cet artiste est en cours de suppression ; rechargez dans un instant (le supprimer de nouveau termine la suppression)
   *[other] cet album est en cours de suppression ; rechargez dans un instant (le supprimer de nouveau termine la suppression)
}
error-delete-kept-changing = ce qui est supprimé n’a pas cessé de changer ; supprimez de nouveau pour terminer la suppression
error-replace-kept-changing = le morceau n’a pas cessé de changer pendant le remplacement de son audio ; rien n’a été modifié, réessayez
error-audio-replaced-meanwhile = l’audio de ce morceau a été remplacé entre-temps (dans un autre onglet ou par une autre requête) ; rechargez pour l’écouter, et envoyez le vôtre de nouveau s’il doit le remplacer
error-empty-upload = le fichier est vide (0 octet) : choisissez de nouveau le fichier et envoyez-le
error-file-too-large = le fichier dépasse la limite de { $limit } ; réduisez-le et envoyez-le de nouveau
error-upload-cut-off-again = l’envoi est arrivé incomplet ({ $detail }) ; envoyez de nouveau le fichier
error-storage-full = ce fichier ({ $size }) ne tient pas dans votre espace : vous gardez { $kept } d’audio{ $open }, et un compte peut stocker { $limit } (la limite d’octets stockés) ; supprimez des morceaux dont vous n’avez plus besoin, puis envoyez-le de nouveau
error-storage-open = et { $size } dans des envois en cours
error-uploads-limit = vous avez { $count } envois ouverts, le maximum pour un compte à la fois ({ $max }, la limite d’envois ouverts) ; terminez ou annulez-en un (DELETE), ou attendez qu’un expire, puis recommencez celui-ci
error-upload-not-stored = le fichier n’a pas pu être enregistré
error-upload-handoff = l’envoi est arrivé mais n’a pas pu être transmis pour vérification ; renvoyez le dernier morceau dans un instant
error-tus-version = ceci est un point d’accès tus { $version } : envoyez l’en-tête Tus-Resumable: { $version }
error-tus-metadata = Upload-Metadata doit être une liste de paires clé et valeur base64 séparées par des virgules
error-tus-target = Upload-Metadata doit nommer la cible de l’envoi : `target` est le base64 de album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image ou track/ID/audio
error-tus-offset = Upload-Offset vaut { $sent } mais { $stored } octets sont stockés ; continuez à partir de { $stored }
error-tus-length-unknown = la taille d’un envoi doit être connue dès le début : envoyez Upload-Length
error-tus-send-length = envoyez la taille du fichier en octets dans Upload-Length
error-tus-send-offset = envoyez Upload-Offset : la position où commencent les octets
error-tus-content-type = envoyez les octets d’un PATCH avec Content-Type: { $type }
error-tus-not-bytes = { $header } doit être un nombre d’octets, comme 1048576
error-tus-changed = une autre requête a modifié cet envoi entre-temps ; demandez sa position (HEAD) et continuez à partir de là
error-tus-busy = une autre requête enregistre des octets de cet envoi ; réessayez dans un instant
error-tus-finishing = cet envoi est complet et en cours d’enregistrement ; patientez un instant
error-tus-too-many-pieces = cet envoi a été fait en trop de morceaux ; recommencez-le
error-tus-too-much = cette requête contient plus que les { $left } octets restants de l’envoi ; rien n’a été stocké au-delà de sa fin
error-override-once = un POST vers un envoi doit nommer une fois la méthode qu’il remplace : { $header }: PATCH ou DELETE
error-override-which = { $header } ne peut valoir que PATCH ou DELETE (pour un envoi reprenable) ; envoyez les autres méthodes telles quelles
error-override-where = { $header } n’est pris en compte que sur un POST vers un envoi reprenable ({ $path }/ID, à la place de PATCH ou DELETE) ; envoyez la méthode elle-même
error-audio-kinds = envoyez du MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC ou WAV
error-looks-like = (cela ressemble à { $kind })
error-not-audio = Ce fichier n’est pas un audio que nous pouvons diffuser{ $seems } ; { $kinds }.
error-audio-channels = Ce fichier a { $channels } canaux audio ; ce site en accepte { $max } au plus (sa limite de canaux). Exportez-le en stéréo et envoyez-le de nouveau.
error-audio-rate = La fréquence d’échantillonnage de ce fichier est { $rate } ; ce site accepte au plus { $max } (sa limite de fréquence). Exportez-le en 48 kHz ou 44,1 kHz et envoyez-le de nouveau.
error-audio-length = Ce fichier contient { $length } d’audio ; ce site accepte des morceaux de { $max } au plus (sa limite de durée). Découpez-le en morceaux plus courts et envoyez-les.
error-audio-ratio = Ce fichier { $format } se décode en { $length } d’audio, plus de { $ratio } fois sa taille (la limite du site) : de vrais enregistrements ne se compressent pas autant. S’il s’agit vraiment d’audio, exportez-le en WAV ou à un débit plus élevé et envoyez-le de nouveau.
error-audio-empty = Le fichier est vide (0 octet) ; exportez de nouveau le morceau et envoyez-le.
error-read-back = L’envoi n’a pas pu être relu ; essayez de l’envoyer de nouveau.
error-tag-only = Le fichier ne contient qu’une balise et pas d’audio ; exportez de nouveau le morceau et envoyez-le.
error-too-short = Le fichier est trop court pour contenir de l’audio ; exportez de nouveau le morceau et envoyez-le.
error-id3-only = Le fichier commence par une balise ID3 mais aucun audio ne suit ; exportez de nouveau le morceau et envoyez-le.
error-rf64 = C’est un fichier WAV de plus de 4 Go (RF64), que les navigateurs ne lisent pas ; { $kinds } de moins de 4 Go.
error-adts = C’est de l’AAC brut (ADTS), que tous les navigateurs ne lisent pas ; mettez-le dans un fichier M4A, ou { $kinds }.
error-mpeg-layer = C’est de l’audio MPEG couche { $layer } (MP{ $layer }), que tous les navigateurs ne lisent pas ; { $kinds }.
error-wav-order = Le fichier WAV a son audio avant son en-tête de format ; exportez-le de nouveau et envoyez-le.
error-wav-cut-early = Le fichier WAV s’interrompt avant le début de l’audio ; exportez-le de nouveau et envoyez le fichier complet.
error-wav-no-audio = Le fichier WAV a un en-tête mais pas d’audio ; exportez de nouveau le morceau et envoyez-le.
error-wav-header-damaged = L’en-tête de format du fichier WAV est endommagé ; exportez-le de nouveau et envoyez-le.
error-wav-header-sum = L’en-tête de format du fichier WAV est incohérent (canaux, fréquence d’échantillonnage ou taille d’échantillon) ; exportez-le de nouveau et envoyez-le.
error-wav-encoding = Ce fichier WAV contient du { $encoding }, que les navigateurs ne peuvent pas lire ; exportez-le en WAV PCM 16 ou 24 bits, ou { $kinds }.
error-ogg-cut = Le fichier Ogg est tronqué : sa dernière page manque ou est incomplète ; exportez-le de nouveau et envoyez le fichier complet.
error-alac = Ce fichier M4A contient de l’Apple Lossless (ALAC), que la plupart des navigateurs ne lisent pas ; exportez-le en AAC ou en FLAC, ou { $kinds }.
error-ogg-flac = Ce fichier Ogg contient du FLAC, que tous les navigateurs ne lisent pas ; exportez un fichier FLAC simple, ou { $kinds }.
error-mp4-no-audio = Ce fichier MP4 n’a aucune piste audio que nous pouvons lire ; { $kinds }.
error-codec = Ce fichier { $format } contient de l’audio dans un format que les navigateurs ne peuvent pas lire ; { $kinds }.
error-feature = Ce fichier { $format } utilise une fonction que nous ne pouvons pas lire ({ $feature }) ; { $kinds }.
error-damaged = Le fichier { $format } est endommagé ou incomplet ({ $why }) ; exportez-le de nouveau et envoyez le fichier complet.
error-frames = Le fichier { $format } est endommagé : { $errors } de ses { $packets } trames audio ne se décodent pas ; exportez-le de nouveau et envoyez-le.
error-no-audio = Le fichier { $format } ne contient pas d’audio ; exportez de nouveau le morceau et envoyez-le.
error-header-no-audio = Le fichier { $format } a un en-tête mais pas d’audio ; exportez de nouveau le morceau et envoyez-le.
error-no-rate = Le fichier { $format } n’indique pas sa fréquence d’échantillonnage ; exportez-le de nouveau et envoyez-le.
error-cut-short = Le fichier { $format } est tronqué : son en-tête annonce { $promised } mais il n’y a que { $there } ; exportez-le de nouveau et envoyez le fichier complet.
error-image-kinds = envoyez un JPEG ou un PNG
error-not-image = Ce fichier n’est pas une image que nous acceptons{ $seems } ; { $kinds }.
error-image-empty = Le fichier image est vide (0 octet) ; enregistrez-le de nouveau et envoyez-le.
error-image-read-back = L’image n’a pas pu être relue ; essayez de l’envoyer de nouveau.
error-image-damaged = L’image { $format } est endommagée ou tronquée ; enregistrez-la de nouveau et envoyez le fichier complet.
error-image-too-large = Cette image est trop grande : nous acceptons au plus { $side } pixels de côté et { $megapixels } mégapixels ; réduisez-la et envoyez-la de nouveau.
error-image-feature = Ce { $format } utilise une fonction que nous ne pouvons pas lire ; enregistrez-le en JPEG ou PNG simple et envoyez-le de nouveau.
error-image-reencode = L’image n’a pas pu être réencodée ; enregistrez-la de nouveau en JPEG ou PNG simple et envoyez-la.
error-dev-name = donnez un nom pour vous connecter
error-signin-provider = { $reason } (code d’erreur : { $code }). Recommencez ; si cela se reproduit, donnez-nous le code
error-signin-cancelled = la connexion a été annulée ou refusée chez le fournisseur de connexion
error-signin-there-first = le fournisseur de connexion vous demande d’abord de vous connecter chez lui
error-signin-not-now = le fournisseur de connexion n’a pas pu vous connecter pour l’instant
error-signin-refused = le fournisseur de connexion ne vous a pas connecté
error-signin-expired = cette connexion n’a pas commencé ici, ou a pris plus de 10 minutes ; recommencez
error-signin-no-code = le fournisseur de connexion n’a renvoyé aucun code ; recommencez
error-signin-state = la connexion n’est pas revenue telle qu’elle était partie ({ $why }) ; recommencez
error-signin-state-mismatch = le paramètre state ne correspond pas
error-signin-too-slow = la connexion a pris trop de temps
error-signin-unreachable = le fournisseur de connexion { $issuer } est injoignable ou s’est mal décrit : { $detail }
error-signin-exchange = le fournisseur de connexion a refusé la connexion : { $detail }
error-signin-token = le jeton d’identité du fournisseur de connexion n’est pas valide : { $detail }
error-renditions-queued = Aucune version pour le streaming n’a été faite pour ce morceau : vous aviez déjà des morceaux en attente des leurs ({ $count }), le maximum que ce site met en file pour une personne. C’est son fichier d’origine qui est joué (le prochain passage complet sur les fichiers du site les fera).
error-renditions-stopped = La création des versions pour le streaming de ce morceau a été arrêtée après { $took } : elle a pris bien plus de temps qu’il ne faut pour un morceau de { $length }. C’est son fichier d’origine qui est joué ; pour réessayer, exportez-le de nouveau (WAV ou FLAC) et envoyez-le.
error-renditions-its-length = cette durée

## The licenses' names, in the license pickers

license-by = Attribution 4.0 International
license-by-sa = Attribution - Partage dans les mêmes conditions 4.0 International
license-by-nd = Attribution - Pas de modification 4.0 International
license-by-nc = Attribution - Pas d’utilisation commerciale 4.0 International
license-by-nc-sa = Attribution - Pas d’utilisation commerciale - Partage dans les mêmes conditions 4.0 International
license-by-nc-nd = Attribution - Pas d’utilisation commerciale - Pas de modification 4.0 International
