"""Compiled templates are kept for the process's life: rendering never goes back to the file."""

from __future__ import annotations

from services.notify.adapters.templates import TemplateRenderer
from services.notify.domain.model import Channel


def test_a_template_is_compiled_once_and_its_file_not_read_again(tmp_path) -> None:
    (tmp_path / "hello").mkdir()
    sms = tmp_path / "hello" / "sms.txt.j2"
    sms.write_text("مرحبا {{ name }}", "utf-8")
    renderer = TemplateRenderer(str(tmp_path))
    first = renderer.render("hello", Channel.SMS, {"name": "أسوان"})
    sms.write_text("changed {{ name }}", "utf-8")
    again = renderer.render("hello", Channel.SMS, {"name": "أسوان"})
    assert first.text == again.text == "مرحبا أسوان\n"
    assert TemplateRenderer(str(tmp_path)).render("hello", Channel.SMS, {"name": "x"}).text == (
        "changed x\n"
    )
