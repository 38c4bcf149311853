"""Guards shared by the models of this addon (docs/architecture.md, "Integrity"): decisions and links between
companies are written by their own actions, under a scoped sudo after their own checks, never from the
values (or the ``default_*`` context keys) that a user sends."""

from odoo.exceptions import AccessError


def fields_of_create(env, vals):
    """The fields a create would set from the user's input: its values and the context's defaults."""
    return set(vals) | {key[len("default_") :] for key in env.context if key.startswith("default_")}


def check_not_typed(env, fields_written, guarded, message):
    """Refuse (AccessError, ``message``) when a user, not the code under sudo, sets a guarded field."""
    if not env.su and guarded.intersection(fields_written):
        raise AccessError(message)


class _Trusted:
    """A context value that only server code can set: JSON-RPC sends JSON, never this object."""

    __slots__ = ()

    def __repr__(self):
        return "<Oui Ensemble trusted flow>"


TRUSTED = _Trusted()


def trusted(env):
    """True when the running code was marked by one of the flows that own a state change."""
    return env.context.get("oe_trusted") is TRUSTED
