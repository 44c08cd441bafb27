# tests/pint/forms.py on the host firmware built with MicroPython's terse error
# reporting (build/micropython-terse), as small boards build it: the same
# checks, the same exception types, and PINT's errors about what a driver
# returned say only "bad value from <method>" (a driver's forms are still
# explained in full).
exec(open(__file__.rsplit("/", 2)[0] + "/pint/forms.py").read())
