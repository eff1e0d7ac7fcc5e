"""The six cat natures by name, shared by the benchmark's scripts (no third-party imports)."""

NATURES = (
    "LEADER_OF_THE_GANG",
    "NINJA_INVESTIGATOR",
    "PARTY_GOING",
    "LONE_TIGER",
    "COMFORT_CONNAISSEUR",
    "BUSY_GOSSIP",
)
