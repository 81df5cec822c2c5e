# Português do Brasil (Brazilian Portuguese): written by the project, not yet
# checked by a native speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = Pular para o conteúdo
site-create = { $site } Criar
create = Criar
account = Conta
view-site = Ver o site
sign-out = Sair
terms = Termos

## Sign-in and terms

sign-in = Entrar
signin-heading = Compartilhe sua música em { $site }
signin-lede = Entre para enviar seus álbuns e singles. Suas páginas vão ao ar assim que você salva: sem curtidas, sem comentários, sem seguidores — só a sua música.
dev-heading = Entrada local (modo de desenvolvimento)
dev-hint-before = Este serviço roda com
dev-hint-after = : entre como qualquer pessoa nesta máquina, sem provedor.
name = Nome
email = E-mail
sign-in-locally = Entrar localmente
terms-heading = Termos para artistas
terms-agreed = Você aceitou estes termos.
go-to-artists = Ir para seus artistas.
terms-agree = Tenho os direitos da música que envio e aceito estes termos.
agree-continue = Aceitar e continuar
sign-in-to-agree = Entre para aceitar

## Your artists

your-artists = Seus artistas
artists-you-manage = Artistas que você gerencia
edit = Editar
more-artists = Mais artistas
no-artist-yet = Você ainda não tem uma página de artista. Crie uma abaixo e depois adicione álbuns e singles.
new-artist = Novo artista
bio = Biografia
bio-hint = (opcional; linhas em branco separam os parágrafos)
create-artist = Criar artista
where-signed-in = Onde você está conectado
sessions-hint = Entrou num computador ou celular que não usa mais, ou perdeu um? Isto encerra todas as suas sessões, inclusive esta.
sign-out-everywhere = Sair de todos os lugares

## What a change says once it is done

done-terms = Obrigado. Agora você pode criar sua página de artista.
done-artist-created = Sua página de artista foi criada e está no ar.
done-artist-saved = Salvo. A página do artista está no ar.
done-artist-deleted = O artista foi excluído, com suas páginas e arquivos.
done-image-saved = A nova imagem está no ar.
done-album-created = O álbum foi criado e sua página está no ar. Adicione as faixas abaixo.
done-album-saved = Salvo. A página do álbum está no ar.
done-album-deleted = O álbum foi excluído, com suas faixas e arquivos.
done-tracks-added = Enviado. As faixas estão no ar.
done-singles-added = Enviado. Os singles estão no ar.
done-track-saved = Salvo. A faixa está no ar.
done-track-moved = Movido. A nova ordem está no ar.
done-track-deleted = A faixa foi excluída.
done-featured = A faixa está em destaque na página do artista.
done-unfeatured = A faixa não está mais em destaque.
done-featured-order = A nova ordem das faixas em destaque está no ar.
done-pending = Salvo. O site mostra isso em instantes.
done-pending-deleted = Excluído. O site mostra isso em instantes.
see-the-page = Ver a página

## Errors

error-kicker = Erro { $status }
go-back = Voltar
go-to-start = Ir para o início
error-heading = Isso não funcionou
error-not-found-heading = Isto não está aqui, ou não é seu
error-unavailable-heading = Tente de novo em instantes
error-sign-in-first = entre primeiro
error-internal = algo deu errado do nosso lado; nada foi alterado. Tente de novo em instantes
error-name-letter = o nome precisa de pelo menos uma letra ou um algarismo
error-empty-file = o arquivo está vazio (0 bytes); escolha o arquivo de novo
error-not-found = { $thing } não encontrado
thing-artist = artista
thing-album = álbum
thing-track = faixa
thing-upload = envio
thing-page = página

## An artist's and an album's pages

