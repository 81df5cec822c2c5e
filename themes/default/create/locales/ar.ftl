# العربية (Arabic): written by the project, not yet checked by a native
# speaker. Corrections are welcome (see docs/themes.md).

## Every page

skip-to-content = انتقل إلى المحتوى
site-create = إنشاء { $site }
create = إنشاء
account = الحساب
view-site = عرض الموقع
sign-out = تسجيل الخروج
terms = الشروط

## Sign-in and terms

sign-in = تسجيل الدخول
signin-heading = شارك موسيقاك على { $site }
signin-lede = سجّل الدخول لرفع ألبوماتك وأغانيك المنفردة. تُنشر صفحاتك فور الحفظ: لا إعجابات ولا تعليقات ولا متابعات، موسيقاك فقط.
dev-heading = تسجيل دخول محلي (وضع التطوير)
dev-hint-before = تعمل هذه الخدمة مع
dev-hint-after = : سجّل الدخول باسم أي شخص على هذا الجهاز، دون مزوّد هوية.
name = الاسم
email = البريد الإلكتروني
sign-in-locally = تسجيل الدخول محليًا
terms-heading = شروط الفنانين
terms-agreed = لقد وافقت على هذه الشروط.
go-to-artists = انتقل إلى فنانيك.
terms-agree = أملك حقوق الموسيقى التي أرفعها وأوافق على هذه الشروط.
agree-continue = موافقة ومتابعة
sign-in-to-agree = سجّل الدخول للموافقة

## Your artists

your-artists = فنانوك
artists-you-manage = الفنانون الذين تديرهم
edit = تعديل
more-artists = مزيد من الفنانين
no-artist-yet = ليست لديك صفحة فنان بعد. أنشئ واحدة أدناه، ثم أضف إليها ألبومات وأغاني منفردة.
new-artist = فنان جديد
bio = نبذة
bio-hint = (اختياري؛ تفصل الأسطر الفارغة بين الفقرات)
create-artist = إنشاء الفنان
where-signed-in = أين سجّلت الدخول
sessions-hint = هل سجّلت الدخول على حاسوب أو هاتف لم تعد تستخدمه، أو فقدته؟ هذا ينهي كل جلساتك، بما فيها هذه.
sign-out-everywhere = تسجيل الخروج من كل مكان

## What a change says once it is done

done-terms = شكرًا. يمكنك الآن إنشاء صفحة الفنان الخاصة بك.
done-artist-created = أُنشئت صفحة الفنان ونُشرت.
done-artist-saved = تم الحفظ. صفحة الفنان منشورة.
done-artist-deleted = حُذف الفنان مع صفحاته وملفاته.
done-image-saved = الصورة الجديدة منشورة.
done-album-created = أُنشئ الألبوم ونُشرت صفحته. أضف مقاطعه أدناه.
done-album-saved = تم الحفظ. صفحة الألبوم منشورة.
done-album-deleted = حُذف الألبوم مع مقاطعه وملفاته.
done-tracks-added = تم الرفع. المقاطع منشورة.
done-singles-added = تم الرفع. الأغاني المنفردة منشورة.
done-track-saved = تم الحفظ. المقطع منشور.
done-track-moved = تم النقل. الترتيب الجديد منشور.
done-track-deleted = حُذف المقطع.
done-featured = المقطع مختار على صفحة الفنان.
done-unfeatured = لم يعد المقطع مختارًا.
done-featured-order = الترتيب الجديد للمقاطع المختارة منشور.
done-pending = تم الحفظ. سيظهر على الموقع بعد لحظات.
done-pending-deleted = تم الحذف. سيظهر ذلك على الموقع بعد لحظات.
see-the-page = عرض الصفحة

## Errors

