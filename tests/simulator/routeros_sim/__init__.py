"""A RouterOS API simulator: many simulated routers in one process, each on its own TCP port.

The wire side (protocol, session, query, server, fleet, control API, CLI) lives in this
package's top-level modules; the router model behind it is `routeros_sim.router`.
"""
