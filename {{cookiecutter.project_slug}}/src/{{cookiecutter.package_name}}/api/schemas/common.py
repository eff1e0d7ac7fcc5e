"""Schemas shared by every controller: the one error shape and the health answers."""

from marshmallow import Schema, fields


class ErrorSchema(Schema):
    """Every error the service answers has this shape."""

    message = fields.String(
        required=True, metadata={"description": "What went wrong, for a person"}
    )
    request_id = fields.String(metadata={"description": "Quote it when reporting a problem"})
    errors = fields.Dict(
        keys=fields.String(),
        metadata={"description": "Per-location field errors, when the request did not validate"},
    )


class LivenessSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ok"})


class ReadinessSchema(Schema):
    status = fields.String(required=True, metadata={"example": "ready"})
    checks = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"example": {"database": "ok"}, "description": "ok or unavailable"},
    )
    reasons = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "Why each unavailable dependency is not ready"},
    )