error-kicker = خطأ { $status }
go-back = رجوع
go-to-start = الذهاب إلى البداية
error-heading = لم ينجح ذلك
error-not-found-heading = هذا غير موجود هنا، أو ليس لك
error-unavailable-heading = يُرجى المحاولة مجددًا بعد لحظات
error-sign-in-first = سجّل الدخول أولًا
error-internal = حدث خطأ من جهتنا؛ لم يتغيّر شيء. حاول مجددًا بعد لحظات
error-name-letter = يحتاج الاسم إلى حرف أو رقم واحد على الأقل
error-empty-file = الملف فارغ (0 بايت)؛ اختر الملف مجددًا
error-not-found = { $thing } غير موجود
thing-artist = الفنان
thing-album = الألبوم
thing-track = المقطع
thing-upload = الرفع
thing-page = الصفحة

## An artist's and an album's pages

artist = فنان
album = ألبوم
see-published-page = عرض الصفحة المنشورة
see-published-album = عرض صفحة الألبوم المنشورة
name-and-bio = الاسم والنبذة
image-of = صورة { $name }
no-image-yet = لا توجد صورة بعد
artist-image = صورة الفنان
artist-image-hint = يُفضّل ملف JPEG أو PNG مربّع؛ يُعرض داخل دائرة.
paragraphs-hint = (تفصل الأسطر الفارغة بين الفقرات)
save = حفظ
albums = الألبومات
no-albums = لا توجد ألبومات بعد.
new-album = ألبوم جديد
title = العنوان
release-date = تاريخ الإصدار
description = الوصف
optional = (اختياري)
create-album = إنشاء الألبوم
singles = الأغاني المنفردة
add-singles = إضافة أغانٍ منفردة
add-singles-hint = أسقط هنا ملفًا صوتيًا أو أكثر، أو اخترها: MP3 أو M4A (AAC) أو Ogg (Vorbis أو Opus) أو FLAC أو WAV. يصبح كل ملف أغنية منفردة، بعنوان من وسومه.
no-singles = لا توجد أغانٍ منفردة بعد.
featured-tracks = مقاطع مختارة
featured-hint = حتى ثلاثة مقاطع من ألبوماتك أو أغانيك المنفردة، تُعرض أولًا في صفحتك. اختر مقطعًا من صفحة ألبومه أو من الأغاني المنفردة أعلاه.
move-up = نقل لأعلى
move-down = نقل لأسفل
unfeature = إلغاء الاختيار
no-featured = لا توجد مقاطع مختارة.
delete-artist-heading = حذف هذا الفنان
delete-artist-text = يحذف صفحة { $name } وكل ألبوم ومقطع وأغنية منفردة وملفاتها.
delete-artist-what = هذا الفنان مع كل ألبوماته ومقاطعه وملفاته
details = التفاصيل
cover-of = غلاف { $title }
no-cover-yet = لا يوجد غلاف بعد
cover-image = صورة الغلاف
cover-image-hint = ملف JPEG أو PNG مربّع، بحجم 300 × 300 بكسل على الأقل.
tracks = المقاطع
add-tracks = إضافة مقاطع
add-tracks-hint = أسقط الألبوم كاملًا هنا، أو اختر ملفًا صوتيًا أو أكثر: MP3 أو M4A (AAC) أو Ogg (Vorbis أو Opus) أو FLAC أو WAV. تُضاف بترتيب أرقام المقاطع، بعناوين من وسومها.
no-tracks = لا توجد مقاطع بعد.
delete-album-heading = حذف هذا الألبوم
delete-album-text = يحذف صفحة الألبوم ومقاطعه وملفاتها.
delete-album-what = هذا الألبوم مع مقاطعه وملفاته
delete-confirm = أفهم أن هذا يحذف { $what } نهائيًا.
delete = حذف
license = الرخصة
done-audio-replaced = الصوت الجديد منشور؛ احتفظ المقطع بصفحته ومكانه.

## Signing in did not work

signin-failed = تعذّر تسجيل الدخول
sign-in-again = سجّل الدخول مجددًا
not-signed-out = لم يتم تسجيل الخروج بعد
back = رجوع

## The terms

