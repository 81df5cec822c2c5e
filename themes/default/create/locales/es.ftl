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
move-up = Mover arriba
move-down = Mover abajo
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
done-audio-replaced = El nuevo audio está publicado; la pista conserva su página y su lugar.

## Signing in did not work

signin-failed = No se pudo iniciar sesión
sign-in-again = Iniciar sesión de nuevo
not-signed-out = Aún no se ha cerrado la sesión
back = Volver

## The terms

terms-lede = { $site } aloja música de artistas independientes. Antes de subir nada, lee y acepta estas condiciones. Son breves a propósito.
terms-yours-heading = Tu música sigue siendo tuya
terms-yours-text = Confirmas que escribiste, interpretaste o tienes de algún otro modo los derechos de todo lo que subes (audio, imágenes y textos), o que cuentas con el permiso de todas las personas que los tienen. No subas obras de otras personas, muestras que no hayas autorizado ni nada ilegal.
terms-allow-heading = Lo que nos permites hacer
terms-allow-text = Das permiso a { $site } para guardar lo que subes, hacer las copias necesarias para prestar el servicio (como versiones más pequeñas de las imágenes y copias de seguridad), y publicarlo y transmitirlo a cualquiera que visite el sitio. Este permiso es gratuito y termina cuando eliminas lo que subiste, salvo las copias de seguridad, que caducan solas.
terms-license-heading = Tú eliges la licencia
terms-license-text = Cada álbum y cada sencillo se publica con la licencia Creative Commons 4.0 que elijas (Reconocimiento-NoComercial-SinObraDerivada si no eliges otra). Esa licencia dice a quienes escuchan qué pueden hacer con tu música además de escucharla aquí. Una licencia concedida no se puede retirar para las copias ya hechas con ella, así que elige una con la que te sientas a gusto.
terms-delete-heading = Puedes eliminar cuando quieras
terms-delete-text = Puedes cambiar o eliminar cualquier pista, álbum o página de artista en cualquier momento. Las páginas y los archivos eliminados desaparecen del sitio enseguida.
terms-fair-heading = Uso justo del servicio
terms-fair-text = Podemos retirar contenido que incumpla estas condiciones o la ley, y te avisaremos cuando lo hagamos. El servicio se ofrece tal cual, sin garantías de disponibilidad.

## A track in a list, and the upload control

featured = Destacada
feature = Destacar
published-page = Página publicada
delete-track-confirm = ¿Eliminar esta pista? Se eliminan su página y su archivo.
replace-audio = Reemplazar el audio
new-audio-file = Nuevo archivo de audio
new-audio-hint = Un máster corregido: MP3, M4A (AAC), Ogg (Vorbis u Opus), FLAC o WAV. La pista conserva su página, sus enlaces, su título y su lugar; el archivo anterior suena hasta que el nuevo esté publicado.
upload = Subir
uploads-in-progress = Subidas en curso
form-limit = Sin JavaScript, este formulario envía archivos de 4 MB como máximo (el servicio de subida acepta 6 MB por petición como máximo); con JavaScript, los archivos de cualquier tamaño se suben por partes.

## What the page's script says while it works

js-waiting = En espera…
js-uploading = Subiendo… { $percent } %
js-checking = Comprobando el archivo…
js-uploaded = Subido y publicado.
js-upload-failed = La subida falló: { $reason }
js-unknown-error = error desconocido
js-network = falló la conexión
js-connection-failing = La conexión sigue fallando; la subida se detuvo en el { $percent } %. Inténtalo más tarde.
js-checking-late = Comprobar el archivo está tardando más de lo debido; recarga la página dentro de unos minutos para ver si llegó.
js-failed-one = La subida falló; mira el mensaje junto al archivo.
js-failed-all = No se pudo subir ningún archivo; mira los mensajes junto a cada uno.
js-uploading-file = Subiendo { $name }…
js-uploading-files = Subiendo { $count } archivos…
js-finished-one = Subida terminada
js-finished-many = { $count } subidas terminadas
js-finished-some = { $done } de { $total } subidas terminadas
js-live = { $what }: ya está publicado.
js-publishing = { $what }. La página se está publicando…
js-request-failed = La petición falló ({ $status }). Recarga la página y vuelve a intentarlo.
js-send-failed = No se pudo enviar el cambio. Comprueba tu conexión y vuelve a intentarlo.
js-order-failed = No se pudo guardar el nuevo orden. Recarga la página para ver el orden guardado.
js-drag = Arrastra para reordenar

