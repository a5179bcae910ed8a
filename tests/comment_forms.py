"""WordPress comment forms as copy-pasted posts carry them: ordinary paragraphs of form text
(old theme wording, WordPress core's Arabic, English). Shared test data."""

OLD_FORM = [
    "اضف رد",
    "لن يتم نشر البريد الإلكتروني . الحقول المطلوبة مشار لها بـ *",
    "التعليق *",
    "الاسم *",
    "البريد الإلكتروني *",
    "الموقع الإلكتروني",
    "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.",
    "إرسال التعليق",
]
# New wording.
NEW_FORM = [
    "اترك تعليقاً",
    "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
    "التعليق *",
    "الاسم *",
    "البريد الإلكتروني *",
    "الموقع الإلكتروني",
    "إلغاء الرد",
]
EN_FORM = [
    "Leave a Reply Cancel reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment *",
    "Name *",
    "Email *",
    "Website",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Post Comment",
]
