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
