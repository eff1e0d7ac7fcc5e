"""Schemas of the connected-developers answers, shaped as the original challenge's contract."""

from marshmallow import Schema, fields


class ConnectedSchema(Schema):
    """They are connected; the organisations they share, by login, sorted."""

    connected = fields.Boolean(required=True, metadata={"example": True})
    organisations = fields.List(
        fields.String(), required=True, metadata={"example": ["org1", "org2"]}
    )


class NotConnectedSchema(Schema):
    """Both exist on both networks but are not connected."""

    connected = fields.Boolean(required=True, metadata={"example": False})


class UnknownDevelopersSchema(Schema):
    """One entry per failed look-up: first developer's GitHub, Twitter, then the second's."""

    errors = fields.List(
        fields.String(),
        required=True,
        metadata={
            "example": [
                "dev1 is not a valid user in github",
                "dev1 is not a valid user in twitter",
                "dev2 is not a valid user in twitter",
            ]
        },
    )


class RegisteredCheckSchema(Schema):
    """One earlier realtime check; organisations appear only on connected entries."""

    registered_at = fields.DateTime(
        required=True, metadata={"description": "When the check was made, ISO-8601 in UTC"}
    )
    connected = fields.Boolean(required=True)
    organisations = fields.List(fields.String(), metadata={"description": "Only when connected"})
