"""Every word the portal shows, in Arabic and English; Arabic is the default language.

Code lists (centres, sectors, legal forms) come from :mod:`shared.events.codes`."""

from __future__ import annotations

from shared.events.codes import CENTRE_NAMES, SECTORS, AssociationStatus, LegalForm

LANGUAGES = ("ar", "en")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits(text: str) -> str:
    """Western digits shown as Arabic-Indic (display only)."""
    return text.translate(_INDIC)


T: dict[str, tuple[str, str]] = {
    "site": ("بوابة الجمعيات الأهلية — أسوان ٢٠٤٠", "Civil society portal — Aswan 2040"),
    "switch": ("English", "العربية"),
    "skip": ("انتقل إلى المحتوى", "Skip to content"),
    "home": ("الرئيسية", "Home"),
    "register": ("تسجيل جمعية جديدة", "Register a new association"),
    "signin": ("تسجيل الدخول", "Sign in"),
    "signout": ("تسجيل الخروج", "Sign out"),
    "dashboard": ("لوحة مؤشرات أسوان ٢٠٤٠", "Aswan 2040 dashboard"),
    "home_lead": (
        "سجّل جمعيتك، وحدّث بياناتها، وشارك في متابعة خطة أسوان ٢٠٤٠.",
        "Register your association, keep its record current and take part in Aswan 2040.",
    ),
    "required_note": ("الحقول المعلّمة بـ * مطلوبة.", "Fields marked * are required."),
    "submit_registration": ("إرسال طلب التسجيل", "Submit the registration"),
    "choose": ("— اختر —", "— choose —"),
    "group_identity": ("بيانات الجمعية", "The association"),
    "group_place": ("المقر ونطاق العمل", "Where it works"),
    "group_work": ("مجالات العمل", "What it does"),
    "group_size": ("الحجم", "Its size"),
    "group_contact": ("وسيلة التواصل", "Contact"),
    "f_name_ar": ("اسم الجمعية بالعربية", "Name in Arabic"),
    "f_name_en": ("الاسم بالإنجليزية", "Name in English"),
    "f_registration_number": ("رقم الإشهار", "Registration number"),
    "f_legal_form": ("الشكل القانوني", "Legal form"),
    "f_founded_year": ("سنة التأسيس", "Year founded"),
    "f_centre": ("المركز (مقر الجمعية)", "Centre (seat)"),
    "f_city": ("المدينة", "City"),
    "f_village": ("القرية", "Village"),
    "f_address": ("العنوان", "Address"),
    "f_centres_served": ("المراكز التي تخدمها", "Centres served"),
    "f_sectors": ("القطاعات", "Sectors"),
    "f_beneficiaries_per_year": ("عدد المستفيدين سنويًا", "Beneficiaries per year"),
    "f_members": ("عدد الأعضاء", "Members"),
    "f_staff": ("عدد العاملين", "Staff"),
    "f_volunteers": ("عدد المتطوعين", "Volunteers"),
    "f_board_size": ("عدد أعضاء مجلس الإدارة", "Board members"),
    "f_annual_budget_band": ("الميزانية السنوية (جنيه)", "Annual budget (EGP)"),
    "f_contact_phone": ("رقم الهاتف", "Phone"),
    "f_contact_email": ("البريد الإلكتروني", "E-mail"),
    "h_registration_number": (
        "أرقام فقط، ويمكن كتابتها بالعربية",
        "Digits only, Arabic or Western",
    ),
    "h_contact": ("نرسل إليه رمز الدخول.", "Sign-in codes are sent here."),
    "e_required": ("هذا الحقل مطلوب", "This field is required"),
    "e_pick_one": ("اختر قيمة واحدة على الأقل", "Choose at least one"),
    "e_format": ("الصيغة غير صحيحة", "The format is not valid"),
    "e_name_ar": ("اكتب الاسم بحروف عربية (٣ أحرف على الأقل)", "Write the name in Arabic letters"),
    "e_registration_number": ("رقم الإشهار أرقام فقط (حتى ١٢ رقمًا)", "Digits only (up to 12)"),
    "e_range": ("الرقم خارج النطاق المسموح", "The number is out of range"),
    "e_email": ("بريد إلكتروني غير صالح", "Not a valid e-mail address"),
    "e_phone": ("رقم هاتف غير صالح", "Not a valid phone number"),
    "e_too_many": (
        "طلبات كثيرة من هذا الجهاز؛ حاول بعد دقيقة.",
        "Too many requests from this device; try again in a minute.",
    ),
    "e_csrf": (
        "انتهت صلاحية الصفحة؛ أعد تحميلها وحاول مرة أخرى.",
        "This page expired; reload it and try again.",
    ),
    "received_title": ("تم استلام طلب التسجيل", "Registration received"),
    "received_body": (
        "طلبك قيد المراجعة الآلية الآن. تبقى هذه الصفحة محدّثة؛ يمكنك حفظ رابطها والعودة إليه.",
        "Your request is being checked. This page updates itself; keep its link to come back.",
    ),
    "registered_title": ("تم تسجيل الجمعية", "The association is registered"),
    "org_id": ("المعرّف", "Organisation id"),
    "next_steps": (
        "تراجع المديرية الطلب وتتحقق منه. يصلك إشعار على وسيلة التواصل المسجلة، ويمكنك الدخول "
        "برقم الإشهار لمتابعة الحالة وتحديث البيانات.",
        "Governorate staff will verify the record. You will be notified on the contact given, "
        "and can sign in with the registration number to follow it and keep it current.",
    ),
    "rejected_title": ("لم يُقبل الطلب", "The registration was not accepted"),
    "rejected_body": ("صحّح ما يلي ثم أعد الإرسال:", "Correct the following and submit again:"),
    "correct": ("تصحيح البيانات وإعادة الإرسال", "Correct and submit again"),
    "not_found": ("الصفحة غير موجودة", "Page not found"),
    "status": ("الحالة", "Status"),
    "submission": ("رقم الطلب", "Submission"),
    "field": ("الحقل", "Field"),
}

