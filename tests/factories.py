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
