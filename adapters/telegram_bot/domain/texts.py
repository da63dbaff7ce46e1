"""What the bot says, in Arabic (default) and English: prompts, option labels, outcomes."""

from __future__ import annotations

from shared.events.codes import CENTRE_NAMES, SECTORS, Centre, Sector

LEGAL_FORMS: dict[str, tuple[str, str]] = {
    "association": ("جمعية أهلية", "Association"),
    "foundation": ("مؤسسة أهلية", "Foundation"),
    "union": ("اتحاد", "Union"),
    "foreign_ngo": ("منظمة أجنبية", "Foreign NGO"),
}

PROMPTS: dict[str, tuple[str, str]] = {
    "name_ar": ("ما اسم الجمعية بالعربية؟", "What is the association's name in Arabic?"),
    "name_en": ("ما اسم الجمعية بالإنجليزية؟ (اختياري)", "Its name in English? (optional)"),
    "registration_number": ("ما رقم الإشهار؟", "What is the registration number?"),
    "legal_form": ("ما الشكل القانوني؟", "Which legal form?"),
    "centre": ("في أي مركز مقر الجمعية؟", "In which centre is its seat?"),
    "sectors": ("اختر قطاعات العمل ثم «تم»", "Choose its sectors, then Done"),
    "centres_served": ("اختر المراكز التي تخدمها ثم «تم» (اختياري)", "Centres served, then Done"),
    "contact_phone": ("رقم هاتف للتواصل؟ (اختياري)", "A contact phone number? (optional)"),
    "contact_email": ("بريد إلكتروني للتواصل؟ (اختياري)", "A contact e-mail? (optional)"),
}

LABELS: dict[str, tuple[str, str]] = {
    "name_ar": ("الاسم بالعربية", "Name (Arabic)"),
    "name_en": ("الاسم بالإنجليزية", "Name (English)"),
    "registration_number": ("رقم الإشهار", "Registration number"),
    "legal_form": ("الشكل القانوني", "Legal form"),
    "centre": ("المركز", "Centre"),
    "sectors": ("القطاعات", "Sectors"),
    "centres_served": ("المراكز المخدومة", "Centres served"),
    "contact_phone": ("الهاتف", "Phone"),
    "contact_email": ("البريد الإلكتروني", "E-mail"),
}

SAY: dict[str, tuple[str, str]] = {
    "welcome": (
        "أهلًا بك في بوت تسجيل الجمعيات الأهلية بمحافظة أسوان. سنسألك عن بيانات جمعيتك خطوة بخطوة.",
        "Welcome to the Aswan associations registration bot. We will ask for the details in turn.",
    ),
    "skip": ("تخطي", "Skip"),
    "done": ("تم", "Done"),
    "confirm": ("تأكيد وإرسال", "Confirm and send"),
    "restart": ("البدء من جديد", "Start again"),
    "summary": ("راجع البيانات ثم أكد:", "Check the details, then confirm:"),
    "sent": ("تم إرسال الطلب، وسنبلغك بالنتيجة هنا.", "Sent. We will tell you the outcome here."),
    "registered": (
        "تم تسجيل الجمعية. الرقم التعريفي: {org_id}",
        "The association is registered. Its id: {org_id}",
    ),
    "rejected": (
        "لم يُقبل الطلب للأسباب التالية؛ اضغط على الحقل لتصحيحه:",
        "The registration was not accepted; tap a field to correct it:",
    ),
    "fix": ("تصحيح: {label}", "Fix: {label}"),
    "no_status": (
        "لا يوجد طلب تسجيل من هذه المحادثة بعد. أرسل /start",
        "No registration yet: /start",
    ),
    "status": ("الحالة: {status}", "Status: {status}"),
    "waiting": ("الطلب قيد المراجعة.", "The registration is being checked."),
    "use_buttons": ("اختر من الأزرار أو اكتب الاسم.", "Choose a button or type the name."),
    "chosen": ("المختار: {items}", "Chosen: {items}"),
}

STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("قيد المراجعة", "being checked"),
    "rejected": ("مرفوض، يحتاج إلى تصحيح", "rejected, needs correcting"),
    "pending_verification": ("مسجلة، في انتظار التحقق", "registered, awaiting verification"),
    "active": ("نشطة", "active"),
    "suspended": ("موقوفة", "suspended"),
    "dissolved": ("منحلة", "dissolved"),
}


def say(key: str, lang: str, **values: object) -> str:
    ar, en = SAY[key]
    return (en if lang == "en" else ar).format(**values)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def option_label(field: str, code: str, lang: str) -> str:
    if field == "legal_form" and code in LEGAL_FORMS:
        return pick(LEGAL_FORMS[code], lang)
    if field in ("centre", "centres_served") and code in {c.value for c in Centre}:
        return pick(CENTRE_NAMES[Centre(code)], lang)
    if field == "sectors" and code in {s.value for s in Sector}:
        ar, en, _ = SECTORS[Sector(code)]
        return en if lang == "en" else ar
    return code
