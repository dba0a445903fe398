import factory

from cchc.accounts.models import User
from cchc.orgs.models import Membership, OrgUnit, Role
from cchc.orgs.scope import DEFAULT_SCOPES


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = "other"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def person(username: str, **kwargs) -> User:
    user: User = UserFactory(username=username, **kwargs)  # type: ignore[assignment]
    return user


def member(user: User, unit: OrgUnit, role: str, **kwargs) -> User:
    data_scope, view_scope = DEFAULT_SCOPES[Role(role)]
    kwargs.setdefault("data_scope", data_scope)
    kwargs.setdefault("view_scope", view_scope)
    Membership.objects.create(user=user, unit=unit, role=role, **kwargs)
    if role == "admin":
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
