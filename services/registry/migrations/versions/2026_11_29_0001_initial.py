"""initial: outbox, inbox, associations, submissions, history, geography (seeded), organisations,
partnerships

Revision ID: registry_0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from shared.migrations import create_backbone_tables, drop_backbone_tables

revision = "registry_0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = "registry"
TEXTS = ARRAY(sa.Text())

# Aswan governorate -> its six centres -> cities / local units -> villages. A starting set for
# staff to complete over HTTP (admins edit names and add places); codes are stable ids.
PLACES = [
    ("aswan_gov", "governorate", None, None, "محافظة أسوان", "Aswan Governorate"),
    ("aswan", "centre", "aswan_gov", "aswan", "مركز أسوان", "Aswan Centre"),
    ("daraw", "centre", "aswan_gov", "daraw", "مركز دراو", "Daraw Centre"),
    ("kom_ombo", "centre", "aswan_gov", "kom_ombo", "مركز كوم أمبو", "Kom Ombo Centre"),
    ("edfu", "centre", "aswan_gov", "edfu", "مركز إدفو", "Edfu Centre"),
    ("nasr_al_nuba", "centre", "aswan_gov", "nasr_al_nuba", "مركز نصر النوبة", "Nasr al-Nuba Centre"),  # noqa: E501
    ("abu_simbel", "centre", "aswan_gov", "abu_simbel", "مركز أبو سمبل", "Abu Simbel Centre"),
    ("aswan_city", "city", "aswan", "aswan", "مدينة أسوان", "Aswan City"),
    ("new_aswan", "city", "aswan", "aswan", "مدينة أسوان الجديدة", "New Aswan City"),
    ("gharb_aswan", "local_unit", "aswan", "aswan", "الوحدة المحلية بغرب أسوان", "West Aswan local unit"),  # noqa: E501
    ("gharb_soheil", "village", "gharb_aswan", "aswan", "غرب سهيل", "Gharb Soheil"),
    ("daraw_city", "city", "daraw", "daraw", "مدينة دراو", "Daraw City"),
    ("benban", "local_unit", "daraw", "daraw", "الوحدة المحلية ببنبان", "Benban local unit"),
    ("benban_village", "village", "benban", "daraw", "بنبان", "Benban"),
    ("kom_ombo_city", "city", "kom_ombo", "kom_ombo", "مدينة كوم أمبو", "Kom Ombo City"),
    ("salwa", "local_unit", "kom_ombo", "kom_ombo", "الوحدة المحلية بسلوا", "Salwa local unit"),
    ("salwa_bahari", "village", "salwa", "kom_ombo", "سلوا بحري", "Salwa Bahari"),
    ("fatira", "village", "salwa", "kom_ombo", "فطيرة", "Fatira"),
    ("edfu_city", "city", "edfu", "edfu", "مدينة إدفو", "Edfu City"),
    ("radisiya", "local_unit", "edfu", "edfu", "الوحدة المحلية بالرديسية", "Al-Radisiya local unit"),  # noqa: E501
    ("radisiya_qibli", "village", "radisiya", "edfu", "الرديسية قبلي", "Al-Radisiya Qibli"),
    ("radisiya_bahari", "village", "radisiya", "edfu", "الرديسية بحري", "Al-Radisiya Bahari"),
    ("basiliya", "local_unit", "edfu", "edfu", "الوحدة المحلية بالبصيلية", "Al-Basiliya local unit"),  # noqa: E501
    ("basiliya_village", "village", "basiliya", "edfu", "البصيلية", "Al-Basiliya"),
    ("sibaiya", "local_unit", "edfu", "edfu", "الوحدة المحلية بالسباعية", "Al-Sibaiya local unit"),
    ("sibaiya_gharb", "village", "sibaiya", "edfu", "السباعية غرب", "Al-Sibaiya Gharb"),
    ("nasr_city", "city", "nasr_al_nuba", "nasr_al_nuba", "مدينة نصر النوبة", "Nasr al-Nuba City"),
    ("kalabsha", "local_unit", "nasr_al_nuba", "nasr_al_nuba", "الوحدة المحلية بكلابشة", "Kalabsha local unit"),  # noqa: E501
    ("kalabsha_village", "village", "kalabsha", "nasr_al_nuba", "كلابشة", "Kalabsha"),
    ("dabod", "village", "kalabsha", "nasr_al_nuba", "دابود", "Dabod"),
    ("abu_simbel_city", "city", "abu_simbel", "abu_simbel", "مدينة أبو سمبل", "Abu Simbel City"),
    ("toshka", "local_unit", "abu_simbel", "abu_simbel", "الوحدة المحلية بتوشكى", "Toshka local unit"),  # noqa: E501
]  # fmt: skip


def _now(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    create_backbone_tables(SCHEMA)
    ints = [sa.Column(n, sa.Integer()) for n in (
        "founded_year", "members", "staff", "volunteers", "beneficiaries_per_year")]  # fmt: skip
    op.create_table(
        "associations",
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("registration_number", sa.Text(), nullable=False),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text()),
        sa.Column("name_norm", sa.Text(), nullable=False),
        sa.Column("name_block", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("legal_form", sa.Text(), nullable=False),
        sa.Column("centre", sa.Text(), nullable=False),
        sa.Column("centres_served", TEXTS, nullable=False),
        sa.Column("sectors", TEXTS, nullable=False),
        sa.Column("city", sa.Text()),
        sa.Column("village", sa.Text()),
        sa.Column("address", sa.Text()),
        *ints,
        sa.Column("annual_budget_band", sa.Text()),
        sa.Column("board_size", sa.Integer()),
        sa.Column("contact_phone", sa.Text()),
        sa.Column("contact_email", sa.Text()),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text()),
        sa.Column("duplicate_of", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        _now("created_at"),
        _now("updated_at"),
        sa.PrimaryKeyConstraint("association_id", name="pk_associations"),
        sa.UniqueConstraint("registration_number", name="uq_associations_registration_number"),
        schema=SCHEMA,
    )
    # duplicate screening: same centre and block (first two distinctive words of the normalised
    # name), then pg_trgm similarity within the block. A GIN trigram index over all names cost
    # ~25 ms a lookup at 50,000 names, since names share most of their words.
    op.create_index(
        "ix_associations_centre_name_block",
        "associations",
        ["centre", "name_block"],
        schema=SCHEMA,
    )
    op.execute(
        f"CREATE INDEX ix_associations_search_trgm ON {SCHEMA}.associations "
        "USING gin (search_text public.gin_trgm_ops)"
    )
    op.execute(f"CREATE INDEX ix_associations_sectors ON {SCHEMA}.associations USING gin (sectors)")
    op.create_index(
        "ix_associations_centre_status", "associations", ["centre", "status"], schema=SCHEMA
    )
    op.create_table(
        "submissions",
        sa.Column("submission_id", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("association_id", sa.Text()),
        sa.Column("existing_association_id", sa.Text()),
        sa.Column("errors", JSONB()),
        _now("received_at"),
        sa.PrimaryKeyConstraint("submission_id", name="pk_submissions"),
        schema=SCHEMA,
    )
    op.create_table(
        "association_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        _now("at"),
        sa.Column("before", JSONB(), nullable=False),
        sa.Column("after", JSONB(), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_association_history"),
        sa.ForeignKeyConstraint(
            ["association_id"],
            [f"{SCHEMA}.associations.association_id"],
            name="fk_association_history_association_id_associations",
        ),
        schema=SCHEMA,
    )
    op.create_index(
        "ix_association_history_association_id",
        "association_history",
        ["association_id"],
        schema=SCHEMA,
    )
    places = op.create_table(
        "places",
        sa.Column("code", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("parent_code", sa.Text()),
        sa.Column("centre", sa.Text()),
        sa.Column("name_ar", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        _now("updated_at"),
        sa.PrimaryKeyConstraint("code", name="pk_places"),
        sa.ForeignKeyConstraint(
            ["parent_code"], [f"{SCHEMA}.places.code"], name="fk_places_parent_code_places"
        ),
        schema=SCHEMA,
    )
    keys = ("code", "kind", "parent_code", "centre", "name_ar", "name_en")
    op.bulk_insert(places, [dict(zip(keys, row, strict=True)) for row in PLACES])
    op.create_table(
        "organisations",
        sa.Column("organisation_id", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("name_ar", sa.Text()),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("country", sa.Text()),
        sa.Column("website", sa.Text()),
        _now("created_at"),
        sa.PrimaryKeyConstraint("organisation_id", name="pk_organisations"),
        schema=SCHEMA,
    )
    op.create_table(
        "partnerships",
        sa.Column("partnership_id", sa.Text(), nullable=False),
        sa.Column("association_id", sa.Text(), nullable=False),
        sa.Column("organisation_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("sectors", TEXTS, nullable=False),
        sa.Column("centres", TEXTS, nullable=False),
        sa.Column("starts_on", sa.Date()),
        sa.Column("ends_on", sa.Date()),
        sa.Column("created_by", sa.Text(), nullable=False),
        _now("created_at"),
        sa.PrimaryKeyConstraint("partnership_id", name="pk_partnerships"),
        sa.ForeignKeyConstraint(
            ["association_id"],
            [f"{SCHEMA}.associations.association_id"],
            name="fk_partnerships_association_id_associations",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            [f"{SCHEMA}.organisations.organisation_id"],
            name="fk_partnerships_organisation_id_organisations",
        ),
        schema=SCHEMA,
    )
    for column in ("association_id", "organisation_id"):
        op.create_index(f"ix_partnerships_{column}", "partnerships", [column], schema=SCHEMA)


def downgrade() -> None:
    for table in ("partnerships", "organisations", "places", "association_history", "submissions",
                  "associations"):  # fmt: skip
        op.drop_table(table, schema=SCHEMA)
    drop_backbone_tables(SCHEMA)
