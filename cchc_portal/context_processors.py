from agencies.rules import Action, can, can_any


def navigation(request) -> dict:
    """What the menu offers follows the person's role (agencies.rules)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "agencies": can_any(user, Action.VIEW_OWN) or can_any(user, Action.VIEW_SHARED),
            "periods": True,
            "dossiers": can_any(user, Action.VIEW_OWN) or can_any(user, Action.VIEW_SHARED),
            "meetings": True,
            "indices": can_any(user, Action.VIEW_SHARED),
            "manage_periods": can(user, Action.PERIOD_MANAGE),
            "system": can(user, Action.ADMIN_MANAGE) or can(user, Action.PERIOD_MANAGE),
            "admin": can(user, Action.ADMIN_MANAGE),
        }
    }