artist = Artista
album = Álbum
see-published-page = Ver a página publicada
see-published-album = Ver a página publicada do álbum
name-and-bio = Nome e biografia
image-of = A imagem de { $name }
no-image-yet = Ainda sem imagem
artist-image = Imagem do artista
artist-image-hint = Um JPEG ou PNG quadrado fica melhor; ele aparece num círculo.
paragraphs-hint = (linhas em branco separam os parágrafos)
save = Salvar
albums = Álbuns
no-albums = Ainda não há álbuns.
new-album = Novo álbum
title = Título
release-date = Data de lançamento
description = Descrição
optional = (opcional)
create-album = Criar álbum
singles = Singles
add-singles = Adicionar singles
add-singles-hint = Solte aqui um ou mais arquivos de áudio, ou escolha-os: MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. Cada um vira um single, com o título das suas tags.
no-singles = Ainda não há singles.
featured-tracks = Faixas em destaque
featured-hint = Até três faixas dos seus álbuns ou singles, mostradas primeiro na sua página. Destaque uma faixa na página do álbum dela ou nos singles acima.
move-up = Subir
move-down = Descer
unfeature = Tirar do destaque
no-featured = Nenhuma faixa em destaque.
delete-artist-heading = Excluir este artista
delete-artist-text = Exclui a página de { $name }, cada álbum, faixa e single, e os arquivos deles.
delete-artist-what = este artista com todos os álbuns, faixas e arquivos
details = Detalhes
cover-of = A capa de { $title }
no-cover-yet = Ainda sem capa
cover-image = Capa
cover-image-hint = Um JPEG ou PNG quadrado, de pelo menos 300 por 300 pixels.
tracks = Faixas
add-tracks = Adicionar faixas
add-tracks-hint = Solte aqui o álbum inteiro, ou escolha um ou vários arquivos de áudio: MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. Eles entram na ordem do número da faixa, com o título das suas tags.
no-tracks = Ainda não há faixas.
delete-album-heading = Excluir este álbum
delete-album-text = Exclui a página do álbum, as faixas e os arquivos delas.
delete-album-what = este álbum com as faixas e os arquivos
delete-confirm = Entendo que isto exclui { $what }, para sempre.
delete = Excluir
license = Licença
done-audio-replaced = O novo áudio está no ar; a faixa manteve sua página e seu lugar.

## Signing in did not work

signin-failed = Não foi possível entrar
sign-in-again = Entrar de novo
not-signed-out = Você ainda não saiu
back = Voltar

## The terms

terms-lede = { $site } hospeda música de artistas independentes. Antes de enviar qualquer coisa, leia e aceite estes termos. Eles são curtos de propósito.
terms-yours-heading = Sua música continua sua
terms-yours-text = Você confirma que compôs, interpretou ou de outra forma detém os direitos de tudo o que envia (áudio, imagens e textos), ou que tem a permissão de todas as pessoas que os detêm. Não envie obras de outras pessoas, samples não liberados nem nada ilegal.
terms-allow-heading = O que você nos permite fazer
terms-allow-text = Você dá a { $site } permissão para guardar seus envios, fazer as cópias necessárias para manter o serviço (como versões menores das imagens e backups), e publicá-los e transmiti-los a qualquer pessoa que visite o site. Esta permissão é gratuita e termina quando você exclui o envio, exceto os backups, que expiram sozinhos.
terms-license-heading = Você escolhe a licença
terms-license-text = Cada álbum e cada single é publicado sob a licença Creative Commons 4.0 que você escolher (Atribuição-NãoComercial-SemDerivações, se você não escolher outra). Essa licença diz a quem ouve o que pode fazer com sua música além de ouvi-la aqui. Uma licença concedida não pode ser revogada para as cópias já feitas sob ela, então escolha uma com a qual você se sinta à vontade.
terms-delete-heading = Você pode excluir quando quiser
terms-delete-text = Você pode alterar ou excluir qualquer faixa, álbum ou página de artista a qualquer momento. Páginas e arquivos excluídos saem do site na hora.
terms-fair-heading = Uso justo do serviço
terms-fair-text = Podemos remover conteúdo que viole estes termos ou a lei, e avisaremos você quando fizermos isso. O serviço é oferecido como está, sem garantia de disponibilidade.

## A track in a list, and the upload control

featured = Em destaque
feature = Destacar
published-page = Página publicada
delete-track-confirm = Excluir esta faixa? A página e o arquivo dela são removidos.
replace-audio = Substituir o áudio
new-audio-file = Novo arquivo de áudio
new-audio-hint = Uma master corrigida: MP3, M4A (AAC), Ogg (Vorbis ou Opus), FLAC ou WAV. A faixa mantém sua página, seus links, seu título e seu lugar; o arquivo antigo toca até o novo estar no ar.
upload = Enviar
uploads-in-progress = Envios em andamento
form-limit = Sem JavaScript, este formulário envia arquivos de no máximo 4 MB (o serviço de envio aceita no máximo 6 MB por requisição); com JavaScript, arquivos de qualquer tamanho sobem em partes.

