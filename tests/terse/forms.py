# tests/pint/forms.py on the host firmware built with MicroPython's terse error
# reporting (build/micropython-terse), as small boards build it: the same
# checks, the same exception types, and a driver whose method has neither of
# its forms is told only "bad form of <method>".
exec(open(__file__.rsplit("/", 2)[0] + "/pint/forms.py").read())
