# Español (Spanish): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Saltar al contenido
site-create = { $site } Crear
create = Crear
account = Cuenta
view-site = Ver el sitio
sign-out = Cerrar sesión
terms = Condiciones

## Sign-in and terms

sign-in = Iniciar sesión
signin-heading = Comparte tu música en { $site }
signin-lede = Inicia sesión para subir tus álbumes y sencillos. Tus páginas se publican en cuanto guardas: sin «me gusta», sin comentarios, sin seguidores; solo tu música.
dev-heading = Inicio de sesión local (modo de desarrollo)
dev-hint-before = Este servicio se ejecuta con
dev-hint-after = : inicia sesión como cualquiera en esta máquina, sin proveedor.
name = Nombre
email = Correo electrónico
sign-in-locally = Iniciar sesión localmente
terms-heading = Condiciones para artistas
terms-agreed = Aceptaste estas condiciones.
go-to-artists = Ir a tus artistas.
terms-agree = Tengo los derechos de la música que subo y acepto estas condiciones.
agree-continue = Aceptar y continuar
sign-in-to-agree = Inicia sesión para aceptar

## Your artists

your-artists = Tus artistas
artists-you-manage = Artistas que gestionas
edit = Editar
more-artists = Más artistas
no-artist-yet = Todavía no tienes una página de artista. Crea una abajo y luego añádele álbumes y sencillos.
new-artist = Nuevo artista
bio = Biografía
bio-hint = (opcional; las líneas en blanco separan los párrafos)
create-artist = Crear artista
where-signed-in = Dónde has iniciado sesión
sessions-hint = ¿Iniciaste sesión en un ordenador o teléfono que ya no usas, o lo perdiste? Esto cierra todas tus sesiones, también esta.
sign-out-everywhere = Cerrar sesión en todas partes

## What a change says once it is done

done-terms = Gracias. Ya puedes crear tu página de artista.
done-artist-created = Tu página de artista está creada y publicada.
done-artist-saved = Guardado. La página del artista está publicada.
done-artist-deleted = El artista se ha eliminado, con sus páginas y archivos.
done-image-saved = La nueva imagen está publicada.
done-album-created = El álbum está creado y su página publicada. Añade sus pistas abajo.
done-album-saved = Guardado. La página del álbum está publicada.
done-album-deleted = El álbum se ha eliminado, con sus pistas y archivos.
done-tracks-added = Subido. Las pistas están publicadas.
done-singles-added = Subido. Los sencillos están publicados.
done-track-saved = Guardado. La pista está publicada.
done-track-moved = Movido. El nuevo orden está publicado.
done-track-deleted = La pista se ha eliminado.
done-featured = La pista está destacada en la página del artista.
done-unfeatured = La pista ya no está destacada.
done-featured-order = El nuevo orden de las pistas destacadas está publicado.
done-pending = Guardado. El sitio lo mostrará en un momento.
done-pending-deleted = Eliminado. El sitio lo mostrará en un momento.
see-the-page = Ver la página

## Errors

error-kicker = Error { $status }
go-back = Volver
go-to-start = Ir al inicio
error-heading = Eso no funcionó
error-not-found-heading = Esto no está aquí, o no es tuyo
error-unavailable-heading = Vuelve a intentarlo en un momento
error-sign-in-first = inicia sesión primero
error-internal = algo falló por nuestra parte; no se cambió nada. Vuelve a intentarlo en un momento
error-name-letter = el nombre necesita al menos una letra o un dígito
error-empty-file = el archivo está vacío (0 bytes); elige el archivo de nuevo
error-not-found = no se encontró { $thing }
thing-artist = el artista
thing-album = el álbum
thing-track = la pista
thing-upload = la subida
thing-page = la página

## An artist's and an album's pages

artist = Artista
album = Álbum
see-published-page = Ver la página publicada
see-published-album = Ver la página publicada del álbum
name-and-bio = Nombre y biografía
image-of = La imagen de { $name }
no-image-yet = Todavía sin imagen
artist-image = Imagen del artista
artist-image-hint = Lo mejor es un JPEG o PNG cuadrado; se muestra en un círculo.
paragraphs-hint = (las líneas en blanco separan los párrafos)
save = Guardar
albums = Álbumes
no-albums = Todavía no hay álbumes.
new-album = Nuevo álbum
title = Título
release-date = Fecha de publicación
description = Descripción
optional = (opcional)
create-album = Crear álbum
singles = Sencillos
add-singles = Añadir sencillos
add-singles-hint = Suelta aquí uno o varios archivos de audio, o elígelos: MP3, M4A (AAC), Ogg (Vorbis u Opus), FLAC o WAV. Cada uno será un sencillo, con el título de sus etiquetas.
no-singles = Todavía no hay sencillos.
featured-tracks = Pistas destacadas
featured-hint = Hasta tres pistas de tus álbumes o sencillos, mostradas primero en tu página. Destaca una pista desde la página de su álbum o desde los sencillos de arriba.
move-up = Subir
move-down = Bajar
unfeature = Quitar de destacadas
no-featured = No hay pistas destacadas.
delete-artist-heading = Eliminar este artista
delete-artist-text = Elimina la página de { $name }, cada álbum, pista y sencillo, y sus archivos.
delete-artist-what = este artista con todos sus álbumes, pistas y archivos
details = Detalles
cover-of = La portada de { $title }
no-cover-yet = Todavía sin portada
cover-image = Portada
cover-image-hint = Un JPEG o PNG cuadrado, de al menos 300 por 300 píxeles.
tracks = Pistas
add-tracks = Añadir pistas
add-tracks-hint = Suelta aquí el álbum entero, o elige uno o varios archivos de audio: MP3, M4A (AAC), Ogg (Vorbis u Opus), FLAC o WAV. Se añaden por número de pista, con el título de sus etiquetas.
no-tracks = Todavía no hay pistas.
delete-album-heading = Eliminar este álbum
delete-album-text = Elimina la página del álbum, sus pistas y sus archivos.
delete-album-what = este álbum con sus pistas y archivos
delete-confirm = Entiendo que esto elimina { $what }, para siempre.
delete = Eliminar
license = Licencia
