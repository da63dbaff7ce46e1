"""campaigns, needs, challenges, capacity and gaps

The needs table becomes the aggregate of a campaign's cells (centre x sector): the statements it
is made of (one per needs submission, or per staff member's PUT) are kept in need_statements. The
associations read model gains what coverage needs: yearly beneficiaries, arrays instead of comma
lists, and ``cells``, the distinct "centre/sector" pairs it works in (its centres x sectors and
those of its partnerships), kept current by the handlers so that the gap statement unnests one
array per association (no sort, no de-duplication at recompute time).

Revision ID: assessment_0004
Revises: assessment_0003
Create Date: 2026-12-03
"""

from alembic import op

revision = "assessment_0004"
down_revision = "assessment_0003"
branch_labels = None
depends_on = None

SCHEMA = "assessment"

UPGRADE = f"""
CREATE TABLE {SCHEMA}.campaigns (
    campaign_id text NOT NULL,
    form_id text NOT NULL,
    form_version text NOT NULL,
    title_ar text NOT NULL,
    title_en text,
    centres text[] NOT NULL,
    audience text NOT NULL,
    opens_on date NOT NULL,
    closes_on date NOT NULL,
    status text NOT NULL DEFAULT 'draft',
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    opened_at timestamptz,
    closed_at timestamptz,
    CONSTRAINT pk_campaigns PRIMARY KEY (campaign_id),
    CONSTRAINT ck_campaigns_status CHECK (status IN ('draft', 'open', 'closed')),
    CONSTRAINT ck_campaigns_audience CHECK (audience IN ('associations', 'communities', 'staff')),
    CONSTRAINT ck_campaigns_dates CHECK (closes_on >= opens_on)
);
CREATE INDEX ix_campaigns_centres ON {SCHEMA}.campaigns USING gin (centres);

ALTER TABLE {SCHEMA}.needs
    ADD COLUMN people_in_need integer NOT NULL DEFAULT 0,
    ADD COLUMN submissions integer NOT NULL DEFAULT 0,
    DROP COLUMN recorded_by;

CREATE TABLE {SCHEMA}.need_statements (
    statement_id text NOT NULL,
    campaign_id text NOT NULL,
    centre text NOT NULL,
    sector text NOT NULL,
    severity smallint NOT NULL,
    people_in_need integer NOT NULL,
    people_affected integer NOT NULL,
    main_problems text[] NOT NULL DEFAULT '{{}}',
    submission_id text,
    association_id text,
    recorded_by text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_need_statements PRIMARY KEY (statement_id),
    CONSTRAINT ck_need_statements_severity CHECK (severity BETWEEN 1 AND 5)
);
CREATE INDEX ix_need_statements_cell ON {SCHEMA}.need_statements (campaign_id, centre, sector);

CREATE TABLE {SCHEMA}.challenges (
    submission_id text NOT NULL,
    sector text NOT NULL,
    challenge text NOT NULL,
    campaign_id text,
    association_id text,
    centre text NOT NULL,
    CONSTRAINT pk_challenges PRIMARY KEY (submission_id, sector, challenge)
);
CREATE INDEX ix_challenges_campaign ON {SCHEMA}.challenges (campaign_id);

CREATE TABLE {SCHEMA}.capacity_assessments (
    assessment_id text NOT NULL,
    association_id text NOT NULL,
    campaign_id text,
    form_id text NOT NULL,
    form_version text NOT NULL,
    assessed_at timestamptz NOT NULL,
    overall double precision NOT NULL,
    domains jsonb NOT NULL,
    submitted_by text NOT NULL,
    CONSTRAINT pk_capacity_assessments PRIMARY KEY (assessment_id)
);
CREATE INDEX ix_capacity_assessments_association
    ON {SCHEMA}.capacity_assessments (association_id, assessed_at, assessment_id);

CREATE TABLE {SCHEMA}.capacity_scores (
    assessment_id text NOT NULL REFERENCES {SCHEMA}.capacity_assessments (assessment_id),
    sub_area text NOT NULL,
    domain text NOT NULL,
    score smallint NOT NULL,
    evidence text,
    CONSTRAINT pk_capacity_scores PRIMARY KEY (assessment_id, sub_area),
    CONSTRAINT ck_capacity_scores_score CHECK (score BETWEEN 1 AND 4)
);

CREATE TABLE {SCHEMA}.capacity_actions (
    action_id text NOT NULL,
    assessment_id text NOT NULL REFERENCES {SCHEMA}.capacity_assessments (assessment_id),
    domain text NOT NULL,
    action text NOT NULL,
    owner text NOT NULL,
    due_on date,
    status text NOT NULL DEFAULT 'open',
    updated_by text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_capacity_actions PRIMARY KEY (action_id),
    CONSTRAINT ck_capacity_actions_status CHECK (status IN ('open', 'done', 'dropped'))
);
CREATE INDEX ix_capacity_actions_assessment ON {SCHEMA}.capacity_actions (assessment_id);

ALTER TABLE {SCHEMA}.associations
    ADD COLUMN beneficiaries_per_year integer NOT NULL DEFAULT 0,
    ADD COLUMN cells text[] NOT NULL DEFAULT '{{}}',
    ALTER COLUMN centres_served TYPE text[] USING string_to_array(centres_served, ','),
    ALTER COLUMN sectors TYPE text[] USING string_to_array(sectors, ',');
CREATE INDEX ix_associations_active ON {SCHEMA}.associations (association_id)
    WHERE status = 'active';

CREATE TABLE {SCHEMA}.partnerships (
    partnership_id text NOT NULL,
    association_id text NOT NULL,
    centres text[] NOT NULL,
    sectors text[] NOT NULL,
    starts_on date,
    ends_on date,
    CONSTRAINT pk_partnerships PRIMARY KEY (partnership_id)
);
CREATE INDEX ix_partnerships_association ON {SCHEMA}.partnerships (association_id);

CREATE TABLE {SCHEMA}.gaps (
    campaign_id text NOT NULL,
    centre text NOT NULL,
    sector text NOT NULL,
    rank integer NOT NULL,
    severity smallint NOT NULL,
    people_in_need integer NOT NULL,
    people_reached bigint NOT NULL,
    coverage double precision NOT NULL,
    gap integer NOT NULL,
    computed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_gaps PRIMARY KEY (campaign_id, centre, sector)
);
"""

DOWNGRADE = f"""
DROP TABLE {SCHEMA}.gaps;
DROP TABLE {SCHEMA}.partnerships;
DROP INDEX {SCHEMA}.ix_associations_active;
ALTER TABLE {SCHEMA}.associations
    DROP COLUMN beneficiaries_per_year,
    DROP COLUMN cells,
    ALTER COLUMN centres_served TYPE text USING array_to_string(centres_served, ','),
    ALTER COLUMN sectors TYPE text USING array_to_string(sectors, ',');
DROP TABLE {SCHEMA}.capacity_actions;
DROP TABLE {SCHEMA}.capacity_scores;
DROP TABLE {SCHEMA}.capacity_assessments;
DROP TABLE {SCHEMA}.challenges;
DROP TABLE {SCHEMA}.need_statements;
ALTER TABLE {SCHEMA}.needs
    DROP COLUMN people_in_need,
    DROP COLUMN submissions,
    ADD COLUMN recorded_by text NOT NULL DEFAULT '';
DROP TABLE {SCHEMA}.campaigns;
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
