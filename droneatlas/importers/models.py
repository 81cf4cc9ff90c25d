"""Weapon model names in event data -> the atlas's drone ids.

The drone rows written for imported data carry only facts the imported dataset itself
states (the model's name); ranges stay empty, so no ring is drawn until a curated row with
cited ranges exists. Curated rows already in the target directory are never overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DroneModel:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    origin: str = ""
    role: str = ""


# The atlas rule (data/README.md): "Shahed-136/131" and a bare "Shahed" map to shahed-136.
DRONES: dict[str, DroneModel] = {
    m.id: m
    for m in (
        DroneModel(
            "shahed-136", "Shahed-136", ("Geran-2", "Shahed-136/131", "Shahed"), "Iran", "one-way attack"
        ),
        DroneModel("shahed-131", "Shahed-131", ("Geran-1",), "Iran", "one-way attack"),
        DroneModel("mohajer-6", "Mohajer-6", (), "Iran", "reconnaissance and strike"),
        DroneModel("lancet", "ZALA Lancet", ("Lancet", "Lancet-3"), "Russia", "loitering munition"),
        DroneModel("orlan-10", "Orlan-10", (), "Russia", "reconnaissance"),
        DroneModel("orlan-30", "Orlan-30", (), "Russia", "reconnaissance"),
        DroneModel("zala", "ZALA", (), "Russia", "reconnaissance"),
        DroneModel("supercam", "Supercam", (), "Russia", "reconnaissance"),
        DroneModel("merlin-vr", "Merlin-VR", (), "Russia", "reconnaissance"),
        DroneModel("orion", "Orion", ("Inokhodets",), "Russia", "reconnaissance and strike"),
        DroneModel("eleron", "Eleron", (), "Russia", "reconnaissance"),
        DroneModel("forpost", "Forpost", (), "Russia", "reconnaissance"),
        DroneModel("granat-4", "Granat-4", (), "Russia", "reconnaissance"),
        DroneModel("kub", "KUB", ("Kub", "KUB-BLA"), "Russia", "loitering munition"),
        DroneModel("molniya", "Molniya", ("Молнія", "Молния"), "Russia", "one-way attack"),
    )
}

# Names that stand for "a drone of unknown model": accepted with an empty drone_id.
GENERIC_DRONE_NAMES = frozenset({"unknown uav", "reconnaissance uav", "uav", "drone", "unknown drone"})

# Names of missiles, bombs and other non-drone weapons as they occur in the event data.
_NOT_DRONE = re.compile(
    r"missile|bomb|\bgbu\b|iskander|kalibr|kinzhal|zircon|oniks|banderol|kn-23|"
    r"^[xхc]-\d|^kh-\d|^s-[34]00|^с-[34]00",
    re.IGNORECASE,
)

_BY_NAME: dict[str, str] = {}
for _m in DRONES.values():
    for _n in (_m.id, _m.name, *_m.aliases):
        _BY_NAME[_n.casefold()] = _m.id


def drone_id_for(name: str) -> str | None:
    """The drone id of one model name; "" for a generic drone; None when not a known drone."""
    key = name.strip().casefold()
    if key in GENERIC_DRONE_NAMES:
        return ""
    return _BY_NAME.get(key)


def is_not_drone(name: str) -> bool:
    """True for a missile, bomb or air-defence missile name."""
    return bool(_NOT_DRONE.search(name.strip()))


# Drone words in free text (ACLED notes, UCDP headlines): what makes an event a drone event.
DRONE_WORDS = re.compile(
    r"\b(drones?|uavs?|unmanned aerial|shahed|geran|lancet|loitering|kamikaze|quadcopters?|fpv|"
    r"mohajer|orlan)\b",
    re.IGNORECASE,
)
_TEXT_MODELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(shahed-?131|geran-?1)\b", re.IGNORECASE), "shahed-131"),
    (re.compile(r"\b(shahed(-?136)?|geran(-?2)?)\b", re.IGNORECASE), "shahed-136"),
    (re.compile(r"\blancet\b", re.IGNORECASE), "lancet"),
    (re.compile(r"\bmohajer", re.IGNORECASE), "mohajer-6"),
)


def drone_in_text(text: str) -> str:
    """The one drone model a text names, or "" when it names none or several."""
    found = set()
    for pattern, drone in _TEXT_MODELS:
        if pattern.search(text):
            found.add(drone)
            if drone == "shahed-131":
                # "Shahed-131" also matches the bare-Shahed pattern; the specific name wins.
                break
    return found.pop() if len(found) == 1 else ""
