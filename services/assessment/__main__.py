from services.assessment.bootstrap import build
from services.assessment.config import AssessmentSettings
from shared.process import serve

if __name__ == "__main__":
    serve(AssessmentSettings(), build)  # type: ignore[call-arg]
