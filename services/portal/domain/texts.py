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
    "staff_home": ("لوحة الموظفين", "Staff"),
    "my_association": ("جمعيتي", "My association"),
    "signin_lead": (
        "أدخل رقم إشهار الجمعية (أو بريدك إن كنت من موظفي المحافظة) لنرسل رمز دخول من ٦ أرقام "
        "إلى وسيلة التواصل المسجلة.",
        "Enter the association's registration number (or your e-mail if you are governorate "
        "staff): we send a 6-digit code to the contact on record.",
    ),
    "f_identifier": ("رقم الإشهار أو البريد الإلكتروني", "Registration number or e-mail"),
    "send_code": ("أرسل رمز الدخول", "Send the code"),
    "code_sent": (
        "إن كان هذا الرقم أو البريد مسجلًا لدينا فقد أرسلنا رمزًا إلى وسيلة التواصل المسجلة. "
        "الرمز صالح لمدة ١٠ دقائق.",
        "If this number or address is on record, a code was sent to its contact. "
        "It is valid for 10 minutes.",
    ),
    "f_code": ("رمز الدخول (٦ أرقام)", "Sign-in code (6 digits)"),
    "e_code": ("الرمز ٦ أرقام", "The code is 6 digits"),
    "e_code_wrong": (
        "الرمز غير صحيح أو انتهت صلاحيته. اطلب رمزًا جديدًا إن تكرر ذلك.",
        "The code is wrong or expired. Ask for a new one if this happens again.",
    ),
    "verify": ("دخول", "Sign in"),
    "new_code": ("طلب رمز جديد", "Ask for a new code"),
    "signed_out": ("تم تسجيل الخروج.", "You are signed out."),
    "needs_role": ("هذه الصفحة تتطلب صلاحية:", "This page needs the role:"),
    "forbidden": ("غير مسموح", "Not allowed"),
    "saved": ("تم حفظ التعديلات.", "Your changes are saved."),
    "edit_record": ("تعديل بيانات الجمعية", "Edit the record"),
    "record": ("السجل", "The record"),
    "f_org_id": ("المعرّف", "Organisation id"),
    "f_status": ("الحالة", "Status"),
    "partnerships": ("الشراكات", "Partnerships"),
    "partner": ("الشريك", "Partner"),
    "kind": ("النوع", "Kind"),
    "period": ("الفترة", "Period"),
    "none_yet": ("لا يوجد شيء بعد.", "Nothing yet."),
    "history": ("سجل التعديلات", "Edit history"),
    "when": ("متى", "When"),
    "what": ("ماذا", "What"),
    "who": ("من", "Who"),
    "conflict_title": (
        "عدّل شخص آخر السجل في أثناء تعديلك",
        "Someone else changed the record meanwhile",
    ),
    "conflict_body": (
        "لم يُحفظ شيء. ما كتبته باقٍ في النموذج أدناه؛ راجع القيم الحالية ثم احفظ مرة أخرى.",
        "Nothing was saved. Your input is kept below; check the values on record and save again.",
    ),
    "now_on_record": ("القيمة الحالية:", "now on record:"),
    "save": ("حفظ", "Save"),
    "cancel": ("إلغاء", "Cancel"),
    "queue": ("طلبات في انتظار التحقق", "Registrations to verify"),
    "measurements_pending": ("قياسات في انتظار الاعتماد", "Measurements to approve"),
    "pending_count": ("العدد", "Count"),
    "possible_duplicate": ("تكرار محتمل", "Possible duplicate"),
    "yes": ("نعم", "Yes"),
    "this_record": ("هذا السجل", "This record"),
    "decision": ("القرار", "Decision"),
    "reason": ("السبب", "Reason"),
    "reason_hint": ("مطلوب للإيقاف والحل.", "Required to suspend or dissolve."),
    "act_verify": ("تحقق واعتماد", "Verify"),
    "act_suspend": ("إيقاف", "Suspend"),
    "act_dissolve": ("حل", "Dissolve"),
    "act_reactivate": ("إعادة تنشيط", "Reactivate"),
    "act_approve": ("اعتماد", "Approve"),
    "act_return": ("إعادة مع تعليق", "Return with a comment"),
    "done_verify": ("تم التحقق من الجمعية.", "The association is verified."),
    "done_suspend": ("تم إيقاف الجمعية.", "The association is suspended."),
    "done_dissolve": ("تم حل الجمعية.", "The association is dissolved."),
    "done_reactivate": ("أعيد تنشيط الجمعية.", "The association is active again."),
    "done_approve": ("تم اعتماد القياس.", "The measurement is approved."),
    "done_return": ("أعيد القياس إلى مقدمه.", "The measurement went back to its reporter."),
    "governorate": ("المحافظة", "Governorate"),
    "value": ("القيمة", "Value"),
    "outlier": ("قيمة شاذة", "Outlier"),
    "reported_by": ("مقدّم من", "Reported by"),
    "comment": ("تعليق", "Comment"),
    "kpis": ("مؤشرات مبادراتنا", "Our initiatives' KPIs"),
    "kpi": ("المؤشر", "KPI"),
    "unit": ("الوحدة", "Unit"),
    "initiative": ("المبادرة", "Initiative"),
    "report_value": ("الإبلاغ عن قيمة", "Report a value"),
    "h_period": ("سنة (2026) أو ربع (2026-Q3) أو شهر (2026-07)", "A year, quarter or month"),
    "e_period": ("الفترة: 2026 أو 2026-Q3 أو 2026-07", "Period: 2026, 2026-Q3 or 2026-07"),
    "send": ("إرسال", "Send"),
    "kpi_sent": (
        "تم إرسال القيمة؛ تنتظر اعتماد موظفي المحافظة قبل ظهورها في اللوحة.",
        "The value is sent; it waits for staff approval before it shows on the dashboard.",
    ),
    "no_kpis": (
        "لا توجد مؤشرات لمبادرات تقودها الجمعية أو تشارك فيها بعد.",
        "No KPI of an initiative this association leads or partners in yet.",
    ),
    "assessments": ("التقييمات", "Assessments"),
    "open_campaigns": ("حملات التقييم المفتوحة", "Open assessment campaigns"),
    "capacity": ("القدرات المؤسسية", "Organisational capacity"),
    "overall": ("الدرجة الكلية", "Overall"),
    "before": ("السابقة", "before"),
    "domain": ("المجال", "Domain"),
    "score": ("الدرجة", "Score"),
    "action_plan": ("خطة العمل", "Action plan"),
    "entry": ("إدخال", "Entry"),
    "e_constraint": ("الإجابة لا تحقق شرط السؤال", "The answer fails the question's condition"),
    "answers_received": ("تم استلام الإجابات", "Answers received"),
    "answers_received_body": (
        "تُراجع الآن؛ تبقى هذه الصفحة محدّثة.",
        "Being checked; this page updates.",
    ),
    "answers_accepted": ("تم قبول الإجابات", "The answers are accepted"),
    "oca_governance": ("الحوكمة", "Governance"),
    "oca_finance": ("الإدارة المالية", "Finance"),
    "oca_administration": ("الإدارة", "Administration"),
    "oca_hr": ("الموارد البشرية", "Human resources"),
    "oca_programme": ("إدارة البرامج", "Programme"),
    "oca_performance": ("الأداء", "Performance"),
    "oca_organisation": ("التنظيم", "Organisation"),
    "role_association": ("جمعية مسجلة", "a registered association"),
    "role_staff": ("موظف بالمحافظة", "governorate staff"),
    "role_partner": ("شريك تنمية", "development partner"),
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
