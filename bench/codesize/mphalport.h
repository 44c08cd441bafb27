// The HAL of the bench/codesize port: declarations only, like a board's
// mphalport.h; pins are numbers and each pin operation is a call.
#include "py/obj.h"

#define mp_hal_pin_obj_t uint32_t
mp_hal_pin_obj_t mp_hal_get_pin_obj(mp_obj_t pin_in);
void mp_hal_pin_output(mp_hal_pin_obj_t pin);
void mp_hal_pin_write(mp_hal_pin_obj_t pin, int v);
int mp_hal_pin_read(mp_hal_pin_obj_t pin);
#define mp_hal_pin_low(pin) mp_hal_pin_write((pin), 0)
#define mp_hal_pin_high(pin) mp_hal_pin_write((pin), 1)

mp_obj_base_t *mp_hal_get_spi_obj(mp_obj_t spi_in);

enum {
    MP_HAL_MAC_WLAN0 = 0,
    MP_HAL_MAC_BDADDR,
    MP_HAL_MAC_ETH0,
};
void mp_hal_get_mac(int idx, uint8_t buf[6]);
