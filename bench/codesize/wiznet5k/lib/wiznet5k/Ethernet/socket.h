// Stand-in for WIZnet ioLibrary's Ethernet/socket.h (see wizchip_conf.h).
#ifndef _WIZCHIP_SOCKET_H_
#define _WIZCHIP_SOCKET_H_

#include "wizchip_conf.h"

#define SOCK_IO_BLOCK 0
#define SOCK_IO_NONBLOCK 1

int8_t WIZCHIP_EXPORT(socket)(uint8_t sn, uint8_t protocol, uint16_t port, uint8_t flag);
int8_t WIZCHIP_EXPORT(close)(uint8_t sn);
int8_t WIZCHIP_EXPORT(listen)(uint8_t sn);
int8_t WIZCHIP_EXPORT(connect)(uint8_t sn, uint8_t *addr, uint16_t port);
int32_t WIZCHIP_EXPORT(send)(uint8_t sn, uint8_t *buf, uint16_t len);
int32_t WIZCHIP_EXPORT(recv)(uint8_t sn, uint8_t *buf, uint16_t len);
int32_t WIZCHIP_EXPORT(sendto)(uint8_t sn, uint8_t *buf, uint16_t len, uint8_t *addr, uint16_t port);
int32_t WIZCHIP_EXPORT(recvfrom)(uint8_t sn, uint8_t *buf, uint16_t len, uint8_t *addr, uint16_t *port);

#endif // _WIZCHIP_SOCKET_H_
