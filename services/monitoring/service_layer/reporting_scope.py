"""What an association may report: measurements of the KPIs of initiatives it leads or partners
in, for the centres it serves (its own centre and ``centres_served`` from the registry's events).
Staff, admins and services (the portal, the ministry adapters) report for any KPI and centre."""

from __future__ import annotations

from services.monitoring.service_layer.unit_of_work import MonitoringUnitOfWork
from shared.errors import ForbiddenError


class MeasurementOutOfScopeError(ForbiddenError):
    code = "measurement_out_of_scope"
    message_ar = "لا يمكن لجمعيتك الإبلاغ عن هذا المؤشر أو هذا المركز"
    message_en = "Your association cannot report this KPI or this centre"


async def check_association_scope(
    association_id: str, kpi_code: str, centre: str | None, uow: MonitoringUnitOfWork
) -> None:
    if not await uow.framework.in_initiative_of(kpi_code, association_id):
        raise MeasurementOutOfScopeError(
            "The KPI belongs to no initiative your association leads or partners in",
            "المؤشر لا يتبع أي مبادرة تقودها جمعيتك أو تشارك فيها",
            field="kpi_code",
        )
    served = await uow.associations.centres_of(association_id) or set()
    if centre is None or centre not in served:
        raise MeasurementOutOfScopeError(
            "Your association reports only for the centres it serves",
            "تبلغ جمعيتك فقط عن المراكز التي تخدمها",
            field="centre",
        )
