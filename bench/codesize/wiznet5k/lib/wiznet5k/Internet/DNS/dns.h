// Stand-in for WIZnet ioLibrary's Internet/DNS/dns.h (see
// ../../Ethernet/wizchip_conf.h).
#ifndef _DNS_H_
#define _DNS_H_

#include <stdint.h>

#define MAX_DNS_BUF_SIZE 256

void DNS_init(uint8_t s, uint8_t *buf);
int8_t DNS_run(uint8_t *dns_ip, uint8_t *name, uint8_t *ip_from_dns);

#endif // _DNS_H_