STATUS: dict[str, tuple[str, str]] = {
    AssociationStatus.PENDING_VERIFICATION: ("في انتظار التحقق", "Pending verification"),
    AssociationStatus.ACTIVE: ("نشطة", "Active"),
    AssociationStatus.SUSPENDED: ("موقوفة", "Suspended"),
    AssociationStatus.DISSOLVED: ("منحلّة", "Dissolved"),
}
LEGAL_FORMS: dict[str, tuple[str, str]] = {
    LegalForm.ASSOCIATION: ("جمعية أهلية", "Association"),
    LegalForm.FOUNDATION: ("مؤسسة أهلية", "Foundation"),
    LegalForm.UNION: ("اتحاد", "Union"),
    LegalForm.FOREIGN_NGO: ("منظمة أجنبية", "Foreign NGO"),
}
BUDGET_BANDS: dict[str, tuple[str, str]] = {
    "lt_100k": ("أقل من ١٠٠ ألف", "Under 100k"),
    "100k_500k": ("١٠٠ – ٥٠٠ ألف", "100k – 500k"),
    "500k_1m": ("٥٠٠ ألف – مليون", "500k – 1m"),
    "1m_5m": ("١ – ٥ ملايين", "1m – 5m"),
    "gt_5m": ("أكثر من ٥ ملايين", "Over 5m"),
}
CODE_LISTS: dict[str, dict[str, tuple[str, str]]] = {
    "legal_forms": LEGAL_FORMS,
    "centres": {c.value: names for c, names in CENTRE_NAMES.items()},
    "sectors": {s.value: (ar, en) for s, (ar, en, _) in SECTORS.items()},
    "budget_bands": BUDGET_BANDS,
}


class Texts:
    """``t("key")`` in templates: the text in the page's language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "ar"
        self._i = 0 if self.language == "ar" else 1

    def __call__(self, key: str) -> str:
        pair = T.get(key)
        return pair[self._i] if pair else key

    def pick(self, pair: tuple[str, str] | None, fallback: str = "") -> str:
        return pair[self._i] if pair else fallback

    def code(self, code_list: str, code: str | None) -> str:
        return self.pick(CODE_LISTS[code_list].get(code or ""), code or "")

    def status(self, code: str | None) -> str:
        return self.pick(STATUS.get(code or ""), code or "")

    def message(self, error: dict[str, str]) -> str:
        return error.get("message_ar" if self.language == "ar" else "message_en") or ""
