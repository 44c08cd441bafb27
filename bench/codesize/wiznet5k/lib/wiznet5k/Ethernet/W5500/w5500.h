// Stand-in for WIZnet ioLibrary's Ethernet/W5500/w5500.h: the registers and
// accessors extmod/network_wiznet5k.c uses, defined as the library defines
// them (see ../wizchip_conf.h).
#ifndef _W5500_H_
#define _W5500_H_

#include <stdint.h>

#define _W5500_IO_BASE_ 0x00000000
#define WIZCHIP_CREG_BLOCK 0x00
#define WIZCHIP_SREG_BLOCK(N) (1 + 4 * N)
#define WIZCHIP_OFFSET_INC(ADDR, N) (ADDR + (N << 8))

#define SHAR (_W5500_IO_BASE_ + (0x0009 << 8) + (WIZCHIP_CREG_BLOCK << 3))
#define Sn_SR(N) (_W5500_IO_BASE_ + (0x0003 << 8) + (WIZCHIP_SREG_BLOCK(N) << 3))
#define Sn_PORT(N) (_W5500_IO_BASE_ + (0x0004 << 8) + (WIZCHIP_SREG_BLOCK(N) << 3))
#define Sn_DIPR(N) (_W5500_IO_BASE_ + (0x000C << 8) + (WIZCHIP_SREG_BLOCK(N) << 3))

#define Sn_MR_TCP 0x01
#define Sn_MR_UDP 0x02
#define SOCK_CLOSED 0x00
#define SOCK_ESTABLISHED 0x17
#define SOCK_CLOSE_WAIT 0x1C

uint8_t WIZCHIP_READ(uint32_t AddrSel);
void WIZCHIP_WRITE(uint32_t AddrSel, uint8_t wb);
void WIZCHIP_READ_BUF(uint32_t AddrSel, uint8_t *pBuf, uint16_t len);
void WIZCHIP_WRITE_BUF(uint32_t AddrSel, uint8_t *pBuf, uint16_t len);
uint16_t getSn_TX_FSR(uint8_t sn);
uint16_t getSn_RX_RSR(uint8_t sn);

#define getSHAR(shar) WIZCHIP_READ_BUF(SHAR, shar, 6)
#define setSHAR(shar) WIZCHIP_WRITE_BUF(SHAR, shar, 6)
#define getSn_SR(sn) WIZCHIP_READ(Sn_SR(sn))
#define getSn_PORT(sn) \
    (((uint16_t)WIZCHIP_READ(Sn_PORT(sn)) << 8) + WIZCHIP_READ(WIZCHIP_OFFSET_INC(Sn_PORT(sn), 1)))
#define getSn_DIPR(sn, dipr) WIZCHIP_READ_BUF(Sn_DIPR(sn), dipr, 4)

#endif // _W5500_H_
