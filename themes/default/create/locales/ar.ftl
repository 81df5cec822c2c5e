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
