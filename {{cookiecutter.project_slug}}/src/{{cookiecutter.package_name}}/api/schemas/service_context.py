"""Schemas of the maintenance admin route and of the 503 a maintenance window answers."""

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields, validate

from ...domain.models.maintenance import MAX_REASON_LENGTH

MODES = ("off", "read-only", "full")
OPENING_MODES = ("read-only", "full")
OWNERS = ("operator", "migration")


class JsonBoolean(fields.Boolean):
    """A boolean that loads only JSON true or false.

    fields.Boolean also loads 0, 1, "true", "yes"... and truthy={True}, falsy={False} does not
    help: 1 == True and 0 == False, so 1 and 0 are in those sets. OpenAPI documents it as boolean.
    """

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class ServiceContextSchema(Schema):
    """The maintenance window every instance obeys."""

    maintenance = fields.Boolean(
        required=True, metadata={"description": "True while a window is open"}
    )
    mode = fields.String(
        required=True,
        metadata={
            "enum": list(MODES),
            "description": "off; read-only (reads served, writes refused); full (all refused)",
        },
    )
    reason = fields.String(allow_none=True, metadata={"description": "Why, for operators"})
    expected_end = fields.AwareDateTime(
        allow_none=True, metadata={"description": "When the window should close"}
    )
    opened_at = fields.AwareDateTime(allow_none=True)
    opened_by = fields.String(allow_none=True, metadata={"enum": list(OWNERS)})


class ServiceContextPatchSchema(Schema):
    """Open a window ({"maintenance": true, "mode": ...}) or close it ({"maintenance": false})."""

    maintenance = JsonBoolean(required=True)
    mode = fields.String(
        load_default="full",
        validate=validate.OneOf(OPENING_MODES),
        metadata={"description": "The mode of the window to open (ignored when closing)"},
    )
    reason = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=MAX_REASON_LENGTH)
    )
    expected_end = fields.AwareDateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Sets Retry-After of the 503s until then"},
    )


class MaintenanceUnavailableSchema(Schema):
    """What a request refused by a maintenance window gets, with Retry-After."""

    message = fields.String(
        required=True, metadata={"example": "Service is currently enduring maintenance"}
    )
    mode = fields.String(required=True, metadata={"enum": list(MODES)})
    expected_end = fields.AwareDateTime(allow_none=True)
    retry_after = fields.Integer(
        required=True, metadata={"description": "Seconds to wait, as in Retry-After"}
    )
    request_id = fields.String(metadata={"description": "Quote it when reporting a problem"})
