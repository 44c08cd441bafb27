// Port-level modmachine.h, which the NINA-W10 and WIZnet NICs include.
#include "extmod/modmachine.h"
