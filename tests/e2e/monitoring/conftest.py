from tests.integration.monitoring.conftest import app  # noqa: F401 - the same app fixture
