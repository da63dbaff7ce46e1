"""Every word the portal shows, in Arabic and English; Arabic is the default language.

Code lists (centres, sectors, legal forms) come from :mod:`shared.events.codes`."""

from __future__ import annotations

from services.portal.domain.words_public import PUBLIC
from services.portal.domain.words_signed_in import RECORD, WORK
from shared.events.codes import CENTRE_NAMES, SECTORS, AssociationStatus, LegalForm

LANGUAGES = ("ar", "en")
_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def arabic_digits(text: str) -> str:
    """Western digits shown as Arabic-Indic (display only)."""
    return text.translate(_INDIC)


T: dict[str, tuple[str, str]] = {**PUBLIC, **RECORD, **WORK}

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
