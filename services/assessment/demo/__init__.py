"""DEMO questionnaires (needs, challenges, capacity): readable YAML sources here, built into the
XLSForm workbooks beside them by ``python -m services.assessment.demo build``. They are flagged
demo (``aswan_demo: yes``, "نموذج تجريبي" in the title): illustrative instruments to show the
platform working, not adopted ones."""