## What the page's script says while it works

js-waiting = Aguardando…
js-uploading = Enviando… { $percent }%
js-checking = Verificando o arquivo…
js-uploaded = Enviado e no ar.
js-upload-failed = O envio falhou: { $reason }
js-unknown-error = erro desconhecido
js-network = a conexão falhou
js-connection-failing = A conexão continua falhando; o envio parou em { $percent }%. Tente de novo mais tarde.
js-checking-late = A verificação do arquivo está demorando mais do que deveria; recarregue a página daqui a alguns minutos para ver se ele chegou.
js-failed-one = O envio falhou; veja a mensagem ao lado do arquivo.
js-failed-all = Nenhum arquivo pôde ser enviado; veja as mensagens ao lado de cada um.
js-uploading-file = Enviando { $name }…
js-uploading-files = Enviando { $count } arquivos…
js-finished-one = Envio concluído
js-finished-many = { $count } envios concluídos
js-finished-some = { $done } de { $total } envios concluídos
js-live = { $what }: já está no ar.
js-publishing = { $what }. A página está sendo publicada…
js-request-failed = A requisição falhou ({ $status }). Recarregue a página e tente de novo.
js-send-failed = Não foi possível enviar a alteração. Verifique sua conexão e tente de novo.
js-order-failed = Não foi possível salvar a nova ordem. Recarregue a página para ver a ordem salva.
js-drag = Arraste para reordenar

## Errors the service answers with