terms-lede = يستضيف { $site } موسيقى فنانين مستقلين. قبل أن ترفع أي شيء، يُرجى قراءة هذه الشروط والموافقة عليها. إنها قصيرة عن قصد.
terms-yours-heading = موسيقاك تبقى ملكك
terms-yours-text = تؤكد أنك كتبت كل ما ترفعه (الصوت والصور والنصوص) أو أديته أو تملك حقوقه بطريقة أخرى، أو أن لديك إذن كل من يملكها. لا ترفع أعمال الآخرين، ولا عيّنات لم تحصل على إذن باستخدامها، ولا أي شيء مخالف للقانون.
terms-allow-heading = ما تسمح لنا بفعله
terms-allow-text = تمنح { $site } الإذن بتخزين ما ترفعه، وبعمل النسخ اللازمة لتشغيل الخدمة (مثل نسخ أصغر من الصور والنسخ الاحتياطية)، وبنشره وبثه لكل من يزور الموقع. هذا الإذن مجاني وينتهي عندما تحذف ما رفعته، باستثناء النسخ الاحتياطية التي تنتهي صلاحيتها من تلقاء نفسها.
terms-license-heading = أنت تختار الرخصة
terms-license-text = يُنشر كل ألبوم وكل أغنية منفردة برخصة المشاع الإبداعي 4.0 التي تختارها (نسب المصنَّف - غير تجاري - منع الاشتقاق ما لم تختر غيرها). تُخبر هذه الرخصة المستمعين بما يجوز لهم فعله بموسيقاك إلى جانب الاستماع إليها هنا. لا يمكن سحب رخصة منحتها عن النسخ التي صُنعت بموجبها من قبل، فاختر رخصة ترتاح إليها.
terms-delete-heading = يمكنك الحذف في أي وقت
terms-delete-text = يمكنك تعديل أو حذف أي مقطع أو ألبوم أو صفحة فنان في أي وقت. تُزال الصفحات والملفات المحذوفة من الموقع فورًا.
terms-fair-heading = الاستخدام العادل للخدمة
terms-fair-text = قد نزيل محتوى يخالف هذه الشروط أو القانون، وسنخبرك عندما نفعل ذلك. تُقدَّم الخدمة كما هي، دون ضمان لتوفرها.

## A track in a list, and the upload control

featured = مختار
feature = اختيار
published-page = الصفحة المنشورة
delete-track-confirm = أتريد حذف هذا المقطع؟ ستُزال صفحته وملفه.
replace-audio = استبدال الصوت
new-audio-file = ملف صوتي جديد
new-audio-hint = نسخة رئيسية مصحّحة: MP3 أو M4A (AAC) أو Ogg (Vorbis أو Opus) أو FLAC أو WAV. يحتفظ المقطع بصفحته وروابطه وعنوانه ومكانه؛ ويُشغَّل الملف القديم حتى يُنشر الجديد.
upload = رفع
uploads-in-progress = عمليات الرفع الجارية
form-limit = من دون JavaScript يرسل هذا النموذج ملفات لا يزيد حجمها على 4 ميغابايت (تقبل خدمة الرفع 6 ميغابايت على الأكثر في الطلب الواحد)؛ ومع تفعيل JavaScript تُرفع الملفات بأي حجم على أجزاء.

## What the page's script says while it works

js-waiting = في الانتظار…
js-uploading = جارٍ الرفع… { $percent }٪
js-checking = جارٍ فحص الملف…
js-uploaded = تم الرفع والنشر.
js-upload-failed = فشل الرفع: { $reason }
js-unknown-error = خطأ غير معروف
js-network = فشل الاتصال
js-connection-failing = الاتصال يفشل مرارًا؛ توقف الرفع عند { $percent }٪. حاول مجددًا لاحقًا.
js-checking-late = فحص الملف يستغرق أطول مما ينبغي؛ أعد تحميل الصفحة بعد بضع دقائق لترى هل وصل.
js-failed-one = فشل الرفع؛ انظر الرسالة بجانب الملف.
js-failed-all = تعذّر رفع أي ملف؛ انظر الرسائل بجانب الملفات.
js-uploading-file = جارٍ رفع { $name }…
js-uploading-files = جارٍ رفع الملفات ({ $count })…
js-finished-one = اكتمل الرفع
js-finished-many = اكتملت عمليات الرفع: { $count }
js-finished-some = اكتمل رفع { $done } من { $total }
js-live = { $what }: منشور الآن.
js-publishing = { $what }. جارٍ نشر الصفحة…
js-request-failed = فشل الطلب ({ $status }). أعد تحميل الصفحة وحاول مجددًا.
js-send-failed = تعذّر إرسال التغيير. تحقق من اتصالك وحاول مجددًا.
js-order-failed = تعذّر حفظ الترتيب الجديد. أعد تحميل الصفحة لترى الترتيب المحفوظ.
js-drag = اسحب لإعادة الترتيب

