"""The front-matter schema as the validator uses it."""

from kb.content import schema


def test_inline_definitions_copies_local_definitions_in_place():
    raw = {
        "$defs": {"date": {"type": "string", "format": "date"}},
        "properties": {
            "published": {"$ref": "#/$defs/date", "title": "Published"},
            "clash": {"$ref": "#/$defs/date", "type": "integer"},
            "items": {"type": "array", "items": {"$ref": "#/$defs/date"}},
        },
    }
    inlined = schema.inline_definitions(raw)
    assert inlined["properties"]["published"] == {"type": "string", "format": "date", "title": "Published"}
    assert inlined["properties"]["clash"] == {
        "$ref": "#/$defs/date",
        "type": "integer",
    }  # siblings would overwrite: kept as a reference
    assert inlined["properties"]["items"]["items"] == {"type": "string", "format": "date"}
    assert raw["properties"]["published"] == {"$ref": "#/$defs/date", "title": "Published"}  # the input is not changed
