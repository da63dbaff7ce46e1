"""forms, form versions and submissions

A form is its versions: each (form_id, version) an immutable definition (the JSON read from the
XLSForm, its content hash and the uploaded workbook), numbered in upload order (``ordinal``; the
latest is the highest). Submissions keep the answers as submitted and normalised, stamped with the
version they were validated against; ``seq`` orders exports and pages.

Revision ID: assessment_0003
Revises: assessment_0002
Create Date: 2026-12-03
"""

from alembic import op

revision = "assessment_0003"
down_revision = "assessment_0002"
branch_labels = None
depends_on = None

SCHEMA = "assessment"

UPGRADE = f"""
CREATE TABLE {SCHEMA}.form_versions (
    form_id text NOT NULL,
    version text NOT NULL,
    ordinal integer NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    demo boolean NOT NULL DEFAULT false,
    definition jsonb NOT NULL,
    content_hash text NOT NULL,
    workbook bytea NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_form_versions PRIMARY KEY (form_id, version),
    CONSTRAINT uq_form_versions_ordinal UNIQUE (form_id, ordinal),
    CONSTRAINT ck_form_versions_kind CHECK (kind IN ('needs', 'capacity', 'challenges', 'survey'))
);

CREATE TABLE {SCHEMA}.submissions (
    submission_id text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    form_id text NOT NULL,
    form_version text NOT NULL,
    kind text NOT NULL,
    campaign_id text,
    association_id text,
    centre text,
    answers jsonb NOT NULL,
    raw_answers jsonb NOT NULL,
    submitted_by text NOT NULL,
    channel text NOT NULL,
    submitted_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_submissions PRIMARY KEY (submission_id),
    CONSTRAINT fk_submissions_form_version FOREIGN KEY (form_id, form_version)
        REFERENCES {SCHEMA}.form_versions (form_id, version),
    CONSTRAINT ck_submissions_channel CHECK (channel IN ('http', 'bus'))
);
CREATE INDEX ix_submissions_form_seq ON {SCHEMA}.submissions (form_id, seq);
CREATE INDEX ix_submissions_association ON {SCHEMA}.submissions (association_id, seq)
    WHERE association_id IS NOT NULL;
CREATE INDEX ix_submissions_campaign ON {SCHEMA}.submissions (campaign_id, seq)
    WHERE campaign_id IS NOT NULL;
"""

DOWNGRADE = f"""
DROP TABLE {SCHEMA}.submissions;
DROP TABLE {SCHEMA}.form_versions;
"""


def _run(script: str) -> None:
    # one statement at a time: asyncpg prepares each, and a prepared statement is one command
    for statement in script.split(";\n"):
        if statement.strip():
            op.execute(statement)


def upgrade() -> None:
    _run(UPGRADE)


def downgrade() -> None:
    _run(DOWNGRADE)
