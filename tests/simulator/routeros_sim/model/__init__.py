"""The router model behind the simulator: menus, versions, containers, catalog, defaults."""
