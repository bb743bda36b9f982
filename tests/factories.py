import factory
from factory.django import DjangoModelFactory

from agencies.models import Agency, AgencyKind, Role, User


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"A{n:04d}")
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = AgencyKind.DEPARTMENT
    contact_emails = factory.LazyAttribute(lambda o: f"{o.code.lower()}@example.gov.vn")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    role = Role.STAFF
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FieldFactory(DjangoModelFactory):
    class Meta:
        model = "dossiers.Field"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n:03d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực thử {n}")
    sort_order = factory.Sequence(lambda n: n)


def link_fields(agency, *fields):
    from dossiers.models import AgencyField

    for field in fields:
        AgencyField.objects.get_or_create(agency=agency, field=field)


def open_period(code: str, by=None):
    """A quarter open for entry, as the standing office leaves it."""
    from django.utils import timezone

    from periods.models import ReportingPeriod

    by = by or UserFactory(role=Role.SECRETARIAT)
    row, _ = ReportingPeriod.objects.update_or_create(
        code=code,
        defaults={"status": "open", "opened_at": timezone.now(), "opened_by": by, "closed_at": None, "closed_by": None},
    )
    return row
