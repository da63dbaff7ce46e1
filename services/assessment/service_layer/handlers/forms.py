"""Forms: upload an XLSForm as a new immutable version."""

from __future__ import annotations

from dataclasses import dataclass

from services.assessment.domain.form_commands import UploadForm
from services.assessment.domain.form_errors import FormVersionConflictError
from services.assessment.domain.forms import FormDefinition
from services.assessment.domain.xlsform import read_xlsform
from services.assessment.service_layer.unit_of_work import AssessmentUnitOfWork


@dataclass(frozen=True)
class Uploaded:
    definition: FormDefinition
    created: bool  # False: the same version with the same content was stored already


async def upload_form(cmd: UploadForm, uow: AssessmentUnitOfWork) -> Uploaded:
    definition = read_xlsform(cmd.workbook)
    await uow.forms.lock(definition.form_id)
    stored = await uow.forms.get(definition.form_id, definition.version)
    if stored is not None:
        if stored.digest() != definition.digest():
            raise FormVersionConflictError(field="version", form_id=definition.form_id,
                                           version=definition.version)  # fmt: skip
        return Uploaded(stored, created=False)
    await uow.forms.add(definition, cmd.workbook, cmd.uploaded_by)
    await uow.commit()
    return Uploaded(definition, created=True)
