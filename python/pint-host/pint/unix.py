"""What only the host firmware (MicroPython's unix port with PINT) runs: the
start-up that registers the driver PINT_NIC names, and the modem drivers
(ESP-AT, SIMCom) over a serial line of the operating system.

    PINT_NIC=espat PINT_ESPAT=/dev/ttyUSB0 build/micropython program.py
    pint.unix.espat("/dev/ttyUSB0")     # the same, in a program
    PINT_NIC=simcom PINT_SIMCOM=/dev/ttyUSB2 PINT_SIMCOM_APN=internet build/micropython program.py
    PINT_NIC=sim7000 ...                 # the same, for a SIM7000
"""

import errno

from network import PINT


def start(spec):
    """Register the driver spec names and return the network.PINT: "name"
    for a driver of the pint packages ("espat": espat() below; "host",
    "loopback": pint.<name>.register(); "simcom", "sim7000": simcom()), or
    "module:factory" for any other, where factory() returns a driver (or
    the network.PINT it registered); module may be the path of a .py file,
    whose directory is then importable. The host firmware calls it with
    PINT_NIC at start-up."""
    if spec == "espat":
        return espat()
    if spec == "simcom" or spec == "sim7000":
        return simcom(sim7000=spec == "sim7000")
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
    from pint.espat import ESPAT

    nic = PINT(ESPAT(_serial("PINT_ESPAT", device, baudrate)))
    ssid = os.getenv("PINT_ESPAT_SSID")
    if ssid:
        nic.connect(ssid, os.getenv("PINT_ESPAT_KEY"))
    return nic


def simcom(device=None, baudrate=None, sim7000=False):
    """Register a SIMCom driver on the host firmware (pint.simcom's SIMCom;
    with sim7000, pint.sim7000's SIM7000), over the serial line PINT_SIMCOM
    names (as PINT_ESPAT for espat()), at PINT_SIMCOM_BAUD (115200), opening
    the data link on PINT_SIMCOM_APN if set. PINT_NIC=simcom (sim7000)
    calls it at start-up. Returns the network.PINT."""
    import os

    if sim7000:
        from pint.sim7000 import SIM7000 as SIMCom
    else:
        from pint.simcom import SIMCom

    nic = PINT(SIMCom(_serial("PINT_SIMCOM", device, baudrate)))
    apn = os.getenv("PINT_SIMCOM_APN")
    if apn:
        nic.connect(apn)
    return nic


def _serial(name, device, baudrate):
    # The serial line the variable name names (device paths, comma-separated:
    # the first one no other process holds), at name_BAUD (115200).
    import os
    from _pintserial import Serial

    device = device or os.getenv(name)
    if not device:
        raise OSError(errno.ENODEV)
    baudrate = baudrate or int(os.getenv(name + "_BAUD") or 115200)
    for path in device.split(","):
        try:
            return Serial(path, baudrate, exclusive=True)
        except OSError as e:
            last = e
    raise last
