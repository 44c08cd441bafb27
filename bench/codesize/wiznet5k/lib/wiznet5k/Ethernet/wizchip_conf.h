// Stand-in for WIZnet ioLibrary's Ethernet/wizchip_conf.h (lib/wiznet5k, a
// git submodule that Debian's MicroPython source package leaves out), used
// only when MICROPY_DIR has no lib/wiznet5k. It declares, as the library
// does (W5500 build), just what extmod/network_wiznet5k.c uses without lwIP.
// Declarations and register macros only, so network_wiznet5k.c should
// compile to the same code as with the real headers (not checked against
// them: they are not in this tree).
#ifndef _WIZCHIP_CONF_H_
#define _WIZCHIP_CONF_H_

#include <stdint.h>

#define W5100 5100
#define W5100S 5100 + 5
#define W5200 5200
#define W5500 5500
#if _WIZCHIP_ != W5500
#error "these stand-in headers describe the W5500 only"
#endif

#if WIZCHIP_PREFIXED_EXPORTS
#define WIZCHIP_EXPORT(name) wizchip_ ## name
#else
#define WIZCHIP_EXPORT(name) name
#endif

#ifdef WIZCHIP_YIELD
extern void WIZCHIP_YIELD(void);
#endif

#define _WIZCHIP_IO_BASE_ 0x00000000
#define _WIZCHIP_SOCK_NUM_ 8

#include "W5500/w5500.h"

typedef enum {
    CW_RESET_WIZCHIP, CW_INIT_WIZCHIP, CW_GET_INTERRUPT, CW_CLR_INTERRUPT,
    CW_SET_INTRMASK, CW_GET_INTRMASK, CW_SET_INTRTIME, CW_GET_INTRTIME,
    CW_GET_ID, CW_RESET_PHY, CW_SET_PHYCONF, CW_GET_PHYCONF,
    CW_GET_PHYSTATUS, CW_SET_PHYPOWMODE, CW_GET_PHYPOWMODE, CW_GET_PHYLINK
} ctlwizchip_type;

typedef enum {
    CN_SET_NETINFO, CN_GET_NETINFO, CN_SET_NETMODE, CN_GET_NETMODE,
    CN_SET_TIMEOUT, CN_GET_TIMEOUT,
} ctlnetwork_type;

#define PHY_LINK_OFF 0
#define PHY_LINK_ON 1

typedef enum {
    NETINFO_STATIC = 1,
    NETINFO_DHCP
} dhcp_mode;

typedef struct wiz_NetInfo_t {
    uint8_t mac[6];
    uint8_t ip[4];
    uint8_t sn[4];
    uint8_t gw[4];
    uint8_t dns[4];
    dhcp_mode dhcp;
} wiz_NetInfo;

void reg_wizchip_cris_cbfunc(void (*cris_en)(void), void (*cris_ex)(void));
void reg_wizchip_cs_cbfunc(void (*cs_sel)(void), void (*cs_desel)(void));
void reg_wizchip_spi_cbfunc(uint8_t (*spi_rb)(void), void (*spi_wb)(uint8_t wb));
void reg_wizchip_spiburst_cbfunc(void (*spi_rb)(uint8_t *pBuf, uint16_t len),
    void (*spi_wb)(const uint8_t *pBuf, uint16_t len));
int8_t ctlwizchip(ctlwizchip_type cwtype, void *arg);
int8_t ctlnetwork(ctlnetwork_type cntype, void *arg);
void wizchip_sw_reset(void);
int8_t wizphy_getphylink(void);

#endif // _WIZCHIP_CONF_H_
