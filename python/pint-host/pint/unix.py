"""What only the host firmware (MicroPython's unix port with PINT) runs: the
start-up that registers the driver PINT_NIC names, and the ESP-AT driver
over a serial line of the operating system.

    PINT_NIC=espat PINT_ESPAT=/dev/ttyUSB0 build/micropython program.py
    pint.unix.espat("/dev/ttyUSB0")     # the same, in a program
"""

import errno

from network import PINT


def start(spec):
    """Register the driver spec names and return the network.PINT: "name"
    for a driver of the pint packages ("espat": espat() below; "host",
    "loopback": pint.<name>.register()), or
    "module:factory" for any other, where factory() returns a driver (or
    the network.PINT it registered); module may be the path of a .py file,
    whose directory is then importable. The host firmware calls it with
    PINT_NIC at start-up."""
    if spec == "espat":
        return espat()
    if ":" not in spec:
        module = __import__("pint." + spec, None, None, ("register",))
        return module.register()
    name, factory = spec.rsplit(":", 1)
    mounted = False
    if name.endswith(".py"):
        import sys
        import vfs

        slash = name.rfind("/")
        sys.path.insert(0, name[:slash] if slash > 0 else "/" if slash == 0 else ".")
        name = name[slash + 1 : -3]
        try:
            # At start-up the host's filesystem is not mounted yet: mount it
            # for the import (the firmware mounts it for good right after).
            vfs.mount(vfs.VfsPosix(), "/")
            mounted = True
        except OSError:
            pass
    try:
        module = __import__(name, None, None, (factory,))
    finally:
        if mounted:
            vfs.umount("/")
    made = getattr(module, factory)()
    return made if isinstance(made, PINT) else PINT(made)


def espat(device=None, baudrate=None):
    """Register an ESPAT driver on the host firmware, over the serial line
    PINT_ESPAT names (a device path; several, comma-separated: the first one
    no other process holds), at PINT_ESPAT_BAUD (115200), joining
    PINT_ESPAT_SSID with PINT_ESPAT_KEY if set. PINT_NIC=espat calls it at
    start-up. Returns the network.PINT."""
    import os
    from _pintserial import Serial
    from pint.espat import ESPAT

    device = device or os.getenv("PINT_ESPAT")
    if not device:
        raise OSError(errno.ENODEV)
    baudrate = baudrate or int(os.getenv("PINT_ESPAT_BAUD") or 115200)
    uart = None
    for path in device.split(","):
        try:
            uart = Serial(path, baudrate, exclusive=True)
            break
        except OSError as e:
            last = e
    if uart is None:
        raise last
    nic = PINT(ESPAT(uart))
    ssid = os.getenv("PINT_ESPAT_SSID")
    if ssid:
        nic.connect(ssid, os.getenv("PINT_ESPAT_KEY"))
    return nic