error-changed-meanwhile = isto foi alterado nesse meio-tempo (em outra aba ou por outra requisição); recarregue e tente de novo
error-catalog-unreachable = o catálogo não está acessível agora; nada foi alterado. Tente de novo em instantes
error-media-unreachable = o armazenamento de arquivos não está acessível agora; nada foi alterado. Tente de novo em instantes
error-images-busy = Há imagens grandes demais sendo preparadas agora, então nada foi salvo; tente de novo em alguns segundos
error-field-not-right = um campo não está correto: { $detail }
error-agree-terms-first = aceite primeiro os termos (POST /api/v1/me/terms, ou a seção Criar)
error-api-no-file = nenhum arquivo foi enviado: envie-o como campo de arquivo de um formulário multipart
error-send-one-file = envie um único arquivo
error-send-json = envie os campos como JSON (Content-Type: application/json)
error-json-too-large = o corpo JSON é grande demais
error-json-invalid = o corpo não é um JSON válido: { $detail }
error-json-not-object = o corpo deve ser um objeto JSON de campos
error-upload-form-invalid = o envio não é um formulário válido: { $detail }
error-form-too-large = o formulário é grande demais
error-form-cut-off = o formulário chegou cortado ({ $detail }); envie de novo
error-csrf = o código de segurança do formulário está faltando ou é antigo; recarregue a página e tente de novo
error-origin = esta requisição não veio das páginas deste site (o Origin dela está faltando ou é de outro site)
error-terms-tick = marque a caixa para aceitar os termos e clique no botão
error-form-no-file = nenhum arquivo foi enviado: escolha um arquivo e clique em Enviar
error-confirm-delete = nada foi excluído: marque “Entendo” para confirmar e clique em Excluir
error-move-direction = diga para que lado mover: direction=up ou down
error-upload-cut-off = o envio chegou cortado: { $detail }
error-in-file = { $file }: { $error }.
error-in-file-one-kept = { $file }: { $error }. O arquivo anterior foi adicionado.
error-in-file-kept = { $file }: { $error }. Os { $count } arquivos anteriores foram adicionados.
error-cursor = este cursor não foi fornecido por este serviço; comece pela primeira página (sem cursor)
error-page-limit = limit deve ser um número de artistas de 1 a { $max }
error-name-taken = esse nome já é de outro artista; escolha outro nome
error-name-taken-exactly = o nome “{ $name }” já é de outro artista; escolha outro nome
error-name-looks-the-same = “{ $name }” parece igual a “{ $taken }”, o nome de outro artista (letras de outro alfabeto, acentos, maiúsculas, letras largas e espaços especiais não tornam um nome diferente); escolha outro nome
error-name-taken-or-changed = esse nome já é de outro artista, ou o artista foi alterado nesse meio-tempo; recarregue e tente de novo
error-empty = { $what ->
    [name] o nome está vazio; dê um nome
   *[other] o título está vazio; dê um título
}
error-too-long = { $what ->
    [name] o nome é longo demais: no máximo { $max } caracteres
    [text] o texto é longo demais: no máximo { $max } caracteres
   *[other] o título é longo demais: no máximo { $max } caracteres
}
error-not-a-date = a data de lançamento { $date } não é uma data: use AAAA-MM-DD
error-license = a licença deve ser uma destas: { $licenses }
error-album-track-date = uma faixa de álbum usa a data de lançamento do álbum; altere a do álbum
error-no-room = { $what ->
    [album] não há espaço para outro álbum: são mantidos no máximo { $max }
    [single] não há espaço para outro single: são mantidos no máximo { $max }
   *[other] não há espaço para outra faixa neste álbum: são mantidas no máximo { $max }
}
error-track-list-busy = a lista de faixas está sendo atualizada; recarregue e tente de novo
error-featured-max = no máximo { $max } faixas podem ficar em destaque; tire o destaque de uma primeiro
error-featured-list = indique cada faixa em destaque uma vez, na ordem desejada
error-several-uploads = { $what ->
    [the-artist] o artista foi alterado por vários envios ao mesmo tempo; tente de novo
   *[other] o álbum foi alterado por vários envios ao mesmo tempo; tente de novo
}
error-artists-limit = você tem { $count } artistas, o máximo que uma conta pode ter ({ $max }, o limite de artistas); exclua um de que não precisa mais, ou adicione álbuns e singles a um que você já tem
error-changed-nothing-deleted = isto foi alterado nesse meio-tempo (em outra aba ou por outra requisição), então nada foi excluído; recarregue e tente de novo
error-delete-unfinished = a exclusão começou, mas não pôde terminar agora (o catálogo não está acessível); exclua de novo em instantes para terminá-la (o serviço também a termina quando reinicia)
error-being-deleted = { $what ->
    [artist] este artista está sendo excluído; recarregue em instantes (excluí-lo de novo termina a exclusão)
   *[other] este álbum está sendo excluído; recarregue em instantes (excluí-lo de novo termina a exclusão)
}
error-delete-kept-changing = o que está sendo excluído não parava de mudar; exclua de novo para terminar a exclusão
error-replace-kept-changing = a faixa não parava de mudar enquanto o áudio dela era substituído; nada foi alterado, tente de novo
error-audio-replaced-meanwhile = o áudio desta faixa foi substituído nesse meio-tempo (em outra aba ou por outra requisição); recarregue para ouvi-lo, e envie o seu de novo se ele deve substituí-lo
error-empty-upload = o arquivo está vazio (0 bytes): escolha o arquivo de novo e envie-o
error-file-too-large = o arquivo passa do limite de { $limit }; diminua-o e envie de novo
error-upload-cut-off-again = o envio chegou cortado ({ $detail }); envie o arquivo de novo
error-storage-full = este arquivo ({ $size }) não cabe no seu espaço: você guarda { $kept } de áudio{ $open }, e uma conta pode guardar { $limit } (o limite de bytes guardados); exclua faixas de que não precisa mais e envie de novo
error-storage-open = e { $size } em envios em andamento
error-uploads-limit = você tem { $count } envios abertos, o máximo que uma conta pode ter ao mesmo tempo ({ $max }, o limite de envios abertos); conclua ou cancele um (com DELETE), ou espere um expirar, e comece este de novo
error-upload-not-stored = não foi possível guardar o arquivo
error-upload-handoff = o envio chegou, mas não pôde ser passado para verificação; envie a última parte de novo em instantes
error-tus-version = este é um endpoint tus { $version }: envie o cabeçalho Tus-Resumable: { $version }
error-tus-metadata = Upload-Metadata deve ser formado por pares, separados por vírgulas, de uma chave e um valor em base64
error-tus-target = Upload-Metadata deve indicar o destino do envio: `target` é o base64 de album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image ou track/ID/audio
error-tus-offset = Upload-Offset é { $sent }, mas há { $stored } bytes guardados; continue a partir de { $stored }
error-tus-length-unknown = o tamanho de um envio deve ser conhecido no início: envie Upload-Length
error-tus-send-length = envie o tamanho do arquivo em bytes como Upload-Length
error-tus-send-offset = envie Upload-Offset: a posição em que os bytes começam
error-tus-content-type = envie os bytes de um PATCH como Content-Type: { $type }
error-tus-not-bytes = { $header } deve ser um número de bytes, como 1048576
error-tus-changed = outra requisição alterou este envio nesse meio-tempo; pergunte a posição dele (HEAD) e continue dali
error-tus-busy = outra requisição está guardando bytes deste envio; tente de novo em instantes
error-tus-finishing = este envio está completo e sendo guardado; aguarde um instante
error-tus-too-many-pieces = este envio foi mandado em partes demais; comece de novo
error-tus-too-much = esta requisição traz mais do que os { $left } bytes que faltam do envio; nada além do fim dele foi guardado
error-override-once = um POST para um envio deve indicar uma vez o método que ele representa: { $header }: PATCH ou DELETE
error-override-which = { $header } só pode ser PATCH ou DELETE (para um envio retomável); envie os outros métodos como são
error-override-where = { $header } só é aceito em um POST para um envio retomável ({ $path }/ID, no lugar de PATCH ou DELETE); envie o próprio método
error-audio-kinds = envie MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC ou WAV
error-looks-like = (parece { $kind })
error-not-audio = Este arquivo não é um áudio que possamos transmitir{ $seems }; { $kinds }.
error-audio-channels = Este arquivo tem { $channels } canais de áudio; este site aceita no máximo { $max } (o limite de canais). Exporte-o em estéreo e envie de novo.
error-audio-rate = A taxa de amostragem deste arquivo é { $rate }; este site aceita no máximo { $max } (o limite de taxa de amostragem). Exporte-o em 48 kHz ou 44,1 kHz e envie de novo.
error-audio-length = Este arquivo tem { $length } de áudio; este site aceita faixas de no máximo { $max } (o limite de duração). Divida-o em faixas mais curtas e envie-as.
error-audio-ratio = Este arquivo { $format } decodifica em { $length } de áudio, mais de { $ratio } vezes o tamanho dele (o limite do site): gravações reais não comprimem tanto. Se for áudio real, exporte-o como WAV ou com uma taxa de bits maior e envie de novo.
error-audio-empty = O arquivo está vazio (0 bytes); exporte a faixa de novo e envie.
error-read-back = Não foi possível ler o envio de volta; tente enviar de novo.
error-tag-only = O arquivo tem só uma tag e nenhum áudio; exporte a faixa de novo e envie.
error-too-short = O arquivo é curto demais para ter áudio; exporte a faixa de novo e envie.
error-id3-only = O arquivo começa com uma tag ID3, mas nenhum áudio vem depois; exporte a faixa de novo e envie.
error-rf64 = Este é um arquivo WAV de mais de 4 GB (RF64), que os navegadores não tocam; { $kinds } com menos de 4 GB.
error-adts = Este é um AAC puro (ADTS), que nem todo navegador toca; coloque-o em um arquivo M4A, ou { $kinds }.
error-mpeg-layer = Este é áudio MPEG camada { $layer } (MP{ $layer }), que nem todos os navegadores tocam; { $kinds }.
error-wav-order = O arquivo WAV tem o áudio antes do cabeçalho de formato; exporte-o de novo e envie.
error-wav-cut-early = O arquivo WAV termina antes de o áudio começar; exporte-o de novo e envie o arquivo inteiro.
error-wav-no-audio = O arquivo WAV tem cabeçalho, mas não tem áudio; exporte a faixa de novo e envie.
error-wav-header-damaged = O cabeçalho de formato do arquivo WAV está danificado; exporte-o de novo e envie.
error-wav-header-sum = O cabeçalho de formato do arquivo WAV não fecha (canais, taxa de amostragem ou tamanho da amostra); exporte-o de novo e envie.
error-wav-encoding = Este arquivo WAV contém { $encoding }, que os navegadores não conseguem tocar; exporte-o como WAV PCM de 16 ou 24 bits, ou { $kinds }.
error-ogg-cut = O arquivo Ogg está cortado: a última página dele falta ou está incompleta; exporte-o de novo e envie o arquivo inteiro.
error-alac = Este arquivo M4A contém Apple Lossless (ALAC), que a maioria dos navegadores não toca; exporte-o como AAC ou FLAC, ou { $kinds }.
error-ogg-flac = Este arquivo Ogg contém FLAC, que nem todo navegador toca; exporte um arquivo FLAC simples, ou { $kinds }.
error-mp4-no-audio = Este arquivo MP4 não tem nenhuma faixa de áudio que possamos tocar; { $kinds }.
error-codec = Este arquivo { $format } contém áudio em um formato que os navegadores não conseguem tocar; { $kinds }.
error-feature = Este arquivo { $format } usa um recurso que não conseguimos tocar ({ $feature }); { $kinds }.
error-damaged = O arquivo { $format } está danificado ou incompleto ({ $why }); exporte-o de novo e envie o arquivo inteiro.
error-frames = O arquivo { $format } está danificado: { $errors } dos { $packets } quadros de áudio dele não decodificam; exporte-o de novo e envie.
error-no-audio = O arquivo { $format } não tem áudio; exporte a faixa de novo e envie.
error-header-no-audio = O arquivo { $format } tem cabeçalho, mas não tem áudio; exporte a faixa de novo e envie.
error-no-rate = O arquivo { $format } não informa a taxa de amostragem; exporte-o de novo e envie.
error-cut-short = O arquivo { $format } está cortado: o cabeçalho promete { $promised }, mas só há { $there }; exporte-o de novo e envie o arquivo inteiro.
error-image-kinds = envie um JPEG ou PNG
error-not-image = Este arquivo não é uma imagem que aceitamos{ $seems }; { $kinds }.
error-image-empty = O arquivo de imagem está vazio (0 bytes); salve-o de novo e envie.
error-image-read-back = Não foi possível ler a imagem de volta; tente enviar de novo.
error-image-damaged = A imagem { $format } está danificada ou cortada; salve-a de novo e envie o arquivo inteiro.
error-image-too-large = Esta imagem é grande demais: aceitamos no máximo { $side } pixels de lado e { $megapixels } megapixels; reduza-a e envie de novo.
error-image-feature = Este { $format } usa um recurso que não conseguimos ler; salve-o como JPEG ou PNG simples e envie de novo.
error-image-reencode = Não foi possível recodificar a imagem; salve-a de novo como JPEG ou PNG simples e envie.
error-dev-name = informe um nome para entrar
error-signin-provider = { $reason } (código de erro: { $code }). Comece de novo; se continuar acontecendo, informe-nos o código
error-signin-cancelled = a entrada foi cancelada ou não permitida no provedor de login
error-signin-there-first = o provedor de login precisa que você entre nele primeiro
error-signin-not-now = o provedor de login não conseguiu fazer você entrar agora
error-signin-refused = o provedor de login não fez você entrar
error-signin-expired = esta entrada não começou aqui, ou demorou mais de 10 minutos; comece de novo
error-signin-no-code = o provedor de login não devolveu nenhum código; comece de novo
error-signin-state = a entrada não voltou como saiu ({ $why }); comece de novo
error-signin-state-mismatch = o parâmetro state não confere
error-signin-too-slow = a entrada demorou demais
error-signin-unreachable = o provedor de login { $issuer } não pôde ser acessado ou se descreveu de forma errada: { $detail }
error-signin-exchange = o provedor de login recusou a entrada: { $detail }
error-signin-token = o token de ID do provedor de login não é válido: { $detail }
error-renditions-queued = Não foram feitas versões para streaming desta faixa: você já tinha faixas esperando as delas ({ $count }), o máximo que este site enfileira para uma pessoa. Ela toca o arquivo original (a próxima passada completa nos arquivos do site as fará).
error-renditions-stopped = A criação das versões para streaming desta faixa foi interrompida após { $took }: demorou muito mais do que deveria para uma faixa de { $length }. Ela toca o arquivo original; para tentar de novo, exporte-a outra vez (WAV ou FLAC) e envie.
error-renditions-its-length = sua duração

## The licenses' names, in the license pickers

license-by = Atribuição 4.0 Internacional
license-by-sa = Atribuição-CompartilhaIgual 4.0 Internacional
license-by-nd = Atribuição-SemDerivações 4.0 Internacional
license-by-nc = Atribuição-NãoComercial 4.0 Internacional
license-by-nc-sa = Atribuição-NãoComercial-CompartilhaIgual 4.0 Internacional
license-by-nc-nd = Atribuição-NãoComercial-SemDerivações 4.0 Internacional
