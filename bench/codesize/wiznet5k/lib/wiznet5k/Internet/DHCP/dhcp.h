// Stand-in for WIZnet ioLibrary's Internet/DHCP/dhcp.h (see
// ../../Ethernet/wizchip_conf.h).
#ifndef _DHCP_H_
#define _DHCP_H_

#include <stdint.h>

enum {
    DHCP_FAILED = 0,
    DHCP_RUNNING,
    DHCP_IP_ASSIGN,
    DHCP_IP_CHANGED,
    DHCP_IP_LEASED,
    DHCP_STOPPED
};

void DHCP_init(uint8_t s, uint8_t *buf);
uint8_t DHCP_run(void);
void reg_dhcp_cbfunc(void (*ip_assign)(void), void (*ip_update)(void), void (*ip_conflict)(void));
void getIPfromDHCP(uint8_t *ip);
void getGWfromDHCP(uint8_t *ip);
void getSNfromDHCP(uint8_t *ip);
void getDNSfromDHCP(uint8_t *ip);

#endif // _DHCP_H_
