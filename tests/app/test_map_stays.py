"""The mounted map stays: a control that changes only the updates keeps it (no remount,
never moved); a control that needs a new map opens it where the last one was."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.test_app import run_app


def mounted(app: AppTest) -> tuple[str, dict]:
    """The map component's identity (a new one is a new frame: a remount) and its arguments."""
    [component] = [el for el in app.get("component_instance") if "st_folium" in el.proto.component_name]
    return component.proto.id, json.loads(component.proto.json_args)


def test_controls_that_change_only_the_updates_keep_the_mounted_map(monkeypatch) -> None:
    app = run_app(monkeypatch)
    identity, first = mounted(app)
    drones = app.sidebar.multiselect(key="ring_drones")
    changes = {
        "a layer switched off": lambda: app.sidebar.pills(key="layers").set_value(["sites", "rings"]),
        "the ring drones": lambda: drones.set_value(drones.value[:1]),
        "the window": lambda: app.button[1].click(),  # October 2022
        "a free ring": lambda: app.sidebar.number_input(key="free_radius_km").set_value(300),
        "the within-reach ring": lambda: app.sidebar.toggle(key="reach_highlight").set_value(True),
        # Last: AppTest re-sends the reach radio's old label, which names the old unit.
        "the units": lambda: app.sidebar.radio(key="unit").set_value("mi"),
    }
    sent = set()
    for change, act in changes.items():
        act().run()
        assert not app.exception, change
        now, args = mounted(app)
        assert now == identity, f"{change} remounted the map"
        changed = {name for name in args if args[name] != first[name]}
        assert changed <= {"feature_group"}, f"{change} changed the map's {changed}"
        assert args["center"] is None and args["zoom"] is None  # the mounted map is never moved
        sent.add(args["feature_group"])
    assert len(sent) == len(changes)  # each change did reach the map, as an update


def test_a_new_map_opens_where_the_last_one_was(monkeypatch) -> None:
    app = run_app(monkeypatch)
    identity, _ = mounted(app)
    # Where the user took the map: it writes its centre and zoom into the address (no rerun).
    app.query_params.update({"lat": "50.4501", "lon": "30.5234", "zoom": "8"})
    app.sidebar.toggle(key="measuring").set_value(True).run()  # a map of its own: clicks return
    now, args = mounted(app)
    assert now != identity
    assert args["center"] == [50.4501, 30.5234] and args["zoom"] == 8
    app.sidebar.radio(key="unit").set_value("mi").run()
    assert mounted(app)[0] == now and mounted(app)[1]["center"] is None  # then left alone