## Errors the service answers with

error-changed-meanwhile = تغيّر في هذه الأثناء (في علامة تبويب أخرى أو بطلب آخر)؛ أعد التحميل وحاول مجددًا
error-catalog-unreachable = لا يمكن الوصول إلى الفهرس الآن؛ لم يتغيّر شيء. حاول مجددًا بعد لحظات
error-media-unreachable = لا يمكن الوصول إلى مخزن الملفات الآن؛ لم يتغيّر شيء. حاول مجددًا بعد لحظات
error-images-busy = تُجهَّز الآن صور كبيرة كثيرة جدًا، لذا لم يُحفظ شيء؛ حاول مجددًا بعد بضع ثوانٍ
error-field-not-right = أحد الحقول غير صحيح: { $detail }
error-agree-terms-first = وافق على الشروط أولًا (POST /api/v1/me/terms، أو من قسم الإنشاء)
error-api-no-file = لم يُرسل أي ملف: أرسله في حقل ملف ضمن نموذج multipart
error-send-one-file = أرسل ملفًا واحدًا
error-send-json = أرسل الحقول بصيغة JSON (Content-Type: application/json)
error-json-too-large = محتوى JSON كبير جدًا
error-json-invalid = المحتوى ليس JSON صالحًا: { $detail }
error-json-not-object = يجب أن يكون المحتوى كائن JSON من الحقول
error-upload-form-invalid = الرفع ليس نموذجًا صالحًا: { $detail }
error-form-too-large = النموذج كبير جدًا
error-form-cut-off = وصل النموذج ناقصًا ({ $detail })؛ أرسله مجددًا
error-csrf = رمز أمان النموذج مفقود أو قديم؛ أعد تحميل الصفحة وحاول مجددًا
error-origin = لم يأتِ هذا الطلب من صفحات هذا الموقع (ترويسة Origin مفقودة أو تخص موقعًا آخر)
error-terms-tick = ضع علامة في المربع للموافقة على الشروط، ثم اضغط الزر
error-form-no-file = لم يُرسل أي ملف: اختر ملفًا ثم اضغط «رفع»
error-confirm-delete = لم يُحذف شيء: ضع علامة على «أفهم» للتأكيد، ثم اضغط «حذف»
error-move-direction = حدّد اتجاه النقل: direction=up أو down
error-upload-cut-off = وصل الرفع ناقصًا: { $detail }
error-in-file = { $file }: { $error }.
error-in-file-one-kept = { $file }: { $error }. أُضيف الملف الذي قبله.
error-in-file-kept = { $file }: { $error }. أُضيفت الملفات التي قبله، وعددها { $count }.
error-cursor = هذا المؤشر (cursor) لم تصدره هذه الخدمة؛ ابدأ من الصفحة الأولى (من دون cursor)
error-page-limit = يجب أن يكون limit عدد فنانين من 1 إلى { $max }
error-name-taken = هذا الاسم يستخدمه فنان آخر؛ اختر اسمًا آخر
error-name-taken-exactly = الاسم «{ $name }» يستخدمه فنان آخر؛ اختر اسمًا آخر
error-name-looks-the-same = يبدو «{ $name }» مطابقًا لـ«{ $taken }»، وهو اسم فنان آخر (الحروف من أبجدية أخرى والتشكيل وحالة الأحرف والحروف العريضة والمسافات الخاصة لا تجعل الاسم مختلفًا)؛ اختر اسمًا آخر
error-name-taken-or-changed = هذا الاسم يستخدمه فنان آخر، أو تغيّر الفنان في هذه الأثناء؛ أعد التحميل وحاول مجددًا
error-empty = { $what ->
    [name] الاسم فارغ؛ اكتب اسمًا
   *[other] العنوان فارغ؛ اكتب عنوانًا
}
error-too-long = { $what ->
    [name] الاسم طويل جدًا: الحد الأقصى { $max } حرفًا
    [text] النص طويل جدًا: الحد الأقصى { $max } حرفًا
   *[other] العنوان طويل جدًا: الحد الأقصى { $max } حرفًا
}
error-not-a-date = تاريخ الإصدار { $date } ليس تاريخًا: استخدم الصيغة YYYY-MM-DD
error-license = يجب أن تكون الرخصة إحدى هذه: { $licenses }
error-album-track-date = يأخذ مقطع الألبوم تاريخ إصدار ألبومه؛ غيّر تاريخ الألبوم
error-no-room = { $what ->
    [album] لا مكان لألبوم آخر: الحد الأقصى { $max }
    [single] لا مكان لأغنية منفردة أخرى: الحد الأقصى { $max }
   *[other] لا مكان لمقطع آخر في هذا الألبوم: الحد الأقصى { $max }
}
error-track-list-busy = قائمة المقاطع قيد التحديث؛ أعد التحميل وحاول مجددًا
error-featured-max = الحد الأقصى للمقاطع المختارة هو { $max }؛ ألغِ اختيار أحدها أولًا
error-featured-list = اذكر كل مقطع مختار مرة واحدة، بالترتيب المطلوب
error-several-uploads = { $what ->
    [the-artist] غيّرت عدة عمليات رفع الفنان في الوقت نفسه؛ حاول مجددًا
   *[other] غيّرت عدة عمليات رفع الألبوم في الوقت نفسه؛ حاول مجددًا
}
error-artists-limit = عدد فنانيك { $count }، وهو الحد الأقصى للحساب الواحد ({ $max }، حد الفنانين)؛ احذف فنانًا لم تعد تحتاجه، أو أضف ألبومات وأغاني منفردة إلى فنان لديك
error-changed-nothing-deleted = تغيّر في هذه الأثناء (في علامة تبويب أخرى أو بطلب آخر)، لذا لم يُحذف شيء؛ أعد التحميل وحاول مجددًا
error-delete-unfinished = بدأ الحذف لكنه لم يكتمل الآن (لا يمكن الوصول إلى الفهرس)؛ احذفه مجددًا بعد لحظات لإكماله (تكمله الخدمة أيضًا عند إعادة تشغيلها)
error-being-deleted = { $what ->
    [artist] هذا الفنان قيد الحذف؛ أعد التحميل بعد لحظات (حذفه مجددًا يكمل الحذف)
   *[other] هذا الألبوم قيد الحذف؛ أعد التحميل بعد لحظات (حذفه مجددًا يكمل الحذف)
}
error-delete-kept-changing = ما يُحذف ظل يتغيّر؛ احذفه مجددًا لإكمال الحذف
error-replace-kept-changing = ظل المقطع يتغيّر أثناء استبدال صوته؛ لم يتغيّر شيء، حاول مجددًا
error-audio-replaced-meanwhile = استُبدل صوت هذا المقطع في هذه الأثناء (في علامة تبويب أخرى أو بطلب آخر)؛ أعد التحميل لتسمعه، وارفع ملفك مجددًا إن كان يجب أن يحل محله
error-empty-upload = الملف فارغ (0 بايت): اختر الملف مجددًا وارفعه
error-file-too-large = الملف أكبر من الحد البالغ { $limit }؛ صغّره وارفعه مجددًا
error-upload-cut-off-again = وصل الرفع ناقصًا ({ $detail })؛ أرسل الملف مجددًا
error-storage-full = هذا الملف ({ $size }) لا يتسع له مخزنك: لديك { $kept } من الصوت{ $open }، ويمكن للحساب الواحد تخزين { $limit } (حد البايتات المخزنة)؛ احذف مقاطع لم تعد تحتاجها، ثم ارفعه مجددًا
error-storage-open = و{ $size } في عمليات رفع جارية
error-uploads-limit = لديك { $count } من عمليات الرفع المفتوحة، وهو الحد الأقصى للحساب الواحد في الوقت نفسه ({ $max }، حد عمليات الرفع المفتوحة)؛ أكمل إحداها أو ألغها (DELETE)، أو انتظر حتى تنتهي صلاحية إحداها، ثم ابدأ هذه مجددًا
error-upload-not-stored = تعذّر تخزين الملف
error-upload-handoff = وصل الرفع لكن تعذّر تسليمه للفحص؛ أرسل الجزء الأخير مجددًا بعد لحظات
error-tus-version = هذه نقطة نهاية tus { $version }: أرسل الترويسة Tus-Resumable: { $version }
error-tus-metadata = يجب أن تكون Upload-Metadata أزواجًا مفصولة بفواصل من مفتاح وقيمة base64
error-tus-target = يجب أن تسمّي Upload-Metadata وجهة الرفع: `target` هو base64 لأحد هذه: album/ID/tracks أو artist/ID/singles أو artist/ID/image أو album/ID/image أو track/ID/audio
error-tus-offset = قيمة Upload-Offset هي { $sent } لكن المخزَّن { $stored } بايت؛ تابع من { $stored }
error-tus-length-unknown = يجب أن يُعرف طول الرفع عند بدئه: أرسل Upload-Length
error-tus-send-length = أرسل حجم الملف بالبايت في Upload-Length
error-tus-send-offset = أرسل Upload-Offset: الموضع الذي تبدأ منه البايتات
error-tus-content-type = أرسل بايتات PATCH بترويسة Content-Type: { $type }
error-tus-not-bytes = يجب أن يكون { $header } عدد بايتات، مثل 1048576
error-tus-changed = غيّر طلب آخر هذا الرفع في هذه الأثناء؛ اسأل عن موضعه (HEAD) وتابع من هناك
error-tus-busy = طلب آخر يخزّن بايتات هذا الرفع؛ حاول مجددًا بعد لحظات
error-tus-finishing = اكتمل هذا الرفع وجارٍ تخزينه؛ انتظر لحظة
error-tus-too-many-pieces = أُرسل هذا الرفع على أجزاء كثيرة جدًا؛ ابدأه من جديد
error-tus-too-much = يحمل هذا الطلب أكثر من البايتات المتبقية من الرفع ({ $left })؛ لم يُخزَّن شيء بعد نهايته
error-override-once = يجب أن يسمّي طلب POST إلى رفعٍ الطريقةَ التي يمثلها، مرة واحدة: { $header }: PATCH أو DELETE
error-override-which = لا يمكن أن تكون { $header } إلا PATCH أو DELETE (لرفع قابل للاستئناف)؛ أرسل الطرق الأخرى كما هي
error-override-where = لا تُقبل { $header } إلا في طلب POST إلى رفع قابل للاستئناف ({ $path }/ID، بدلًا من PATCH أو DELETE)؛ أرسل الطريقة نفسها
error-audio-kinds = ارفع MP3 أو AAC/M4A أو Ogg Vorbis/Opus أو FLAC أو WAV
error-looks-like = (يبدو أنه { $kind })
error-not-audio = هذا الملف ليس صوتًا يمكننا بثه{ $seems }؛ { $kinds }.
error-audio-channels = في هذا الملف { $channels } قنوات صوتية؛ يقبل هذا الموقع { $max } على الأكثر (حد القنوات). صدّره بصيغة ستيريو وارفعه مجددًا.
error-audio-rate = معدل العينات في هذا الملف { $rate }؛ يقبل هذا الموقع { $max } على الأكثر (حد معدل العينات). صدّره بمعدل 48 كيلوهرتز أو 44.1 كيلوهرتز وارفعه مجددًا.
error-audio-length = يحتوي هذا الملف على { $length } من الصوت؛ يقبل هذا الموقع مقاطع لا تتجاوز { $max } (حد المدة). قسّمه إلى مقاطع أقصر وارفعها.
error-audio-ratio = يُفك ترميز ملف { $format } هذا إلى { $length } من الصوت، أي أكثر من { $ratio } أضعاف حجمه (حد الموقع): التسجيلات الحقيقية لا تنضغط إلى هذا الحد. إن كان صوتًا حقيقيًا، فصدّره بصيغة WAV أو بمعدل بت أعلى وارفعه مجددًا.
error-audio-empty = الملف فارغ (0 بايت)؛ صدّر المقطع مجددًا وارفعه.
error-read-back = تعذّرت قراءة الرفع مجددًا؛ حاول رفعه مرة أخرى.
error-tag-only = لا يحتوي الملف إلا على وسم ولا صوت فيه؛ صدّر المقطع مجددًا وارفعه.
error-too-short = الملف أقصر من أن يحتوي على صوت؛ صدّر المقطع مجددًا وارفعه.
error-id3-only = يبدأ الملف بوسم ID3 لكن لا صوت بعده؛ صدّر المقطع مجددًا وارفعه.
error-rf64 = هذا ملف WAV أكبر من 4 غيغابايت (RF64)، ولا تشغّله المتصفحات؛ { $kinds } بحجم أقل من 4 غيغابايت.
error-adts = هذا AAC خام (ADTS)، ولا تشغّله كل المتصفحات؛ ضعه في ملف M4A، أو { $kinds }.
error-mpeg-layer = هذا صوت MPEG من الطبقة { $layer } (MP{ $layer })، ولا تشغّله كل المتصفحات؛ { $kinds }.
error-wav-order = في ملف WAV يأتي الصوت قبل ترويسة التنسيق؛ صدّره مجددًا وارفعه.
error-wav-cut-early = ملف WAV مقطوع قبل أن يبدأ صوته؛ صدّره مجددًا وارفع الملف كاملًا.
error-wav-no-audio = في ملف WAV ترويسة لكن لا صوت فيه؛ صدّر المقطع مجددًا وارفعه.
error-wav-header-damaged = ترويسة التنسيق في ملف WAV تالفة؛ صدّره مجددًا وارفعه.
error-wav-header-sum = ترويسة التنسيق في ملف WAV غير متسقة (القنوات أو معدل العينات أو حجم العينة)؛ صدّره مجددًا وارفعه.
error-wav-encoding = يحتوي ملف WAV هذا على { $encoding }، ولا تستطيع المتصفحات تشغيله؛ صدّره بصيغة PCM WAV بعمق 16 أو 24 بت، أو { $kinds }.
error-ogg-cut = ملف Ogg مقطوع: صفحته الأخيرة مفقودة أو ناقصة؛ صدّره مجددًا وارفع الملف كاملًا.
error-alac = يحتوي ملف M4A هذا على Apple Lossless (ALAC)، ولا تستطيع معظم المتصفحات تشغيله؛ صدّره بصيغة AAC أو FLAC، أو { $kinds }.
error-ogg-flac = يحتوي ملف Ogg هذا على FLAC، ولا تشغّله كل المتصفحات؛ صدّر ملف FLAC عاديًا، أو { $kinds }.
error-mp4-no-audio = لا يحتوي ملف MP4 هذا على مسار صوتي يمكننا تشغيله؛ { $kinds }.
error-codec = يحتوي ملف { $format } هذا على صوت بتنسيق لا تستطيع المتصفحات تشغيله؛ { $kinds }.
error-feature = يستخدم ملف { $format } هذا ميزة لا يمكننا تشغيلها ({ $feature })؛ { $kinds }.
error-damaged = ملف { $format } تالف أو ناقص ({ $why })؛ صدّره مجددًا وارفع الملف كاملًا.
error-frames = ملف { $format } تالف: { $errors } من أصل { $packets } إطارًا صوتيًا لا يمكن فك ترميزها؛ صدّره مجددًا وارفعه.
error-no-audio = لا صوت في ملف { $format }؛ صدّر المقطع مجددًا وارفعه.
error-header-no-audio = في ملف { $format } ترويسة لكن لا صوت فيه؛ صدّر المقطع مجددًا وارفعه.
error-no-rate = لا يذكر ملف { $format } معدل عيناته؛ صدّره مجددًا وارفعه.
error-cut-short = ملف { $format } مقطوع: تعد ترويسته بـ{ $promised } لكن الموجود { $there } فقط؛ صدّره مجددًا وارفع الملف كاملًا.
error-image-kinds = ارفع صورة JPEG أو PNG
error-not-image = هذا الملف ليس صورة نقبلها{ $seems }؛ { $kinds }.
error-image-empty = ملف الصورة فارغ (0 بايت)؛ احفظه مجددًا وارفعه.
error-image-read-back = تعذّرت قراءة الصورة مجددًا؛ حاول رفعها مرة أخرى.
error-image-damaged = صورة { $format } تالفة أو مقطوعة؛ احفظها مجددًا وارفع الملف كاملًا.
error-image-too-large = هذه الصورة كبيرة جدًا: نقبل { $side } بكسل على الأكثر لكل ضلع و{ $megapixels } ميغابكسل؛ صغّرها وارفعها مجددًا.
error-image-feature = يستخدم ملف { $format } هذا ميزة لا يمكننا قراءتها؛ احفظه بصيغة JPEG أو PNG عادية وارفعه مجددًا.
error-image-reencode = تعذّرت إعادة ترميز الصورة؛ احفظها مجددًا بصيغة JPEG أو PNG عادية وارفعها.
error-dev-name = اكتب اسمًا لتسجيل الدخول به
error-signin-provider = { $reason } (رمز الخطأ: { $code }). ابدأ من جديد؛ وإن تكرر ذلك فأخبرنا بالرمز
error-signin-cancelled = أُلغي تسجيل الدخول أو لم يُسمح به لدى مزوّد تسجيل الدخول
error-signin-there-first = يطلب مزوّد تسجيل الدخول أن تسجّل الدخول لديه أولًا
error-signin-not-now = تعذّر على مزوّد تسجيل الدخول تسجيل دخولك الآن
error-signin-refused = لم يسجّل مزوّد تسجيل الدخول دخولك
error-signin-expired = لم يبدأ تسجيل الدخول هذا من هنا، أو استغرق أكثر من 10 دقائق؛ ابدأ من جديد
error-signin-no-code = لم يُعِد مزوّد تسجيل الدخول أي رمز؛ ابدأ من جديد
error-signin-state = لم يعد تسجيل الدخول كما خرج ({ $why })؛ ابدأ من جديد
error-signin-state-mismatch = المعامل state غير مطابق
error-signin-too-slow = استغرق تسجيل الدخول وقتًا طويلًا جدًا
error-signin-unreachable = تعذّر الوصول إلى مزوّد تسجيل الدخول { $issuer } أو وصف نفسه بشكل خاطئ: { $detail }
error-signin-exchange = رفض مزوّد تسجيل الدخول تسجيل الدخول: { $detail }
error-signin-token = رمز الهوية (ID token) من مزوّد تسجيل الدخول غير صالح: { $detail }
error-renditions-queued = لم تُصنع نسخ للبث من هذا المقطع: لديك بالفعل مقاطع تنتظر نسخها ({ $count })، وهو أقصى ما يضعه هذا الموقع في قائمة الانتظار لشخص واحد. يُشغَّل ملفه الأصلي (ستصنعها المعالجة الكاملة التالية لملفات الموقع).
error-renditions-stopped = أُوقف صنع نسخ البث لهذا المقطع بعد { $took }: استغرق وقتًا أطول بكثير مما ينبغي لمقطع مدته { $length }. يُشغَّل ملفه الأصلي؛ لإعادة المحاولة، صدّره مرة أخرى (WAV أو FLAC) وارفعه.
error-renditions-its-length = هذه المدة

## The licenses' names, in the license pickers

license-by = نسب المصنَّف 4.0 دولي
license-by-sa = نسب المصنَّف - الترخيص بالمثل 4.0 دولي
license-by-nd = نسب المصنَّف - منع الاشتقاق 4.0 دولي
license-by-nc = نسب المصنَّف - غير تجاري 4.0 دولي
license-by-nc-sa = نسب المصنَّف - غير تجاري - الترخيص بالمثل 4.0 دولي
license-by-nc-nd = نسب المصنَّف - غير تجاري - منع الاشتقاق 4.0 دولي