## Errors the service answers with

error-changed-meanwhile = se cambió mientras tanto (en otra pestaña o por otra petición); recarga y vuelve a intentarlo
error-catalog-unreachable = no se puede acceder al catálogo ahora mismo; no se cambió nada. Vuelve a intentarlo en un momento
error-media-unreachable = no se puede acceder al almacén de archivos ahora mismo; no se cambió nada. Vuelve a intentarlo en un momento
error-images-busy = Se están preparando demasiadas imágenes grandes en este momento, así que no se guardó nada; vuelve a intentarlo en unos segundos
error-field-not-right = un campo no es correcto: { $detail }
error-agree-terms-first = acepta primero las condiciones (POST /api/v1/me/terms, o la sección Crear)
error-api-no-file = no se envió ningún archivo: envíalo como campo de archivo de un formulario multipart
error-send-one-file = envía un solo archivo
error-send-json = envía los campos como JSON (Content-Type: application/json)
error-json-too-large = el cuerpo JSON es demasiado grande
error-json-invalid = el cuerpo no es JSON válido: { $detail }
error-json-not-object = el cuerpo debe ser un objeto JSON de campos
error-upload-form-invalid = la subida no es un formulario válido: { $detail }
error-form-too-large = el formulario es demasiado grande
error-form-cut-off = el formulario llegó cortado ({ $detail }); envíalo de nuevo
error-csrf = falta el código de seguridad del formulario o está caducado; recarga la página y vuelve a intentarlo
error-origin = esta petición no vino de las páginas de este sitio (falta su Origin o es el de otro sitio)
error-terms-tick = marca la casilla para aceptar las condiciones y pulsa el botón
error-form-no-file = no se envió ningún archivo: elige un archivo y pulsa Subir
error-confirm-delete = no se eliminó nada: marca «Entiendo» para confirmar y pulsa Eliminar
error-move-direction = indica hacia dónde mover: direction=up o down
error-upload-cut-off = la subida llegó cortada: { $detail }
error-in-file = { $file }: { $error }.
error-in-file-one-kept = { $file }: { $error }. El archivo anterior sí se añadió.
error-in-file-kept = { $file }: { $error }. Los { $count } archivos anteriores sí se añadieron.
error-cursor = el cursor no es uno que haya dado este servicio; empieza por la primera página (sin cursor)
error-page-limit = limit debe ser un número de artistas entre 1 y { $max }
error-name-taken = ese nombre ya lo usa otro artista; elige otro nombre
error-name-taken-exactly = el nombre «{ $name }» ya lo usa otro artista; elige otro nombre
error-name-looks-the-same = «{ $name }» se ve igual que «{ $taken }», el nombre de otro artista (las letras de otro alfabeto, los acentos, las mayúsculas, las letras anchas y los espacios especiales no hacen distinto un nombre); elige otro nombre
error-name-taken-or-changed = ese nombre ya lo usa otro artista, o el artista se cambió mientras tanto; recarga y vuelve a intentarlo
error-empty = { $what ->
    [name] el nombre está vacío; escribe uno
   *[other] el título está vacío; escribe uno
}
error-too-long = { $what ->
    [name] el nombre es demasiado largo: como máximo { $max } caracteres
    [text] el texto es demasiado largo: como máximo { $max } caracteres
   *[other] el título es demasiado largo: como máximo { $max } caracteres
}
error-not-a-date = la fecha de publicación { $date } no es una fecha: usa AAAA-MM-DD
error-license = la licencia debe ser una de estas: { $licenses }
error-album-track-date = una pista de un álbum toma la fecha de publicación del álbum; cambia la del álbum
error-no-room = { $what ->
    [album] no cabe otro álbum: se guardan { $max } como máximo
    [single] no cabe otro sencillo: se guardan { $max } como máximo
   *[other] no cabe otra pista en este álbum: se guardan { $max } como máximo
}
error-track-list-busy = la lista de pistas se está actualizando; recarga y vuelve a intentarlo
error-featured-max = se pueden destacar { $max } pistas como máximo; deja de destacar una primero
error-featured-list = indica cada pista destacada una vez, en el orden deseado
error-several-uploads = { $what ->
    [the-artist] varias subidas a la vez cambiaron el artista; vuelve a intentarlo
   *[other] varias subidas a la vez cambiaron el álbum; vuelve a intentarlo
}
error-artists-limit = tienes { $count } artistas, el máximo que puede tener una cuenta ({ $max }, el límite de artistas); elimina uno que ya no necesites, o añade álbumes y sencillos a uno que ya tengas
error-changed-nothing-deleted = se cambió mientras tanto (en otra pestaña o por otra petición), así que no se eliminó nada; recarga y vuelve a intentarlo
error-delete-unfinished = la eliminación empezó pero no pudo terminar ahora (no se puede acceder al catálogo); elimínalo de nuevo en un momento para terminarla (el servicio también la termina al reiniciarse)
error-being-deleted = { $what ->
    [artist] este artista se está eliminando; recarga en un momento (eliminarlo de nuevo termina la eliminación)
   *[other] este álbum se está eliminando; recarga en un momento (eliminarlo de nuevo termina la eliminación)
}
error-delete-kept-changing = lo que se está eliminando no dejaba de cambiar; elimínalo de nuevo para terminar la eliminación
error-replace-kept-changing = la pista no dejaba de cambiar mientras se reemplazaba su audio; no se cambió nada, vuelve a intentarlo
error-audio-replaced-meanwhile = el audio de esta pista se reemplazó mientras tanto (en otra pestaña o por otra petición); recarga para escucharlo, y vuelve a subir el tuyo si debe reemplazarlo
error-empty-upload = el archivo está vacío (0 bytes): elige el archivo de nuevo y súbelo
error-file-too-large = el archivo supera el límite de { $limit }; hazlo más pequeño y vuelve a subirlo
error-upload-cut-off-again = la subida llegó cortada ({ $detail }); envía el archivo de nuevo
error-storage-full = este archivo ({ $size }) no cabe en tu espacio: guardas { $kept } de audio{ $open }, y una cuenta puede guardar { $limit } (el límite de bytes guardados); elimina pistas que ya no necesites y vuelve a subirlo
error-storage-open = y { $size } en subidas en curso
error-uploads-limit = tienes { $count } subidas abiertas, el máximo que puede tener una cuenta a la vez ({ $max }, el límite de subidas abiertas); termina o cancela una (con DELETE), o espera a que caduque una, y vuelve a empezar esta
error-upload-not-stored = no se pudo guardar el archivo
error-upload-handoff = la subida llegó pero no se pudo pasar a comprobación; envía de nuevo la última parte en un momento
error-tus-version = este es un punto de acceso tus { $version }: envía la cabecera Tus-Resumable: { $version }
error-tus-metadata = Upload-Metadata deben ser pares separados por comas de una clave y un valor en base64
error-tus-target = Upload-Metadata debe indicar el destino de la subida: `target` es base64 de album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image o track/ID/audio
error-tus-offset = Upload-Offset es { $sent } pero hay { $stored } bytes guardados; continúa desde { $stored }
error-tus-length-unknown = la longitud de una subida debe conocerse al empezar: envía Upload-Length
error-tus-send-length = envía el tamaño del archivo en bytes como Upload-Length
error-tus-send-offset = envía Upload-Offset: la posición en la que empiezan los bytes
error-tus-content-type = envía los bytes de un PATCH como Content-Type: { $type }
error-tus-not-bytes = { $header } debe ser un número de bytes, como 1048576
error-tus-changed = otra petición cambió esta subida mientras tanto; pregunta su posición (HEAD) y continúa desde ahí
error-tus-busy = otra petición está guardando bytes de esta subida; vuelve a intentarlo en un momento
error-tus-finishing = esta subida está completa y se está guardando; espera un momento
error-tus-too-many-pieces = esta subida se envió en demasiadas partes; empiézala de nuevo
error-tus-too-much = esta petición lleva más que los { $left } bytes que faltan de la subida; no se guardó nada más allá de su final
error-override-once = un POST a una subida debe indicar una vez el método que sustituye: { $header }: PATCH o DELETE
error-override-which = { $header } solo puede ser PATCH o DELETE (para una subida reanudable); envía los demás métodos tal cual
error-override-where = { $header } solo se admite en un POST a una subida reanudable ({ $path }/ID, en lugar de PATCH o DELETE); envía el método en sí
error-audio-kinds = sube MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC o WAV
error-looks-like = (parece { $kind })
error-not-audio = Este archivo no es audio que podamos transmitir{ $seems }; { $kinds }.
error-audio-channels = Este archivo tiene { $channels } canales de audio; este sitio acepta { $max } como máximo (su límite de canales). Expórtalo en estéreo y vuelve a subirlo.
error-audio-rate = La frecuencia de muestreo de este archivo es { $rate }; este sitio acepta { $max } como máximo (su límite de frecuencia de muestreo). Expórtalo a 48 kHz o 44,1 kHz y vuelve a subirlo.
error-audio-length = Este archivo contiene { $length } de audio; este sitio acepta pistas de { $max } como máximo (su límite de duración). Divídelo en pistas más cortas y súbelas.
error-audio-ratio = Este archivo { $format } se descomprime en { $length } de audio, más de { $ratio } veces su tamaño (el límite del sitio): las grabaciones reales no se comprimen tanto. Si es audio real, expórtalo como WAV o con una tasa de bits mayor y vuelve a subirlo.
error-audio-empty = El archivo está vacío (0 bytes); exporta la pista de nuevo y súbela.
error-read-back = No se pudo volver a leer la subida; intenta subirla de nuevo.
error-tag-only = El archivo solo contiene una etiqueta y nada de audio; exporta la pista de nuevo y súbela.
error-too-short = El archivo es demasiado corto para contener audio; exporta la pista de nuevo y súbela.
error-id3-only = El archivo empieza con una etiqueta ID3 pero no le sigue audio; exporta la pista de nuevo y súbela.
error-rf64 = Es un archivo WAV de más de 4 GB (RF64), que los navegadores no reproducen; { $kinds } de menos de 4 GB.
error-adts = Es AAC sin contenedor (ADTS), que no todos los navegadores reproducen; ponlo en un archivo M4A, o { $kinds }.
error-mpeg-layer = Es audio MPEG capa { $layer } (MP{ $layer }), que no todos los navegadores reproducen; { $kinds }.
error-wav-order = El archivo WAV tiene el audio antes de la cabecera de formato; expórtalo de nuevo y súbelo.
error-wav-cut-early = El archivo WAV está cortado antes de que empiece el audio; expórtalo de nuevo y sube el archivo completo.
error-wav-no-audio = El archivo WAV tiene cabecera pero no audio; exporta la pista de nuevo y súbela.
error-wav-header-damaged = La cabecera de formato del archivo WAV está dañada; expórtalo de nuevo y súbelo.
error-wav-header-sum = La cabecera de formato del archivo WAV no cuadra (canales, frecuencia de muestreo o tamaño de muestra); expórtalo de nuevo y súbelo.
error-wav-encoding = Este archivo WAV contiene { $encoding }, que los navegadores no pueden reproducir; expórtalo como WAV PCM de 16 o 24 bits, o { $kinds }.
error-ogg-cut = El archivo Ogg está cortado: falta su última página o está incompleta; expórtalo de nuevo y sube el archivo completo.
error-alac = Este archivo M4A contiene Apple Lossless (ALAC), que la mayoría de los navegadores no reproduce; expórtalo como AAC o FLAC, o { $kinds }.
error-ogg-flac = Este archivo Ogg contiene FLAC, que no todos los navegadores reproducen; exporta un archivo FLAC normal, o { $kinds }.
error-mp4-no-audio = Este archivo MP4 no tiene ninguna pista de audio que podamos reproducir; { $kinds }.
error-codec = Este archivo { $format } contiene audio en un formato que los navegadores no pueden reproducir; { $kinds }.
error-feature = Este archivo { $format } usa una función que no podemos reproducir ({ $feature }); { $kinds }.
error-damaged = El archivo { $format } está dañado o incompleto ({ $why }); expórtalo de nuevo y sube el archivo completo.
error-frames = El archivo { $format } está dañado: { $errors } de sus { $packets } tramas de audio no se decodifican; expórtalo de nuevo y súbelo.
error-no-audio = El archivo { $format } no contiene audio; exporta la pista de nuevo y súbela.
error-header-no-audio = El archivo { $format } tiene cabecera pero no audio; exporta la pista de nuevo y súbela.
error-no-rate = El archivo { $format } no indica su frecuencia de muestreo; expórtalo de nuevo y súbelo.
error-cut-short = El archivo { $format } está cortado: su cabecera promete { $promised } pero solo hay { $there }; expórtalo de nuevo y sube el archivo completo.
error-image-kinds = sube un JPEG o un PNG
error-not-image = Este archivo no es una imagen que aceptemos{ $seems }; { $kinds }.
error-image-empty = El archivo de imagen está vacío (0 bytes); guárdalo de nuevo y súbelo.
error-image-read-back = No se pudo volver a leer la imagen; intenta subirla de nuevo.
error-image-damaged = La imagen { $format } está dañada o cortada; guárdala de nuevo y sube el archivo completo.
error-image-too-large = Esta imagen es demasiado grande: aceptamos como máximo { $side } píxeles por lado y { $megapixels } megapíxeles; redúcela y vuelve a subirla.
error-image-feature = Este { $format } usa una función que no podemos leer; guárdalo como JPEG o PNG normal y vuelve a subirlo.
error-image-reencode = No se pudo volver a codificar la imagen; guárdala de nuevo como JPEG o PNG normal y súbela.
error-dev-name = escribe un nombre con el que iniciar sesión
error-signin-provider = { $reason } (código de error: { $code }). Empieza de nuevo; si sigue pasando, dinos el código
error-signin-cancelled = el inicio de sesión se canceló o no se permitió en el proveedor de inicio de sesión
error-signin-there-first = el proveedor de inicio de sesión necesita que inicies sesión allí primero
error-signin-not-now = el proveedor de inicio de sesión no pudo iniciar tu sesión en este momento
error-signin-refused = el proveedor de inicio de sesión no inició tu sesión
error-signin-expired = este inicio de sesión no empezó aquí, o tardó más de 10 minutos; empieza de nuevo
error-signin-no-code = el proveedor de inicio de sesión no devolvió ningún código; empieza de nuevo
error-signin-state = el inicio de sesión no volvió tal como salió ({ $why }); empieza de nuevo
error-signin-state-mismatch = el parámetro state no coincide
error-signin-too-slow = el inicio de sesión tardó demasiado
error-signin-unreachable = no se pudo contactar con el proveedor de inicio de sesión { $issuer } o se describió mal: { $detail }
error-signin-exchange = el proveedor de inicio de sesión rechazó el inicio de sesión: { $detail }
error-signin-token = el token de identidad del proveedor de inicio de sesión no es válido: { $detail }
error-renditions-queued = No se hicieron versiones para streaming de esta pista: ya tenías pistas esperando las suyas ({ $count }), el máximo que este sitio pone en cola para una persona. Suena su archivo original (la próxima pasada completa de archivos del sitio las hará).
error-renditions-stopped = Se detuvo la creación de versiones para streaming de esta pista tras { $took }: tardó mucho más de lo que debería una pista de { $length }. Suena su archivo original; para volver a intentarlo, expórtala de nuevo (WAV o FLAC) y súbela.
error-renditions-its-length = su duración

## The licenses' names, in the license pickers

license-by = Atribución 4.0 Internacional
license-by-sa = Atribución-CompartirIgual 4.0 Internacional
license-by-nd = Atribución-SinDerivadas 4.0 Internacional
license-by-nc = Atribución-NoComercial 4.0 Internacional
license-by-nc-sa = Atribución-NoComercial-CompartirIgual 4.0 Internacional
license-by-nc-nd = Atribución-NoComercial-SinDerivadas 4.0 Internacional
