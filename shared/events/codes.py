"""Published code lists of the contracts: centres, legal forms, statuses, sectors (with SDGs)."""

from __future__ import annotations

from enum import StrEnum


class Centre(StrEnum):
    ASWAN = "aswan"
    DARAW = "daraw"
    KOM_OMBO = "kom_ombo"
    EDFU = "edfu"
    NASR_AL_NUBA = "nasr_al_nuba"
    ABU_SIMBEL = "abu_simbel"


CENTRE_NAMES: dict[Centre, tuple[str, str]] = {
    Centre.ASWAN: ("أسوان", "Aswan"),
    Centre.DARAW: ("دراو", "Daraw"),
    Centre.KOM_OMBO: ("كوم أمبو", "Kom Ombo"),
    Centre.EDFU: ("إدفو", "Edfu"),
    Centre.NASR_AL_NUBA: ("نصر النوبة", "Nasr al-Nuba"),
    Centre.ABU_SIMBEL: ("أبو سمبل", "Abu Simbel"),
}


class LegalForm(StrEnum):
    ASSOCIATION = "association"
    FOUNDATION = "foundation"
    UNION = "union"
    FOREIGN_NGO = "foreign_ngo"


class AssociationStatus(StrEnum):
    PENDING_VERIFICATION = "pending_verification"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISSOLVED = "dissolved"


class Sector(StrEnum):
    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL_PROTECTION = "social_protection"
    WOMEN = "women"
    CHILDREN_YOUTH = "children_youth"
    DISABILITY = "disability"
    ECONOMIC_EMPOWERMENT = "economic_empowerment"
    ENVIRONMENT = "environment"
    CULTURE_HERITAGE = "culture_heritage"
    AGRICULTURE_RURAL = "agriculture_rural"
    WATER_SANITATION = "water_sanitation"
    HOUSING = "housing"
    LEGAL_AID = "legal_aid"
    ELDERLY = "elderly"
    ORPHANS = "orphans"
    RELIEF = "relief"


# sector -> (Arabic name, English name, SDG goals it serves)
SECTORS: dict[Sector, tuple[str, str, tuple[int, ...]]] = {
    Sector.EDUCATION: ("التعليم", "Education", (4,)),
    Sector.HEALTH: ("الصحة", "Health", (3,)),
    Sector.SOCIAL_PROTECTION: ("الحماية الاجتماعية", "Social protection", (1, 10)),
    Sector.WOMEN: ("المرأة", "Women", (5,)),
    Sector.CHILDREN_YOUTH: ("الطفولة والشباب", "Children and youth", (4, 8, 16)),
    Sector.DISABILITY: ("ذوو الإعاقة", "Disability", (10,)),
    Sector.ECONOMIC_EMPOWERMENT: ("التمكين الاقتصادي", "Economic empowerment", (1, 8)),
    Sector.ENVIRONMENT: ("البيئة", "Environment", (13, 15)),
    Sector.CULTURE_HERITAGE: ("الثقافة والتراث", "Culture and heritage", (11,)),
    Sector.AGRICULTURE_RURAL: (
        "الزراعة والتنمية الريفية",
        "Agriculture and rural development",
        (2,),
    ),
    Sector.WATER_SANITATION: ("المياه والصرف الصحي", "Water and sanitation", (6,)),
    Sector.HOUSING: ("الإسكان", "Housing", (11,)),
    Sector.LEGAL_AID: ("المساعدة القانونية", "Legal aid", (16,)),
    Sector.ELDERLY: ("كبار السن", "Elderly", (3, 10)),
    Sector.ORPHANS: ("رعاية الأيتام", "Orphans", (1, 10)),
    Sector.RELIEF: ("الإغاثة", "Relief", (1, 2)),
}


class KpiStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"
    NO_DATA = "no_data"
