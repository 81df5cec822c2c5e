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
