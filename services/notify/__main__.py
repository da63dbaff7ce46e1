from services.notify.bootstrap import build
from services.notify.config import NotifySettings
from shared.process import serve

if __name__ == "__main__":
    serve(NotifySettings(), build)  # type: ignore[call-arg, arg-type]
