/*
 * mbedTLS configuration of the PINT host firmware, when it builds
 * MicroPython's own mbedTLS (lib/mbedtls; mpconfigvariant.mk): the unix
 * port's configuration, and the peer's certificate kept after the handshake,
 * which SSLSocket.getpeercert() needs. MicroPython's configuration leaves it
 * out; the system mbedTLS that Debian's tree links keeps it by default.
 *
 * SPDX-License-Identifier: MIT
 */
#include "mbedtls/mbedtls_config_port.h"

#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
