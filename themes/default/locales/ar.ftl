# العربية (Arabic): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = انتقل إلى المحتوى
site-feed-title = الإصدارات الجديدة على { $site }
site-description = موسيقى من فنانين مستقلين، مجانية للاستماع والمشاركة.

## The player

player = المشغّل
previous-track = المقطع السابق
next-track = المقطع التالي
play = تشغيل
data-saver = توفير البيانات
seek = التقدّم
play-track = تشغيل { $title }
player-autoplay = اضغط على تشغيل لبدء الموسيقى
player-failed = تعذّر تشغيل { $title }
player-copied = تم نسخ الرابط
player-copy-this = انسخ هذا الرابط: { $url }
player-time-of = { $current } من { $total }

## Sharing

copy-link = نسخ الرابط
copy-link-at = نسخ الرابط عند

## Home and the artist index

artists = الفنانون
no-artists = لا يوجد فنانون بعد.
artist-count-by-letter = { $count ->
    [zero] لا يوجد فنانون.
    [one] فنان واحد، حسب الحرف الأول من اسمه.
    [two] فنانان، حسب الحرف الأول من اسميهما.
    [few] { $count } فنانين، حسب الحرف الأول من أسمائهم.
    [many] { $count } فنانًا، حسب الحرف الأول من أسمائهم.
   *[other] { $count } فنان، حسب الحرف الأول من أسمائهم.
}
artists-by-initial = الفنانون حسب الحرف الأول
index-heading = الفنانون: { $letter }
index-heading-other = الفنانون: # (أرقام ورموز وأبجديات أخرى)
index-title-page = { $heading } (الصفحة { $number } من { $pages })
index-description = فنانون على { $site } تبدأ أسماؤهم بـ{ $first }.
index-other-first = رقم أو رمز أو أبجدية أخرى
page-of = الصفحة { $number } من { $pages }
pages-of = صفحات { $letter }
previous-page = → السابق
next-page = التالي ←

## Artist pages

artist = فنان
artist-description = موسيقى { $name } على { $site }.
featured-tracks = مقاطع مختارة
albums = الألبومات
singles = الأغاني المنفردة
about-artist = عن { $name }
artist-playlist-title = { $name }: قائمة تشغيل
artist-atom-title = { $name }: إصدارات جديدة
artist-podcast-title = { $name }: بودكاست
playlist-m3u = قائمة تشغيل (M3U)
podcast-rss = بودكاست (RSS)
new-releases-atom = إصدارات جديدة (Atom)

## Album and track pages

album = ألبوم
album-playlist-title = { $title }: قائمة تشغيل
track-count = { $count ->
    [zero] لا توجد مقاطع
    [one] مقطع واحد
    [two] مقطعان
    [few] { $count } مقاطع
    [many] { $count } مقطعًا
   *[other] { $count } مقطع
}
by-before = بواسطة
by-after = {""}
tracks = المقاطع
about-album = عن هذا الألبوم
track-on-before = المقطع { $number } من
track-on-after = {""}
single = أغنية منفردة
listen = استمع
download = تنزيل
download-track = تنزيل { $title }،
download-file-name = مقطع
date = { $day } { $month-name } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر

## Licenses

license-text-before = منشور بموجب رخصة المشاع الإبداعي
license-text-after = ({ $short }).
license-by = نسب المصنَّف 4.0 دولي
license-by-sa = نسب المصنَّف - الترخيص بالمثل 4.0 دولي
license-by-nd = نسب المصنَّف - منع الاشتقاق 4.0 دولي
license-by-nc = نسب المصنَّف - غير تجاري 4.0 دولي
license-by-nc-sa = نسب المصنَّف - غير تجاري - الترخيص بالمثل 4.0 دولي
license-by-nc-nd = نسب المصنَّف - غير تجاري - منع الاشتقاق 4.0 دولي

## Not found

not-found-title = غير موجودة — { $site }
not-found-description = هذه الصفحة غير موجودة.
not-found-kicker = خطأ 404
not-found-heading = هذه الصفحة غير موجودة هنا
not-found-text = ربما يكون الرابط قديمًا، أو ربما نُقلت الموسيقى. كل ما هو موجود هنا على بُعد نقرة واحدة.
not-found-home = الذهاب إلى الصفحة الرئيسية

## What search engines and link previews show

album-by = { $title } بواسطة { $artist }
album-summary = { $year ->
    [0] { $title }، ألبوم من { $artist }.
   *[other] { $title }، ألبوم من { $artist } ({ $year }).
}
album-summary-anonymous = { $title }، ألبوم.
track-by = { $title } بواسطة { $artist }
track-summary = { $title } بواسطة { $artist }، من ألبوم { $album }.
track-summary-single = { $title } بواسطة { $artist }.
track-summary-anonymous = { $title }، من ألبوم { $album }.
track-summary-single-anonymous = { $title }.

## Feeds

feed-album-by = ألبوم من { $artist }
feed-artist-subtitle = إصدارات { $artist } الجديدة على { $site }
feed-single-by = أغنية منفردة من { $artist }
feed-new-album = ألبوم جديد.
feed-new-album-by = ألبوم جديد من { $artist }.
feed-new-single = أغنية منفردة جديدة.
feed-new-single-by = أغنية منفردة جديدة من { $artist }.
